import { GraphQLError } from 'graphql';

/** The plan's sector codes (owned by plan, shared contract): unknown codes used as filters are refused. */
export const sectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq', 'forceval'] as const;

/** The most rounds one sector may list at once. */
export const MAX_FIRST = 500;

export function badInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

export interface DateRange {
  readonly from: string | null;
  readonly to: string | null;
}

/** Checks that `from` is not after `to` (the Date scalar has already refused impossible dates). */
export function dateRange(field: string, args: { from?: string | null; to?: string | null }): DateRange {
  const range = { from: args.from ?? null, to: args.to ?? null };
  if (range.from && range.to && range.from > range.to) {
    throw badInput(`${field}: "from" (${range.from}) is after "to" (${range.to})`, 'from');
  }
  return range;
}

/** Checks a sector code used as a filter; null or undefined means every sector. */
export function sectorFilter(field: string, sector: string | null | undefined): string | null {
  if (sector === null || sector === undefined) return null;
  if (!(sectorCodes as readonly string[]).includes(sector)) {
    throw badInput(`${field}: "sector" is not a known sector code: "${sector.slice(0, 40)}" (known: ${sectorCodes.join(', ')})`, 'sector');
  }
  return sector;
}

export function firstCount(field: string, first: number): number {
  if (first < 0 || first > MAX_FIRST) {
    throw badInput(`${field}: "first" must be between 0 and ${MAX_FIRST}, got ${first}`, 'first');
  }
  return first;
}
