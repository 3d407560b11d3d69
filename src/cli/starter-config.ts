/**
 * What `--print-config` prints: an eslint.config.js that lints what the zero-config CLI lints, to
 * save and extend. Once it exists the CLI runs ESLint with it, so the two cannot disagree.
 */
export const STARTER_CONFIG = `// eslint.config.js: written by \`eslint-plugin-migrations --print-config\`.
// Needs: npm install --save-dev eslint eslint-plugin-migrations
import migrations from "eslint-plugin-migrations";

export default [
  // What the command skips without a config: build output, virtual environments, hidden folders.
  { ignores: ["**/dist/", "**/venv/", "**/__pycache__/", "**/site-packages/", "**/.*/"] },

  // Alembic versions, SQL migration folders and JS/TS migration folders, with migrations/idempotent-ddl.
  ...migrations.configs.recommended,

  // Migrations somewhere else: give them the language of their kind and the rule.
  // {
  //   files: ["db/revisions/**/*.py"],
  //   plugins: { migrations },
  //   language: "migrations/python", // or "migrations/sql" for .sql files
  //   rules: { "migrations/idempotent-ddl": "error" },
  // },
];
`;
