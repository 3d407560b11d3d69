import fs from "node:fs";
import path from "node:path";

/** Each folder's entry names, lower-cased, listed once per process. */
const listings = new Map<string, ReadonlySet<string>>();

const NOTHING: ReadonlySet<string> = new Set();

function listing(folder: string): ReadonlySet<string> {
  let names = listings.get(folder);
  if (names === undefined) {
    names = NOTHING;
    try {
      names = new Set(fs.readdirSync(folder).map((name) => name.toLowerCase()));
    } catch {
      // Missing, not a folder, or unreadable: as for a stat, nothing in it exists.
    }
    listings.set(folder, names);
  }
  return names;
}

/**
 * Whether `relative` (`alembic.ini`, `config/config.json`) may exist in `folder`: false when the
 * folder's listing lacks its first segment (compared case-insensitively, as some file systems do).
 * A lint run asks for a few dozen framework config names in the folder of every migration, and
 * Prisma and Flyway keep each migration in a folder of its own, where a stat per name was most of
 * a small file's lint time: one listing answers them all. Like the facts read from those files, a
 * listing is read once per process.
 */
export function mayExist(folder: string, relative: string): boolean {
  const slash = relative.indexOf("/");
  return listing(folder).has((slash === -1 ? relative : relative.slice(0, slash)).toLowerCase());
}

/** `fs.existsSync(file)`, with the stat only for a name its folder's listing holds. */
export function existsInListing(file: string): boolean {
  return mayExist(path.dirname(file), path.basename(file)) && fs.existsSync(file);
}
