/**
 * How a migration tool reads a `.sql` file. Tools split files on their own markers before the
 * database sees any SQL (drizzle on `--> statement-breakpoint`, goose and dbmate on marker comments),
 * so the file is analysed the way the tool will send it, not as one script.
 */
import type { Range } from "../../sql/types.js";

export type SqlFramework = "drizzle" | "dbmate" | "goose" | "golang-migrate" | "prisma" | "flyway" | "plain";

export interface SqlConventions {
  framework: SqlFramework;
  /**
   * Whether the tool runs the file in a transaction it opens itself, so that a failure part way rolls
   * back what the file already did. PostgreSQL may still run a multi-statement query in an implicit
   * transaction; that depends on the driver, not on the file, and is not counted here.
   */
  transactional: boolean;
}

export interface SectionLayout {
  direction: "up" | "down";
  transaction: boolean;
  /** From the section's marker (or the start of the file) to its last non-blank character. */
  range: Range;
}

export interface SqlLayout {
  /**
   * Pieces of the text that the tool sends to the database separately; each is analysed on its own.
   * Every piece but the first starts with the tool's marker comment, never with a statement.
   */
  units: Range[];
  sections: SectionLayout[];
}

const DRIZZLE_BREAKPOINT = "--> statement-breakpoint";
// Both tools only honour markers at the very start of a line: goose rejects an indented annotation.
const GOOSE_ANNOTATION = /(?<![^\r\n])--[ \t]*\+goose[ \t]+([^\r\n]*)/gu;
const DBMATE_MARKER = /(?<![^\r\n])--[ \t]*migrate:(up|down)(?!\S)([^\r\n]*)/gu;
const DBMATE_NO_TRANSACTION = /(?<!\S)transaction:false(?!\S)/u;

const GOLANG_MIGRATE_FILE = /^\d+_.*\.(up|down)\.sql$/u;
const PRISMA_FILE = /(?:^|\/)migrations\/[^/]+\/migration\.sql$/u;
const FLYWAY_FILE = /^(?:[VU]\d+(?:[._]\d+)*__.+|R__.+)\.sql$/u;
/** drizzle-kit's default output: `drizzle/0000_<adjective>_<name>.sql`. */
const DRIZZLE_FILE = /(?:^|\/)drizzle\/(?:[^/]+\/)*\d{4}_[^/]+\.sql$/u;

interface GooseAnnotation {
  /** Lower case, as goose compares annotations case-insensitively. */
  command: string;
  lineStart: number;
}

interface DbmateMarker {
  direction: "up" | "down";
  transaction: boolean;
  lineStart: number;
}

export function detectConventions(path: string, text: string): SqlConventions {
  const goose = gooseAnnotations(text);
  if (goose.some(({ command }) => command === "up" || command === "down")) {
    return { framework: "goose", transactional: !goose.some(({ command }) => command === "no transaction") };
  }
  const dbmate = dbmateMarkers(text);
  if (dbmate.length > 0) {
    return { framework: "dbmate", transactional: dbmate.every(({ transaction }) => transaction) };
  }
  if (text.includes(DRIZZLE_BREAKPOINT)) {
    return { framework: "drizzle", transactional: true };
  }
  const normalizedPath = path.replaceAll("\\", "/");
  // golang-migrate (since v3) and Prisma run the file as it is; the author writes BEGIN/COMMIT if wanted.
  if (GOLANG_MIGRATE_FILE.test(fileNameOf(normalizedPath))) {
    return { framework: "golang-migrate", transactional: false };
  }
  if (PRISMA_FILE.test(normalizedPath)) {
    return { framework: "prisma", transactional: false };
  }
  // Flyway runs each PostgreSQL migration in its own transaction unless configured otherwise.
  if (FLYWAY_FILE.test(fileNameOf(normalizedPath))) {
    return { framework: "flyway", transactional: true };
  }
  // drizzle's migrator applies all pending migrations in one transaction.
  if (DRIZZLE_FILE.test(normalizedPath)) {
    return { framework: "drizzle", transactional: true };
  }
  return { framework: "plain", transactional: false };
}

export function readLayout(path: string, text: string, conventions: SqlConventions): SqlLayout {
  switch (conventions.framework) {
    case "goose":
      return gooseLayout(text, conventions.transactional);
    case "dbmate":
      return dbmateLayout(text);
    case "drizzle":
      return { units: split(text, breakpoints(text)), sections: [] };
    case "golang-migrate": {
      const direction = GOLANG_MIGRATE_FILE.exec(fileNameOf(path.replaceAll("\\", "/")))?.[1];
      return {
        units: split(text, []),
        sections: [
          { direction: direction === "down" ? "down" : "up", transaction: conventions.transactional, range: [0, trimEnd(text, 0, text.length)] },
        ],
      };
    }
    case "prisma":
    case "flyway":
    case "plain":
      return { units: split(text, []), sections: [] };
  }
}

function gooseLayout(text: string, transactional: boolean): SqlLayout {
  const cuts: number[] = [];
  const starts: { direction: "up" | "down"; start: number }[] = [];
  for (const { command, lineStart } of gooseAnnotations(text)) {
    switch (command) {
      case "up":
      case "down":
        cuts.push(lineStart);
        starts.push({ direction: command, start: lineStart });
        break;
      // goose sends a StatementBegin … StatementEnd block as one query, so it is analysed on its own.
      case "statementbegin":
      case "statementend":
        cuts.push(lineStart);
        break;
      default:
        break;
    }
  }
  return { units: split(text, cuts), sections: sectionsFrom(text, starts.map((start) => ({ ...start, transaction: transactional }))) };
}

function dbmateLayout(text: string): SqlLayout {
  const markers = dbmateMarkers(text);
  return {
    units: split(text, markers.map(({ lineStart }) => lineStart)),
    sections: sectionsFrom(
      text,
      markers.map(({ direction, transaction, lineStart }) => ({ direction, transaction, start: lineStart })),
    ),
  };
}

/** Each section runs from its marker to the next one, without the blank lines before that. */
function sectionsFrom(
  text: string,
  starts: { direction: "up" | "down"; transaction: boolean; start: number }[],
): SectionLayout[] {
  return starts.map(({ direction, transaction, start }, index) => ({
    direction,
    transaction,
    range: [start, trimEnd(text, start, starts[index + 1]?.start ?? text.length)],
  }));
}

// Both regular expressions try every position of the text; most files hold neither marker at all.
function gooseAnnotations(text: string): GooseAnnotation[] {
  if (!text.includes("+goose")) return [];
  return [...text.matchAll(GOOSE_ANNOTATION)].map((match) => ({
    command: (match[1] ?? "").trim().toLowerCase(),
    lineStart: match.index,
  }));
}

function dbmateMarkers(text: string): DbmateMarker[] {
  if (!text.includes("migrate:")) return [];
  return [...text.matchAll(DBMATE_MARKER)].map((match) => ({
    direction: match[1] === "down" ? "down" : "up",
    transaction: !DBMATE_NO_TRANSACTION.test(match[2] ?? ""),
    lineStart: match.index,
  }));
}

/** drizzle splits on the marker wherever it is, even mid-line, so the file is cut the same way. */
function breakpoints(text: string): number[] {
  const found: number[] = [];
  for (let index = text.indexOf(DRIZZLE_BREAKPOINT); index !== -1; index = text.indexOf(DRIZZLE_BREAKPOINT, index + 1)) {
    found.push(index);
  }
  return found;
}

/** The non-empty pieces of `text` between the cut offsets. */
function split(text: string, cuts: number[]): Range[] {
  const bounds = [...new Set([0, ...cuts, text.length])].sort((a, b) => a - b);
  const units: Range[] = [];
  for (let index = 1; index < bounds.length; index++) {
    const start = bounds[index - 1] as number;
    const end = bounds[index] as number;
    if (end > start) {
      units.push([start, end]);
    }
  }
  return units;
}

function fileNameOf(normalizedPath: string): string {
  return normalizedPath.slice(normalizedPath.lastIndexOf("/") + 1);
}

function trimEnd(text: string, start: number, end: number): number {
  let trimmed = end;
  while (trimmed > start && /\s/u.test(text.charAt(trimmed - 1))) {
    trimmed--;
  }
  return trimmed;
}
