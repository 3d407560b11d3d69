/**
 * libpg-query reports positions in two units that differ from JavaScript string indexes: statement,
 * node and token positions are UTF-8 byte offsets, and error cursors count code points (PostgreSQL
 * converts its error position to characters before reporting it). These helpers turn both into
 * UTF-16 indexes of the text that was given to libpg-query.
 */

/** Converts UTF-8 byte offsets of `text` to string indexes. */
export type ByteToIndex = (byteOffset: number) => number;

/** The converter of a pure-ASCII text, where bytes and string indexes coincide; callers may skip work when they get it. */
export const asciiOffsets: ByteToIndex = (byteOffset) => byteOffset;

/** True when every character is ASCII, where bytes, code points and UTF-16 units coincide. */
function isAscii(text: string): boolean {
  return Buffer.byteLength(text, "utf8") === text.length;
}

/**
 * A converter for one text, built once so that converting every token is a table lookup. Offsets
 * that fall inside a multi-byte character (libpg-query never reports those) map to that character.
 */
export function byteToIndex(text: string): ByteToIndex {
  if (isAscii(text)) return asciiOffsets;
  const table = new Uint32Array(Buffer.byteLength(text, "utf8") + 1);
  let byte = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    let width: number;
    if (unit < 0x80) width = 1;
    else if (unit < 0x800) width = 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1))) {
      // The pair is one 4-byte character; its low surrogate has no byte offset of its own.
      table.fill(index, byte, byte + 4);
      byte += 4;
      index++;
      continue;
    } else width = 3;
    table.fill(index, byte, byte + width);
    byte += width;
  }
  table[byte] = text.length;
  return (byteOffset) => table[byteOffset] ?? text.length;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** The string index of the `codePoint`-th code point of `text` (clamped to its length). */
export function codePointToIndex(text: string, codePoint: number): number {
  let index = 0;
  for (let remaining = codePoint; remaining > 0 && index < text.length; remaining--) {
    const unit = text.charCodeAt(index);
    index += unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(text.charCodeAt(index + 1)) ? 2 : 1;
  }
  return index;
}
