#!/usr/bin/env node
// The package's command (`eslint-plugin-migrations`, alias `migrations-lint`); the code lives in
// src/cli/ and runs from its build, which the package ships and `npm install` of a clone makes.
import process from "node:process";

let cli;
try {
  cli = await import("../dist/src/cli/main.js");
} catch (error) {
  if (error?.code !== "ERR_MODULE_NOT_FOUND" || !String(error.message).includes("dist/src/cli/main.js")) throw error;
  process.stderr.write("eslint-plugin-migrations: dist/ is missing; run `npm run build` in the package first\n");
  process.exit(2);
}
process.exitCode = await cli.main(process.argv.slice(2));
