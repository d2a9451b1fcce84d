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
export const partnerCodes: readonly string[] = [
  'pref-idf',
  'mildeca',
  'pref-police',
  'parquet-paris',
  'ars-idf',
  'ap-hp',
  'ghu-paris',
  'ville-paris',
  'ratp',
];

/** The scope of the graph's operators: the gateway's health detail (subgraphs' URLs and circuits, the supergraph file, memory). */
export const operatorScope = 'gateway:read';

/**
 * The scope of agents who explore the graph (an IDE session, a dashboard in the making): they may
 * send operations that are not registered where the gateway serves registered ones only.
 */
export const explorerScope = 'graph:explore';

/** A scope as RFC 6749 (§3.3) defines a scope-token: printable ASCII, no space, no `"`, no `\\`. */
const scopeToken = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** A `scope` claim that does not read as scopes; the message says why. */
export class ScopeClaimError extends Error {}

/**
 * The scopes of an agent's token: a space-separated string (RFC 8693 / RFC 9068), or, as some
 * issuers send it, an array of scope tokens. An array element that is not one scope token (say,
 * `"police-justice:read health:read"`) makes the claim invalid: read as one scope it would be
 * split again downstream and grant a scope the issuer never did.
 */
export function scopesOfClaim(claim: unknown): ReadonlySet<string> {
  if (claim === undefined) return new Set();
  if (typeof claim === 'string') return new Set(claim.split(' ').filter((scope) => scope !== ''));
  if (!Array.isArray(claim)) throw new ScopeClaimError(`must be a space-separated string or an array of scopes, got ${typeof claim}`);
  for (const item of claim) {
    if (typeof item !== 'string' || !scopeToken.test(item))
      throw new ScopeClaimError(`has an element that is not one scope token: ${JSON.stringify(item).slice(0, 80)}`);
  }
  return new Set(claim as string[]);
}

/** The scopes as the gateway's proofs carry them: a sorted JSON array, which no join or split can change. */
export const scopeListOf = (scopes: ReadonlySet<string>): string[] => [...scopes].sort();

/** The scopes of a gateway proof: only an array of scope tokens. */
export function scopesOfProof(claim: unknown): ReadonlySet<string> {
  if (!Array.isArray(claim)) throw new ScopeClaimError('must be an array of scopes');
  return scopesOfClaim(claim);
}
