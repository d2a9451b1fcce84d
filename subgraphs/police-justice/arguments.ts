import { GraphQLError } from 'graphql';
import { sectorCodes } from './entities/index.js';

/** A period of whole days, both ends inclusive; null is open. */
export interface DateRange {
  readonly from: string | null;
  readonly to: string | null;
}

export function badInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

/** Checks `from` ≤ `to` (the Date scalar has already refused impossible dates). */
export function dateRange(field: string, args: { from?: string | null; to?: string | null }): DateRange {
  const range = { from: args.from ?? null, to: args.to ?? null };
  if (range.from !== null && range.to !== null && range.from > range.to) {
    throw badInput(`${field}: "from" (${range.from}) is after "to" (${range.to})`, 'from');
  }
  return range;
}

/** A sector code used as a filter must be one of the plan's sectors, or the answer would be silently empty. */
export function knownSector(field: string, code: string): string {
  if (!(sectorCodes as readonly string[]).includes(code)) {
    throw badInput(`${field}: "sector" is not a sector of the plan: "${code.slice(0, 40)}" (known: ${sectorCodes.join(', ')})`, 'sector');
  }
  return code;
}

export function nonNegative(field: string, argumentName: string, value: number): number {
  if (value < 0) throw badInput(`${field}: "${argumentName}" must be 0 or more, got ${value}`, argumentName);
  return value;
}
