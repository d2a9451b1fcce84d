import { registeredOperation } from '../../../operations/index.js';

/** A query a dashboard sends, with the variables the bench sends it with. */
export interface NamedQuery {
  readonly name: string;
  readonly what: string;
  readonly query: string;
  readonly variables: Readonly<Record<string, unknown>>;
}

/** The year the communiqué reports on, up to its date: the period dashboards.test.ts reads too. */
const yearToDate = { from: '2023-01-01', to: '2023-11-30' };

/**
 * Registered operations (operations/), not copies: the bench measures exactly what clients send and
 * what the gateway tests check the answers of.
 */
export const namedQueries: readonly NamedQuery[] = [
  { name: 'sector-page', what: 'every partner’s view of the six sectors, year to date', query: registeredOperation('dashboard', 'SectorPage').body, variables: yearToDate },
  { name: 'yearly-report', what: 'the cross-agency report of 2023, plan-wide and per sector', query: registeredOperation('cross-agency-report', 'CrossAgencyReport').body, variables: { year: 2023 } },
  { name: 'deep-entities', what: 'entities across the five subgraphs, many hops deep', query: registeredOperation('dashboard', 'DeepEntities').body, variables: { from: '2023-10-01', to: '2023-10-31', year: 2023 } },
  { name: 'small-lookup', what: 'one sector’s name, from the plan subgraph alone', query: registeredOperation('dashboard', 'SmallLookup').body, variables: { code: 'stalingrad' } },
];

/** The queries named by `--queries a,b` (all of them when unset); an unknown name is refused. */
export function selectQueries(names: string | undefined): NamedQuery[] {
  if (names === undefined || names === '') return [...namedQueries];
  const wanted = names.split(',').map((name) => name.trim());
  const unknown = wanted.filter((name) => !namedQueries.some((query) => query.name === name));
  if (unknown.length > 0) throw new RangeError(`--queries: unknown ${unknown.join(', ')}; the named queries are ${namedQueries.map((query) => query.name).join(', ')}`);
  return namedQueries.filter((query) => wanted.includes(query.name));
}
