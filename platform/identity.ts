import { subgraphNames, type SubgraphName } from '../subgraphs/names.js';

/**
 * Who is asking: the agent named by a verified token, the partner they work for, and the scopes
 * they were granted. The gateway verifies it from the bearer token and forwards it to every
 * subgraph in a proof that only the gateway can sign.
 */
export interface Identity {
  /** The token's subject; null for an anonymous request. */
  readonly agent: string | null;
  /** A `Partner` code of the plan subgraph; null for an anonymous request. */
  readonly partner: string | null;
  readonly scopes: ReadonlySet<string>;
}

export const anonymousIdentity: Identity = { agent: null, partner: null, scopes: new Set() };

/** The partner domains that read and write their own data under `<domain>:read` / `<domain>:write`. */
export const partnerDomains = ['police-justice', 'health', 'social', 'ratp'] as const satisfies readonly SubgraphName[];

/** Every scope the graph's access rules use. */
export const knownScopes: readonly string[] = [
  'plan:read',
  ...partnerDomains.flatMap((domain) => [`${domain}:read`, `${domain}:write`]),
  'report:read',
  'audit:read',
];

/** The scope of the graph's operators: the gateway's health detail (subgraphs' URLs and circuits, the supergraph file, memory). */
export const operatorScope = 'gateway:read';

/**
 * The partners (`Partner` codes, as the plan subgraph seeds them) that own each subgraph's data:
 * the policy `owner:<subgraph>` lets only their agents read its individual-level fields.
 */
export const partnersOfSubgraph: Readonly<Record<SubgraphName, readonly string[]>> = {
  plan: ['pref-idf', 'mildeca'],
  'police-justice': ['pref-police', 'parquet-paris'],
  health: ['ars-idf', 'ap-hp', 'ghu-paris'],
  social: ['ville-paris'],
  ratp: ['ratp'],
};

export const partnerCodes: readonly string[] = subgraphNames.flatMap((name) => partnersOfSubgraph[name]);

/** `scope` claims are space-separated (RFC 8693 / RFC 9068); some issuers send an array instead. */
export function scopesOfClaim(claim: unknown): ReadonlySet<string> {
  if (typeof claim === 'string') return new Set(claim.split(' ').filter((scope) => scope !== ''));
  if (Array.isArray(claim)) return new Set(claim.filter((scope): scope is string => typeof scope === 'string'));
  return new Set();
}

export const scopeClaimOf = (scopes: ReadonlySet<string>): string => [...scopes].sort().join(' ');
