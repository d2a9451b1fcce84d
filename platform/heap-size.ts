/**
 * Sizes as V8 keeps them, for caches bounded by bytes rather than by entries: a string's characters
 * take one byte each when all are Latin-1 and two otherwise; an lru-cache entry adds its own slots.
 */

/** Bytes V8 keeps for a string's characters. */
export function v8StringBytes(text: string): number {
  // A UTF-16 code unit above Latin-1 makes V8 store the string two bytes a character.
  return /[\u0100-\uffff]/.test(text) ? 2 * text.length : text.length;
}

/** What lru-cache keeps per entry besides the key and value (its maps, arrays and TTL slots), rounded up. */
export const lruEntryBytes = 200;

/** An LRU entry holding these strings (key and value, or the strings of a small object). */
export function lruStringsBytes(...texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + v8StringBytes(text), lruEntryBytes);
}
