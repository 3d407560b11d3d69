// The README's dialect config, run as written through ESLint's own CLI on the built plugin.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { BUILT_PLUGIN, ESLINT_BIN, readmeConfig, REPO, type LintResult } from "../support/eslint-cli.js";

it("the README's dialect config: MySQL for one folder's SQL, SQLite for Python migrations", () => {
  const project = fs.mkdtempSync(path.join(tmpdir(), "dialects-config-"));
  try {
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(project, "node_modules"), "dir");
    fs.mkdirSync(path.join(project, ".git"));
    const config = readmeConfig("test/integration/dialects-config.test.ts", "dialects").replace('from "eslint-plugin-migrations"', `from ${JSON.stringify(BUILT_PLUGIN)}`);
    fs.writeFileSync(path.join(project, "eslint.config.js"), config);
    fs.writeFileSync(path.join(project, "package.json"), '{ "type": "module" }\n');
    fs.mkdirSync(path.join(project, "migrations/mysql"), { recursive: true });
    fs.mkdirSync(path.join(project, "migrations/versions"), { recursive: true });
    fs.writeFileSync(path.join(project, "migrations/mysql/0001_init.sql"), "CREATE INDEX `ix_a` ON `apps` (`a`);\nDROP TABLE `old`;\n");
    fs.writeFileSync(
      path.join(project, "migrations/versions/0001_init.py"),
      'from alembic import op\n\n\ndef upgrade():\n    op.execute("CREATE INDEX ix_b ON apps (b)")\n',
    );
    const run = spawnSync(process.execPath, [ESLINT_BIN, "--format", "json", "migrations"], { cwd: project, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const results = (JSON.parse(run.stdout) as LintResult[]).map((result) => ({
      file: path.relative(project, result.filePath),
      messages: result.messages.map((message) => [message.line, message.column, message.message, message.fix?.text ?? null]),
    }));
    expect(results).toEqual([
      {
        file: "migrations/mysql/0001_init.sql",
        messages: [
          [1, 1, expect.stringMatching(/^CREATE INDEX ix_a is not retry-safe \(the retry fails with 'Duplicate key name 'ix_a''\) and MySQL 8\.0 has no option to guard it\./u), null],
          [2, 1, expect.stringContaining("the retry fails with 'Unknown table 'old''"), "IF EXISTS "],
        ],
      },
      {
        file: "migrations/versions/0001_init.py",
        // SQLite's own words: the file's dialect came from the settings.
        messages: [[5, 17, expect.stringContaining("the retry fails with 'index ix_b already exists'"), "IF NOT EXISTS "]],
      },
    ]);
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});
