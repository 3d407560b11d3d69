import { DIALECTS, isDialect, type Dialect } from "../dialects.js";
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A command line the CLI cannot run: reported in one line, exit code 2. */
export class UsageError extends Error {}

export type Concurrency = number | "auto" | "off";

export interface CliOptions {
  paths: string[];
  fix: boolean;
  format: string;
  outputFile: string | undefined;
  /** -1: no limit, as in ESLint. */
  maxWarnings: number;
  quiet: boolean;
  color: boolean | undefined;
  concurrency: Concurrency;
  errorOnUnmatchedPattern: boolean;
  /** The database every linted migration runs on; unset, each file's is read from the project. */
  dialect: Dialect | undefined;
  /** `--since <ref>`: lint only the migrations added or changed since that git ref. */
  since: string | undefined;
  /** The folder of ESLint's result cache, relative to the working directory; `null` with `--no-cache`, `undefined` for the default. */
  cacheLocation: string | null | undefined;
}

/** Names are ESLint's own, so a command line works unchanged with `eslint` once a config exists. */
const OPTIONS = {
  config: { type: "string", short: "c" },
  "no-config-lookup": { type: "boolean" },
  fix: { type: "boolean" },
  format: { type: "string", short: "f" },
  "output-file": { type: "string", short: "o" },
  "max-warnings": { type: "string" },
  quiet: { type: "boolean" },
  color: { type: "boolean" },
  "no-color": { type: "boolean" },
  concurrency: { type: "string" },
  "no-error-on-unmatched-pattern": { type: "boolean" },
  dialect: { type: "string" },
  since: { type: "string" },
  "no-cache": { type: "boolean" },
  "cache-location": { type: "string" },
  "print-config": { type: "boolean" },
  "list-sources": { type: "boolean" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} satisfies ParseArgsConfig["options"];

/** The flags that choose what the CLI does, read before knowing whether ESLint's own CLI will get the rest. */
export interface Mode {
  help: boolean;
  version: boolean;
  printConfig: boolean;
  listSources: boolean;
  since: boolean;
  config: string | undefined;
  configLookup: boolean;
}

/**
 * Reads only the flags that choose the mode. The rest may be ESLint options this CLI does not
 * implement (`--rule`, `--cache`, …), which are fine when ESLint's CLI runs with a project config.
 */
export function readMode(argv: readonly string[]): Mode {
  const { values } = parseArgs({ args: [...argv], options: OPTIONS, strict: false, allowPositionals: true });
  const config = values.config;
  return {
    help: values.help === true,
    version: values.version === true,
    printConfig: values["print-config"] === true,
    listSources: values["list-sources"] === true,
    since: values.since !== undefined,
    config: typeof config === "string" ? config : undefined,
    configLookup: values["no-config-lookup"] !== true,
  };
}

/** Parses a command line for the zero-config mode, where only the options above exist. */
export function parseOptions(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(`${message}\nWithout an eslint.config.* file this command takes only the options in --help; ESLint's other options need a config.`);
  }
  const { values, positionals } = parsed;
  return {
    paths: positionals.length > 0 ? positionals : ["."],
    fix: values.fix === true,
    format: values.format ?? "stylish",
    outputFile: values["output-file"],
    maxWarnings: maxWarnings(values["max-warnings"]),
    quiet: values.quiet === true,
    color: values["no-color"] === true ? false : values.color === true ? true : undefined,
    concurrency: concurrency(values.concurrency),
    errorOnUnmatchedPattern: values["no-error-on-unmatched-pattern"] !== true,
    dialect: dialect(values.dialect),
    since: values.since,
    cacheLocation: values["no-cache"] === true ? null : values["cache-location"],
  };
}

function dialect(value: string | undefined): Dialect | undefined {
  if (value === undefined) return undefined;
  if (!isDialect(value)) {
    throw new UsageError(`--dialect needs one of ${DIALECTS.join(", ")}, not ${JSON.stringify(value)}`);
  }
  return value;
}

function maxWarnings(value: string | undefined): number {
  if (value === undefined) return -1;
  const number = Number(value);
  if (value.trim() === "" || !Number.isInteger(number)) {
    throw new UsageError(`--max-warnings needs an integer, not ${JSON.stringify(value)}`);
  }
  return number;
}

function concurrency(value: string | undefined): Concurrency {
  if (value === undefined || value === "auto") return "auto";
  if (value === "off") return "off";
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new UsageError(`--concurrency needs a positive integer, "auto" or "off", not ${JSON.stringify(value)}`);
  }
  return number;
}

export const HELP = `eslint-plugin-migrations [options] [file|dir ...]

Lints database migrations with eslint-plugin-migrations' recommended configs: Alembic versions
(**/alembic/versions/**/*.py, **/migration{s,}/versions/**/*.py), SQL migration folders
(**/migrations/**/*.sql, **/migration/**/*.sql, **/drizzle/**/*.sql) and JS/TS migration folders
(**/migrations/**/*.{js,ts,…}, **/migration/**/*.{js,ts,…}). With no path it lints ".". A file named
on the command line is linted even outside those folders, as a migration of its language.

It also lints the folders the project's own framework configs name (alembic.ini, knexfile,
.sequelizerc, TypeORM data sources, drizzle.config, Prisma, Flyway, …; read, never run), Alembic
revisions and JS/TS migrations (up/down, migration classes) found by their content in folders whose
name says migration, and SQL files named by golang-migrate's or Flyway's convention.
JS/TS files in a migrations folder that do not look like migrations (no up/down, no migration
class) are left alone.

When an eslint.config.* file exists in the current directory or above, up to the repository root
(the nearest folder with .git), and lints the migrations found with this plugin, ESLint's own CLI
runs with it instead, with every ESLint option available. A config that lints none of them (a
frontend's, at a monorepo's root) is left aside, and stderr says so.

Options:
  --fix                           Fix problems in place
  -f, --format <name>             ESLint formatter: a built-in name (stylish, json, …), an
                                  eslint-formatter-* package, or a path (default: stylish)
  -o, --output-file <path>        Write the report to a file
  --max-warnings <n>              Exit with 1 when there are more than n warnings
  --quiet                         Report errors only
  --color, --no-color             Force or forbid colors in the report
  --concurrency <n|auto|off>      Lint on n threads; auto uses one per CPU core for large trees
  --no-error-on-unmatched-pattern Exit with 0 when a path holds no migrations
  --no-cache                      Lint every file again instead of reusing the results of files
                                  unchanged since the last run
  --cache-location <dir>          Keep those results in this folder (default:
                                  node_modules/.cache/eslint-plugin-migrations if node_modules
                                  exists, else ~/.cache/eslint-plugin-migrations/<hash>; none
                                  when CI is set)
  --dialect <name>                The database of every migration: postgresql, mysql, mariadb,
                                  sqlite or cockroachdb (default: read from the project per file)
  --since <git ref>               Lint only the migrations added or changed since that ref
                                  (committed, staged or not; new files too)
  -c, --config <path>             Run ESLint's CLI with this config file
  --no-config-lookup              Ignore eslint.config.* files and use the recommended configs
  --print-config                  Print a starter eslint.config.js that lints what this command
                                  lints here, including the folders discovery found
  --list-sources                  List the migration folders found, what pointed at each (a
                                  framework config, the recommended globs, the files' content)
                                  and how many files each holds; lint nothing
  -h, --help                      Show this help
  -v, --version                   Show the plugin's and ESLint's versions

Exit codes: 0 no problems, 1 errors (or more warnings than --max-warnings), 2 a usage, config or
internal error.
`;
