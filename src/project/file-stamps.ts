import fs from "node:fs";

/**
 * What a cached answer about the project was read from: each file's modification time and size
 * (`null` when it did not exist). ESLint lives for hours inside editors, so a cache entry holds
 * only while its files' stamps do.
 */
export type Stamps = Map<string, string | null>;

export function stampOf(file: string): string | null {
  try {
    const stats = fs.statSync(file);
    return `${String(stats.mtimeMs)}:${String(stats.size)}`;
  } catch {
    return null;
  }
}

export function stampsHold(stamps: Stamps): boolean {
  for (const [file, stamp] of stamps) {
    if (stampOf(file) !== stamp) return false;
  }
  return true;
}
