import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The package's own package.json, read at run time so that `meta.version` cannot drift from the
 * published version. Found by walking up because the module runs from `src/` in tests and from
 * `dist/src/` when installed.
 */
function readPackageJson(): { name: string; version: string } {
  let directory = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(directory, "package.json");
    if (existsSync(candidate)) {
      const parsed = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (parsed.name === "eslint-plugin-migrations" && parsed.version) {
        return { name: parsed.name, version: parsed.version };
      }
    }
    const parent = path.dirname(directory);
    if (parent === directory) {
      throw new Error("eslint-plugin-migrations: cannot find its own package.json");
    }
    directory = parent;
  }
}

const packageJson = readPackageJson();

export const PLUGIN_NAME = packageJson.name;
export const PLUGIN_VERSION = packageJson.version;
