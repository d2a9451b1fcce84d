import { GraphQLError } from 'graphql';
import { sectorCodes } from './entities/index.js';
import type { Period } from './loaders.js';

/** The most items a `first` argument may ask for. */
export const MAX_FIRST = 100;

export function badInput(message: string, argumentName: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', argumentName } });
}

/** Checks a `from`/`to` pair (the Date scalar has already refused impossible dates). */
export function period(field: string, args: { from?: string | null; to?: string | null }): Period {
  const from = args.from ?? null;
  const to = args.to ?? null;
  if (from && to && from > to) throw badInput(`${field}: "from" (${from}) is after "to" (${to})`, 'from');
  return { from, to };
}

export function first(field: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > MAX_FIRST) {
    throw badInput(`${field}: "first" must be between 0 and ${MAX_FIRST}, got ${value}`, 'first');
  }
  return value;
}

/** A sector used as a filter must be one of the plan's sectors. */
export function sectorFilter(field: string, code: string): string {
  if (!(sectorCodes as readonly string[]).includes(code)) {
    throw badInput(`${field}: "sector" must be one of ${sectorCodes.join(', ')}, got "${code.slice(0, 40)}"`, 'sector');
  }
  return code;
}
