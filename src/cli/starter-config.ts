import path from "node:path";
import type { FileList, FoundSource } from "./files.js";

const LANGUAGE_OF_EXTENSION: Record<string, "python" | "sql" | "js"> = {
  ".py": "python",
  ".sql": "sql",
  ".js": "js",
  ".cjs": "js",
  ".mjs": "js",
  ".ts": "js",
  ".cts": "js",
  ".mts": "js",
};

/**
 * What `--print-config` prints: an eslint.config.js that lints what the zero-config CLI lints here,
 * to save and extend: the recommended configs, plus a block per language for the folders that
 * discovery found outside their globs. Once it exists the CLI runs ESLint with it, so the two agree.
 */
export function starterConfig(list: Pick<FileList, "files" | "named" | "sources">, cwd: string): string {
  const globs = { python: new Set<string>(), sql: new Set<string>(), js: new Set<string>() };
  for (const file of list.named.keys()) {
    const language = LANGUAGE_OF_EXTENSION[path.extname(file)];
    const source = list.sources.find((candidate) => isInside(file, candidate));
    if (language === undefined || source === undefined) continue;
    const folder = path.relative(cwd, source.folder).split(path.sep).join("/");
    // The folder's files of that language: what discovery lints there, and new ones as they are added.
    const deep = path.relative(source.folder, file).includes(path.sep);
    globs[language].add(`${folder === "" ? "" : `${folder}/`}${deep ? "**/" : ""}*${path.extname(file)}`);
  }
  const blocks = [
    block(globs.python, `language: "migrations/python",`),
    block(globs.sql, `language: "migrations/sql",`),
    block(globs.js, `languageOptions: { parser: tseslint.parser },`),
  ].filter((text) => text !== "");
  const needsParser = globs.js.size > 0;
  return `// eslint.config.js: written by \`eslint-plugin-migrations --print-config\`.
// Needs: npm install --save-dev eslint eslint-plugin-migrations${needsParser ? " typescript-eslint" : ""}
import migrations from "eslint-plugin-migrations";${needsParser ? '\nimport tseslint from "typescript-eslint";' : ""}

export default [
  // What the command skips without a config: build output, virtual environments, hidden folders.
  { ignores: ["**/dist/", "**/venv/", "**/__pycache__/", "**/site-packages/", "**/.*/"] },

  // Alembic versions, SQL migration folders and JS/TS migration folders, with migrations/idempotent-ddl.
  ...migrations.configs.recommended,
${blocks.length > 0 ? `\n  // Found here by discovery (\`eslint-plugin-migrations --list-sources\` says what pointed at each).\n${blocks.join("")}` : `
  // Migrations somewhere else: give them the language of their kind and the rule.
  // {
  //   files: ["db/revisions/**/*.py"],
  //   plugins: { migrations },
  //   language: "migrations/python", // or "migrations/sql" for .sql files
  //   rules: { "migrations/idempotent-ddl": "error" },
  // },
`}];
`;
}

function block(globs: ReadonlySet<string>, language: string): string {
  if (globs.size === 0) return "";
  const files = [...globs].sort().map((glob) => JSON.stringify(glob)).join(", ");
  return `  {
    files: [${files}],
    plugins: { migrations },
    ${language}
    rules: { "migrations/idempotent-ddl": "error" },
  },
`;
}

function isInside(file: string, source: FoundSource): boolean {
  const relative = path.relative(source.folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
