import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './arguments.js';
import { isSectorCode, sectorCodes, type SectorCode } from './sectors.js';

/**
 * Checks of a mutation's `input` object that GraphQL's types cannot express. Each refusal is
 * BAD_USER_INPUT with `field` (`input.<name>`) and `problem`, and a message naming both, e.g.
 * `input.date: 2031-01-01 is in the future`. Mutations run them all before their transaction, so
 * a refused input writes nothing.
 */

export const inputProblems = [
  'BEFORE_THE_PLAN',
  'IN_THE_FUTURE',
  'OUT_OF_ORDER',
  'UNKNOWN',
  'NEGATIVE',
  'NOT_AN_INTEGER',
  'TOO_LARGE',
  'EMPTY',
  'TOO_LONG',
  'MALFORMED',
] as const;
export type InputProblem = (typeof inputProblems)[number];

/** The first day of the plan's data: nothing earlier may be recorded. */
export const PLAN_FIRST_DAY = '2019-01-01';

/** The plan's days are Paris days. */
const PLAN_TIME_ZONE = 'Europe/Paris';

/** How far ahead of the server's clock an instant may be, so that a client's slightly fast clock is not refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A refused field of `input`. */
export function inputError(name: string, problem: InputProblem, detail: string): GraphQLError {
  const field = `input.${name}`;
  return badInput(`${field}: ${detail}`, 'input', { field, problem });
}

/** A client's value inside a message: quoted, and cut so that a huge value does not make a huge error. */
export const shown = (value: string): string => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

/** The Paris calendar day of an instant, `YYYY-MM-DD`. */
export function parisDay(instant: Date): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: PLAN_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** A day of the plan: not before its first day, not after today (in Paris). `now` is for tests. */
export function planDay(name: string, day: string, now: Date = new Date()): string {
  if (day < PLAN_FIRST_DAY) throw inputError(name, 'BEFORE_THE_PLAN', `${day} is before the plan's first day (${PLAN_FIRST_DAY})`);
  if (day > parisDay(now)) throw inputError(name, 'IN_THE_FUTURE', `${day} is in the future`);
  return day;
}

/**
 * An instant of the plan: on or after its first day (in Paris), and not in the future. Cut to the
 * whole second, as the datetime columns keep it (MySQL would round, SQLite keep milliseconds).
 */
export function planInstant(name: string, instant: Date, now: Date = new Date()): Date {
  if (parisDay(instant) < PLAN_FIRST_DAY) {
    throw inputError(name, 'BEFORE_THE_PLAN', `${instant.toISOString()} is before the plan's first day (${PLAN_FIRST_DAY})`);
  }
  if (instant.getTime() > now.getTime() + CLOCK_SKEW_MS)
    throw inputError(name, 'IN_THE_FUTURE', `${instant.toISOString()} is in the future`);
  return new Date(Math.floor(instant.getTime() / 1000) * 1000);
}

/** An instant that may not come before another one, e.g. an answer before the report it answers. */
export function notBefore(name: string, instant: Date, earliest: Date, earliestName: string): Date {
  if (instant.getTime() < earliest.getTime()) {
    throw inputError(name, 'OUT_OF_ORDER', `${instant.toISOString()} is before ${earliestName} (${earliest.toISOString()})`);
  }
  return instant;
}

/** One of the plan's six sectors. */
export function planSector(name: string, code: string): SectorCode {
  if (!isSectorCode(code))
    throw inputError(name, 'UNKNOWN', `${shown(code)} is not a sector of the plan (known: ${sectorCodes.join(', ')})`);
  return code;
}

/** One of a closed list of codes, e.g. the plan's partners; `what` completes "is not …". */
export function oneOf<T extends string>(name: string, value: string, known: readonly T[], what: string): T {
  if (!(known as readonly string[]).includes(value))
    throw inputError(name, 'UNKNOWN', `${shown(value)} is not ${what} (known: ${known.join(', ')})`);
  return value as T;
}

/** A row the subgraph must already hold, looked up in its own database; `what` completes "is not …". */
export async function existing<T>(name: string, value: string, lookup: Promise<T | null>, what: string): Promise<T> {
  const found = await lookup;
  if (found === null) throw inputError(name, 'UNKNOWN', `${shown(value)} is not ${what}`);
  return found;
}

/** A count: a whole number from 0 to `max`, a bound that no real record reaches. */
export function count(name: string, value: number, max: number): number {
  if (!Number.isInteger(value)) throw inputError(name, 'NOT_AN_INTEGER', `${value} is not a whole number`);
  if (value < 0) throw inputError(name, 'NEGATIVE', `${value} is negative; a count is 0 or more`);
  if (value > max) throw inputError(name, 'TOO_LARGE', `${value} is more than ${max}, the most one record may count`);
  return value;
}

/** Text that displays nothing: whitespace, separators and format characters (U+200B zero-width space, U+2060, U+FEFF…). */
const invisibleOnly = /^[\s\p{Z}\p{Cf}]*$/u;

/** Free text: trimmed, then neither empty nor longer than `maxLength` (the column's width). */
export function text(name: string, value: string, maxLength: number): string {
  const trimmed = value.trim();
  // Zero-width spaces, joiners and other format or separator characters alone show nothing: empty too.
  if (invisibleOnly.test(trimmed)) throw inputError(name, 'EMPTY', 'is empty');
  if (trimmed.length > maxLength) throw inputError(name, 'TOO_LONG', `is ${trimmed.length} characters long; at most ${maxLength}`);
  return trimmed;
}

/** A code with a fixed shape, e.g. a pseudonym; `shape` completes "is not …". */
export function matching(name: string, value: string, pattern: RegExp, shape: string): string {
  if (!pattern.test(value)) throw inputError(name, 'MALFORMED', `${shown(value)} is not ${shape}`);
  return value;
}

/**
 * `Count`: any number at parse time, so that the mutation's own check (`count`) can refuse a
 * fraction or a negative with the field it came in; a string or a boolean is refused here.
 */
export const CountScalar = new GraphQLScalarType<number, number>({
  name: 'Count',
  serialize: (value) => Number(value),
  parseValue: (value) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new GraphQLError(`Count must be a number, got ${String((JSON.stringify(value) as string | undefined)?.slice(0, 40))}`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return value;
  },
  parseLiteral: (node) => {
    if (node.kind !== Kind.INT && node.kind !== Kind.FLOAT) {
      throw new GraphQLError(`Count must be a number, got a ${node.kind}`, { extensions: { code: 'BAD_USER_INPUT' } });
    }
    return Number(node.value);
  },
});
