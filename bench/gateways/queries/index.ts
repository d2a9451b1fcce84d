import { registeredOperation } from '../../../operations/index.js';

/**
 * The bodies a query is sent with when dashboards vary it: `variables(i)` is the i-th of `pool`
 * distinct sets of variables, in an order that spreads them over the whole range.
 */
export interface VariedVariables {
  readonly pool: number;
  readonly variables: (i: number) => Readonly<Record<string, unknown>>;
}

/** A query a dashboard sends, with the variables the bench sends it with. */
export interface NamedQuery {
  readonly name: string;
  readonly what: string;
  readonly query: string;
  /** The one body of the fixed run. */
  readonly variables: Readonly<Record<string, unknown>>;
  /** The bodies of the varied run: what many dashboards send, which no cache answers twice. */
  readonly varied: VariedVariables;
}

/** The year the communiqué reports on, up to its date: the period dashboards.test.ts reads too. */
const yearToDate = { from: '2023-01-01', to: '2023-11-30' };

const dayMs = 86_400_000;
const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const firstDay = Date.UTC(2022, 0, 1);
/** Start days a period may begin on: 2022-01-01 … 2023-06-30 (the data runs to 2023-11-30). */
const startDays = 546;
/** Lengths of a period: 28 to 151 days. */
const lengths = 124;

/**
 * The i-th of every (start, length) period, visited with a stride coprime to their number so that
 * consecutive requests ask unrelated periods, as independent dashboards would.
 */
const periods: VariedVariables = {
  pool: startDays * lengths,
  variables: (i) => {
    const index = (i * 7919) % (startDays * lengths);
    const from = firstDay + (index % startDays) * dayMs;
    return { from: isoDay(from), to: isoDay(from + (27 + Math.floor(index / startDays)) * dayMs) };
  },
};

/** Every variable set of `base` crossed with `codes`: the codes vary fastest. */
function crossed(codes: readonly string[], base: VariedVariables, name: string): VariedVariables {
  return {
    pool: codes.length * base.pool,
    variables: (i) => ({ [name]: codes[i % codes.length], ...base.variables(Math.floor(i / codes.length)) }),
  };
}

/** The seeds' stations and lines (subgraphs/ratp seeds): every one exists at any scale. */
const stationCodes = [
  'laumiere',
  'ourcq',
  'la-chapelle',
  'marx-dormoy',
  'porte-de-la-villette',
  'porte-de-la-chapelle',
  'corentin-cariou',
  'rosa-parks',
  'jaures',
  'stalingrad',
];
const lineCodes = ['M2', 'M5', 'M7', 'M7B', 'M12', 'RER-E'];
const years = [2019, 2020, 2021, 2022, 2023];

/** A year and two distinct years compared: every combination (5 × 20). */
const yearOnYear: VariedVariables = {
  pool: years.length * years.length * (years.length - 1),
  variables: (i) => {
    const year = years[i % years.length];
    const pair = Math.floor(i / years.length) % (years.length * (years.length - 1));
    const from = years[Math.floor(pair / (years.length - 1))] as number;
    const others = years.filter((candidate) => candidate !== from);
    return { year, from, to: others[pair % (years.length - 1)] };
  },
};

const operation = (application: string, name: string): string => registeredOperation(application, name).body;

/**
 * Registered operations (operations/), not copies: the bench measures exactly what clients send and
 * what the gateway tests check the answers of.
 */
export const namedQueries: readonly NamedQuery[] = [
  {
    name: 'sector-page',
    what: 'every partner’s view of the six sectors over a period',
    query: operation('dashboard', 'SectorPage'),
    variables: yearToDate,
    varied: periods,
  },
  {
    name: 'yearly-report',
    what: 'the cross-agency report of a year, plan-wide and per sector',
    query: operation('cross-agency-report', 'CrossAgencyReport'),
    variables: { year: 2023 },
    varied: { pool: years.length, variables: (i) => ({ year: years[i % years.length] }) },
  },
  {
    name: 'year-on-year',
    what: 'per-sector figures of every partner for a year, and two years compared',
    query: operation('cross-agency-report', 'YearOnYear'),
    variables: { year: 2023, from: 2022, to: 2023 },
    varied: yearOnYear,
  },
  {
    name: 'deep-entities',
    what: 'entities across the five subgraphs, many hops deep',
    query: operation('dashboard', 'DeepEntities'),
    variables: { from: '2023-10-01', to: '2023-10-31', year: 2023 },
    varied: {
      pool: periods.pool * years.length,
      variables: (i) => ({ year: years[i % years.length], ...periods.variables(Math.floor(i / years.length)) }),
    },
  },
  {
    name: 'line-hops',
    what: 'a line’s stations → their sectors → care facilities and outreach',
    query: operation('dashboard', 'LineHops'),
    variables: { code: 'M2', ...yearToDate },
    varied: crossed(lineCodes, periods, 'code'),
  },
  {
    name: 'outreach-rounds',
    what: 'outreach rounds of every sector over a period',
    query: operation('dashboard', 'OutreachRounds'),
    variables: yearToDate,
    varied: periods,
  },
  {
    name: 'station-page',
    what: 'one station over a period, from the RATP subgraph alone',
    query: operation('dashboard', 'StationPage'),
    variables: { code: 'stalingrad', ...yearToDate },
    varied: crossed(stationCodes, periods, 'code'),
  },
  {
    name: 'small-lookup',
    what: 'one sector’s name, from the plan subgraph alone',
    query: operation('dashboard', 'SmallLookup'),
    variables: { code: 'stalingrad' },
    varied: {
      pool: 6,
      variables: (i) => ({ code: ['canal-ourcq', 'eole', 'forceval', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'][i % 6] }),
    },
  },
];

/** The queries named by `--queries a,b` (all of them when unset); an unknown name is refused. */
export function selectQueries(names: string | undefined): NamedQuery[] {
  if (names === undefined || names === '') return [...namedQueries];
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !namedQueries.some((query) => query.name === name));
  if (unknown.length > 0)
    throw new RangeError(
      `--queries: unknown ${unknown.join(', ')}; the named queries are ${namedQueries.map((query) => query.name).join(', ')}`,
    );
  return namedQueries.filter((query) => wanted.includes(query.name));
}
