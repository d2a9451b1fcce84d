/**
 * Bounds on the shape of a JSON text, checked on its bytes before `JSON.parse` builds anything:
 * a megabyte of `[[[[…` or of `[0,0,0,…` costs JSON.parse, then graphql-js's coercion, then every
 * walker of the variables, work and memory out of proportion to its size (and a recursive walker,
 * such as JSON.stringify, a stack overflow). One pass, no recursion, about 2 ms a megabyte.
 */
export interface JsonShapeLimits {
  /** Containers nested in one another (`{"v":[1]}` is 2). */
  readonly maxDepth: number;
  /** Items of one array. */
  readonly maxListLength: number;
  /** Values in all (every scalar, array and object counts one). */
  readonly maxValues: number;
}

export type JsonShapeLimit = keyof JsonShapeLimits;

export interface JsonShapeViolation {
  readonly limit: JsonShapeLimit;
  readonly maximum: number;
}

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

const isWhitespace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * The first limit the JSON text exceeds, or null. The text need not be valid JSON: what is not is
 * refused by the parser afterwards, which this scan never replaces. Counts are of values as a
 * parser would see them: a value starts at a container's opening, a string's quote (not a key's),
 * or the first byte of a number or literal.
 */
export function exceededJsonShape(text: Uint8Array, limits: JsonShapeLimits): JsonShapeViolation | null {
  // Per open container: whether it is an array, and how many items it has so far.
  const isArray: boolean[] = [];
  const items: number[] = [];
  let values = 0;
  let inString = false;
  let inScalar = false;
  /** In an object, a string before its colon is a key, not a value. */
  let expectingKey = false;
  const startValue = (): JsonShapeViolation | null => {
    values += 1;
    if (values > limits.maxValues) return { limit: 'maxValues', maximum: limits.maxValues };
    const top = items.length - 1;
    if (top >= 0 && isArray[top]) {
      const count = (items[top] ?? 0) + 1;
      items[top] = count;
      if (count > limits.maxListLength) return { limit: 'maxListLength', maximum: limits.maxListLength };
    }
    return null;
  };
  for (let index = 0; index < text.length; index += 1) {
    // Within bounds, so never the 0 (a byte no rule below looks at).
    const byte = text[index] ?? 0;
    if (inString) {
      if (byte === BACKSLASH) index += 1;
      else if (byte === QUOTE) inString = false;
      continue;
    }
    if (inScalar) {
      if (byte !== COMMA && byte !== CLOSE_BRACE && byte !== CLOSE_BRACKET && !isWhitespace(byte)) continue;
      inScalar = false;
    }
    switch (byte) {
      case OPEN_BRACE:
      case OPEN_BRACKET: {
        const violation = startValue();
        if (violation) return violation;
        isArray.push(byte === OPEN_BRACKET);
        items.push(0);
        if (isArray.length > limits.maxDepth) return { limit: 'maxDepth', maximum: limits.maxDepth };
        expectingKey = byte === OPEN_BRACE;
        break;
      }
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        isArray.pop();
        items.pop();
        expectingKey = false;
        break;
      case QUOTE: {
        inString = true;
        if (expectingKey) break;
        const violation = startValue();
        if (violation) return violation;
        break;
      }
      case COMMA:
        expectingKey = isArray.length > 0 && !isArray[isArray.length - 1];
        break;
      case COLON:
        expectingKey = false;
        break;
      default: {
        if (isWhitespace(byte)) break;
        inScalar = true;
        const violation = startValue();
        if (violation) return violation;
      }
    }
  }
  return null;
}
