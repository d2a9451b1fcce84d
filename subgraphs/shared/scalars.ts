import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

/** Parses `YYYY-MM-DD`, refusing impossible dates such as 2023-02-30. */
export function parseDate(value: unknown): string {
  if (typeof value !== 'string') throw badInput(`Date must be a string "YYYY-MM-DD", got ${typeof value}`);
  const match = datePattern.exec(value);
  const [year, month, day] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (!match || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw badInput(`Date must be a real calendar date "YYYY-MM-DD", got "${value.slice(0, 40)}"`);
  }
  return value;
}

function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    throw badInput(
      `DateTime must be ISO 8601 with a time zone, e.g. "2023-10-18T18:30:00Z", got ${String((JSON.stringify(value) as string | undefined)?.slice(0, 40))}`,
    );
  }
  // Its day must be a real calendar day, as Date's: 2023-02-30 would otherwise roll over to 2 March.
  try {
    parseDate(value.slice(0, 10));
  } catch {
    throw badInput(`DateTime must be a real calendar date and time, got "${value.slice(0, 40)}"`);
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw badInput(`DateTime is not a real instant: "${value.slice(0, 40)}"`);
  return date;
}

const literal = (node: ValueNode): unknown => (node.kind === Kind.STRING ? node.value : undefined);

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10)),
  parseValue: parseDate,
  parseLiteral: (node) => parseDate(literal(node)),
});

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  // SQLite hands back 'YYYY-MM-DD HH:MM:SS.SSS' in UTC, MySQL a Date: both become ISO 8601.
  serialize: (value) => {
    if (value instanceof Date) return value.toISOString();
    const text = String(value).replace(' ', 'T');
    return new Date(/(Z|[+-]\d{2}:\d{2})$/.test(text) ? text : `${text}Z`).toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(literal(node)),
});
