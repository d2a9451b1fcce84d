import { readFileSync } from 'node:fs';

/** A query a dashboard sends, with the variables the bench sends it with. */
export interface NamedQuery {
  readonly name: string;
  readonly what: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

/** The year the communiqué reports on, up to its date: the period dashboards.test.ts reads too. */
const yearToDate = { from: '2023-01-01', to: '2023-11-30' };

/**
 * The sector page and the report are the gateway tests' own files, not copies: the bench measures
 * exactly the queries whose answers those tests check.
 */
export const namedQueries: readonly NamedQuery[] = [
  { name: 'sector-page', what: 'every partner’s view of the six sectors, year to date', query: read('../../gateway/sector-page.graphql'), variables: yearToDate },
  { name: 'yearly-report', what: 'the cross-agency report of 2023, plan-wide and per sector', query: read('../../gateway/cross-agency-report.graphql'), variables: { year: 2023 } },
  { name: 'deep-entities', what: 'entities across the five subgraphs, many hops deep', query: read('./deep-entities.graphql'), variables: { from: '2023-10-01', to: '2023-10-31', year: 2023 } },
  { name: 'small-lookup', what: 'one sector’s name, from the plan subgraph alone', query: read('./small-lookup.graphql'), variables: { code: 'stalingrad' } },
];

/** The queries named by `--queries a,b` (all of them when unset); an unknown name is refused. */
export function selectQueries(names: string | undefined): NamedQuery[] {
  if (names === undefined || names === '') return [...namedQueries];
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !namedQueries.some((query) => query.name === name));
  if (unknown.length > 0) throw new RangeError(`--queries: unknown ${unknown.join(', ')}; the named queries are ${namedQueries.map((query) => query.name).join(', ')}`);
  return namedQueries.filter((query) => wanted.includes(query.name));
}
