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

/**
 * The partners of the plan (`Partner` codes, as the plan subgraph seeds them): the `partner` claim
 * of an agent's token names one of them. Which of them own a subgraph's individual-level data,
 * each subgraph declares itself (`ownerPartners`).
 */
export const partnerCodes: readonly string[] = ['pref-idf', 'mildeca', 'pref-police', 'parquet-paris', 'ars-idf', 'ap-hp', 'ghu-paris', 'ville-paris', 'ratp'];

/** The scope of the graph's operators: the gateway's health detail (subgraphs' URLs and circuits, the supergraph file, memory). */
export const operatorScope = 'gateway:read';

/** `scope` claims are space-separated (RFC 8693 / RFC 9068); some issuers send an array instead. */
export function scopesOfClaim(claim: unknown): ReadonlySet<string> {
  if (typeof claim === 'string') return new Set(claim.split(' ').filter((scope) => scope !== ''));
  if (Array.isArray(claim)) return new Set(claim.filter((scope): scope is string => typeof scope === 'string'));
  return new Set();
}

export const scopeClaimOf = (scopes: ReadonlySet<string>): string => [...scopes].sort().join(' ');
