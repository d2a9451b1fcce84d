import { GraphQLError } from 'graphql';
import type { Identity } from '../../platform/identity.js';
import { isSectorCode, sectorCodes, type SectorCode } from './sectors.js';

/** Checks of resolver arguments that GraphQL's types cannot express; each names the argument at fault. */

/** A period of whole days, both ends inclusive; null is open. */
export interface DateRange {
  readonly from: string | null;
  readonly to: string | null;
}

/** A refused argument: BAD_USER_INPUT, with `argumentName` (and any `more` detail) so that a client knows which one to fix. */
export function badInput(message: string, argumentName: string, more: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName, ...more } });
}

/**
 * Checks `from` ≤ `to` (the Date scalar has already refused impossible dates). `toArgument` is the
 * upper bound's name in the SDL, for the fields that call it something else than `to`.
 */
export function dateRange(field: string, args: { from?: string | null; to?: string | null }, toArgument = 'to'): DateRange {
  const range = { from: args.from ?? null, to: args.to ?? null };
  if (range.from !== null && range.to !== null && range.from > range.to) {
    throw badInput(`${field}: "from" (${range.from}) is after "${toArgument}" (${range.to})`, 'from');
  }
  return range;
}

/** The shortest period a public (anonymous) total over a chosen period covers: no total narrows to a day's rows. */
export const minimumPublicPeriodDays = 28;

/**
 * A period for a published total asked anonymously: both ends given, at least
 * minimumPublicPeriodDays long, or none (every day). Agents' requests keep any period their scopes allow.
 */
export function publicPeriod(field: string, range: DateRange, identity: Identity, toArgument = 'to'): DateRange {
  if (identity.agent !== null || (range.from === null && range.to === null)) return range;
  const days = range.from !== null && range.to !== null ? (Date.parse(range.to) - Date.parse(range.from)) / 86_400_000 + 1 : 0;
  if (days >= minimumPublicPeriodDays) return range;
  throw badInput(
    `${field}: anonymously, a total is given for a period of at least ${minimumPublicPeriodDays} days with both "from" and "${toArgument}", or for every day (neither); ` +
      `${days > 0 ? `this one is ${days} day${days > 1 ? 's' : ''}` : 'one end is missing'}. An agent's token allows shorter periods.`,
    'from',
  );
}

/**
 * An unknown code in an argument that names a sector or a station: the message names the argument,
 * the value (its first 40 characters) and every valid code, so that a dashboard's typo is fixed at once.
 */
export function unknownCode(field: string, argumentName: string, what: string, value: string, validCodes: readonly string[]): GraphQLError {
  return badInput(`${field}: "${argumentName}" is not ${what}: "${value.slice(0, 40)}" (known: ${validCodes.join(', ')})`, argumentName);
}

/**
 * A sector used as a filter must be one of the plan's, or the answer would be silently empty; null means every sector.
 * The partner subgraphs store sector keys, never the plan's table: the codes are the list the plan's seed is checked against.
 */
export function sectorFilter(field: string, sector: string | null | undefined): SectorCode | null {
  if (sector === null || sector === undefined) return null;
  if (!isSectorCode(sector)) throw unknownCode(field, 'sector', 'a sector of the plan', sector, sectorCodes);
  return sector;
}

/** Bounds a `first` argument, so that one request cannot ask for every row. */
export function firstCount(field: string, first: number, max: number): number {
  if (!Number.isInteger(first) || first < 0 || first > max) {
    throw badInput(`${field}: "first" must be between 0 and ${max}, got ${first}`, 'first');
  }
  return first;
}
