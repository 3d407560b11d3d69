import fs from "node:fs";
import path from "node:path";
import { Linter } from "eslint";
import { loadModule } from "libpg-query";
import { beforeAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { REPO } from "../support/eslint-cli.js";
import { seededRandom } from "../support/random.js";

/**
 * Fuzzing: random mutations of the fixtures' migrations (Python, SQL, JS and TS) through the real
 * ESLint with configs.recommended. Whatever the input, linting must not throw, a fatal message must
 * be a parse error with a real position, messages stay short, every fix re-parses, and fixing the
 * fixed text changes nothing (fix∘fix = fix). Seeded and bounded: a failure names its seed and case,
 * and FUZZ_SEED=<n> replays or explores another seed (FUZZ_CASES=<n> runs more cases).
 */

const SEED = Number(process.env["FUZZ_SEED"] ?? 20261206);
const CASES_PER_LANGUAGE = Number(process.env["FUZZ_CASES"] ?? 120);
/** Longer than any message the rules write; a quoted excerpt of the file must not make one longer. */
const LONGEST_MESSAGE = 700;

/** Pieces that open or close something in one of the languages, or that the rule looks for. */
const FRAGMENTS = [
  "'", '"', '"""', "'''", "`", "${", "}", "{", "(", ")", "[", "]", ";", ",", ":", "\\", "\\\n",
  "$$", "$fn$", "/*", "*/", "--", "#", "\n", "\r\n", "\r", "\t", "    ", "\u2028", "\uFEFF", "😀", "é",
  "E'\\'", "%", "%%", "%(table)s", ":name", "?", "??", "\\?", "\\N{BULLET}", "\\x4", "\\u12", "\\0",
  "CREATE INDEX ix_fuzz ON t (c);", "CREATE TABLE t_fuzz (id int);", "DROP TABLE t_fuzz;", "IF NOT EXISTS ",
  "CONCURRENTLY ", "ALTER TABLE t ADD COLUMN c int;", "DO $$ BEGIN CREATE INDEX ix ON t (c); END $$;",
  "\\copy t FROM stdin", "\\.", "-- migrate:down\n", "-- +goose Down\n", "BEGIN;", "COMMIT;",
  'op.create_index("ix_fuzz", "t", ["c"])', 'op.execute("CREATE INDEX ix ON t (c)")', "f'{x}'", "r'\\'", "b'x'",
  "def upgrade():\n    ", "await knex.raw('CREATE INDEX ix ON t (c)');", "pgm.createIndex('t', 'c');", "+", " + ",
  "async up(queryRunner) {", "export", "function", "=>", "/* eslint-disable */", "-- eslint-disable-next-line",
];

interface Fixture {
  file: string;
  text: string;
}

function fixtures(extensions: readonly string[]): Fixture[] {
  const found: Fixture[] = [];
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (extensions.some((extension) => entry.name.endsWith(extension)) && !entry.name.endsWith(".d.ts")) {
        found.push({ file: path.relative(REPO, full).split(path.sep).join("/"), text: fs.readFileSync(full, "utf8") });
      }
    }
  };
  walk(path.join(REPO, "fixtures"));
  return found.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * One or two random edits: insert a fragment, delete, duplicate or move a slice or whole lines, cut
 * the end. Whole lines keep the file parsing more often, so that fixes get exercised too.
 */
function mutate(text: string, random: () => number): string {
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const at = (source: string) => Math.floor(random() * (source.length + 1));
  const lineStart = (source: string, offset: number) => source.lastIndexOf("\n", offset - 1) + 1;
  let result = text;
  const edits = random() < 0.3 ? 2 : 1;
  for (let edit = 0; edit < edits; edit++) {
    let start = at(result);
    let end = Math.min(result.length, start + Math.floor(random() * 40));
    if (random() < 0.5) {
      start = lineStart(result, start);
      const next = result.indexOf("\n", end);
      end = next === -1 ? result.length : next + 1;
    }
    switch (Math.floor(random() * 5)) {
      case 0:
      case 1:
        result = result.slice(0, start) + pick(FRAGMENTS) + result.slice(start);
        break;
      case 2:
        result = result.slice(0, start) + result.slice(end);
        break;
      case 3:
        result = result.slice(0, end) + result.slice(start, end) + result.slice(end);
        break;
      default: {
        const slice = result.slice(start, end);
        const rest = result.slice(0, start) + result.slice(end);
        const to = random() < 0.5 ? lineStart(rest, at(rest)) : at(rest);
        result = random() < 0.1 ? result.slice(0, start) : rest.slice(0, to) + slice + rest.slice(to);
      }
    }
  }
  return result;
}

/** ESLint's own default parser for JavaScript, beside the typescript-eslint parser of configs.recommended. */
const ESPREE_CONFIG: Linter.Config[] = [
  { files: ["**/*.js", "**/*.mjs", "**/*.cjs"], plugins: { migrations: plugin }, rules: { "migrations/idempotent-ddl": "error" } },
];

const linter = new Linter({ configType: "flat" });
const RECOMMENDED = plugin.configs.recommended;

/** What a case came to: a parse error, a text the fixes changed, or neither. */
type Outcome = "parse error" | "fixed" | "unchanged";

function checkCase(config: Linter.Config[], file: string, text: string, replay: string): Outcome {
  let messages: Linter.LintMessage[];
  try {
    messages = linter.verify(text, config, file);
  } catch (error) {
    throw new Error(`${replay}: linting threw ${String(error)}\n--- input ---\n${text}`, { cause: error });
  }
  const lineCount = text.split(/\r\n|[\r\n\u2028\u2029]/u).length;
  for (const message of messages) {
    expect(message.message.length, `${replay}: message too long`).toBeLessThanOrEqual(LONGEST_MESSAGE);
    if (message.fatal) {
      expect(message.ruleId, replay).toBeNull();
      expect(message.message, `${replay}\n--- input ---\n${text}`).toMatch(/^Parsing error: /u);
      expect(message.line, `${replay}: ${message.message}`).toBeGreaterThanOrEqual(1);
      expect(message.line, `${replay}: ${message.message}`).toBeLessThanOrEqual(lineCount);
      expect(message.column, `${replay}: ${message.message}`).toBeGreaterThanOrEqual(1);
    }
  }
  if (messages.some((message) => message.fatal)) {
    return "parse error";
  }
  const once = linter.verifyAndFix(text, config, file).output;
  if (once === text) {
    return "unchanged";
  }
  const afterFix = linter.verify(once, config, file).filter((message) => message.fatal);
  expect(afterFix, `${replay}: the fixed text does not parse\n--- input ---\n${text}\n--- fixed ---\n${once}`).toEqual([]);
  const twice = linter.verifyAndFix(once, config, file).output;
  expect(twice, `${replay}: fixing the fixed text changed it\n--- input ---\n${text}`).toBe(once);
  return "fixed";
}

const LANGUAGES = [
  { name: "Python (Alembic)", extensions: [".py"] },
  { name: "SQL", extensions: [".sql"] },
  { name: "JavaScript and TypeScript", extensions: [".js", ".mjs", ".cjs", ".ts"] },
] as const;

describe("fuzzing the fixtures' migrations through ESLint", () => {
  beforeAll(async () => {
    await loadModule();
  });

  for (const [languageIndex, language] of LANGUAGES.entries()) {
    it(`${language.name}: ${String(CASES_PER_LANGUAGE)} mutated files, seed ${String(SEED)}`, { timeout: 120_000 }, () => {
      // Only the fixtures that configs.recommended lints: the others are not migrations.
      const candidates = fixtures(language.extensions).filter(({ file, text }) =>
        linter.verify(text, RECOMMENDED, file).every((message) => !message.message.startsWith("No matching configuration")),
      );
      expect(candidates.length).toBeGreaterThan(0);
      const random = seededRandom(SEED + languageIndex);
      const outcomes = new Map<Outcome, number>();
      for (let index = 0; index < CASES_PER_LANGUAGE; index++) {
        const fixture = candidates[Math.floor(random() * candidates.length)] as Fixture;
        const text = mutate(fixture.text, random);
        const replay = `FUZZ_SEED=${String(SEED)}, ${language.name} case ${String(index)} (${fixture.file})`;
        const espree = language.name.startsWith("JavaScript") && !fixture.file.endsWith(".ts") && random() < 0.5;
        const outcome = checkCase(espree ? ESPREE_CONFIG : RECOMMENDED, fixture.file, text, replay);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }
      // Mutations that mostly break the parse, or never leave anything to fix, would test nothing.
      expect(outcomes.get("fixed") ?? 0, JSON.stringify([...outcomes])).toBeGreaterThanOrEqual(CASES_PER_LANGUAGE / 10);
    });
  }
});
