import { createPublicKey, type KeyObject } from 'node:crypto';
import { GraphQLError } from 'graphql';
import { calculateJwkThumbprint, errors, exportJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { LRUCache } from 'lru-cache';
import { lruStringsBytes } from './heap-size.js';
import { anonymousIdentity, ScopeClaimError, scopeListOf, scopesOfProof, type Identity } from './identity.js';

/**
 * The gateway forwards the identity it verified to each subgraph as a short-lived JWT signed with
 * its own Ed25519 key, for that subgraph only (audience). A subgraph holds only the public key: it
 * can check a proof but not forge one, so a partner's subgraph cannot speak for the others.
 */
export const gatewayProofHeader = 'x-plan-gateway-proof';
const issuer = 'plan-gateway';

/** Where the gateway publishes the public key of its proofs, for subgraphs run outside this repository. */
export const gatewayJwksPath = '/.well-known/jwks.json';

/** The gateway's public key as a JWK Set: `kid` is its RFC 7638 thumbprint, which every proof names in its header. */
export async function gatewayProofJwks(privateKey: KeyObject): Promise<{ keys: JWK[] }> {
  const jwk = await exportJWK(createPublicKey(privateKey));
  return { keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' }] };
}
const lifetimeSeconds = 60;
/** A proof is reused while it has this long to live, then a new one is signed. */
const reuseSeconds = 45;

/**
 * The operation name a proof carries, cut to this length: the gateway refuses longer names, and a
 * proof must stay far below a subgraph server's header limit (16 KB on Node) whatever a client sends.
 */
const maxProofOperationNameLength = 256;

export interface ProvenRequest {
  readonly identity: Identity;
  /** The client's operation name, for the audit trail. */
  readonly operationName: string | null;
}

/**
 * One proof: what the gateway sends `subgraph` for `identity`, valid for `lifetime` (60 s unless
 * given; the bench's static proofs for its peer gateways last the whole run).
 */
export function signGatewayProof(
  privateKey: KeyObject,
  identity: Identity,
  subgraph: string,
  operationName: string | null,
  lifetime = `${lifetimeSeconds}s`,
  kid?: string,
): Promise<string> {
  const claims: Record<string, string | string[]> = { scope: scopeListOf(identity.scopes) };
  if (identity.partner !== null) claims.partner = identity.partner;
  if (operationName !== null) claims.op = operationName.slice(0, maxProofOperationNameLength);
  const proof = new SignJWT(claims)
    .setProtectedHeader(kid === undefined ? { alg: 'EdDSA' } : { alg: 'EdDSA', kid })
    .setIssuer(issuer)
    .setAudience(subgraph)
    .setIssuedAt()
    .setExpirationTime(lifetime);
  if (identity.agent !== null) proof.setSubject(identity.agent);
  return proof.sign(privateKey);
}

/**
 * Signs proofs, caching one per identity, subgraph and operation name while it is fresh (signing
 * costs ~0.15 ms), in at most `maxBytes`.
 */
export class GatewayProofSigner {
  private readonly cache: LRUCache<string, string>;
  /** The JWK Set the gateway publishes; its one key's `kid` goes in every proof's header. */
  readonly jwks: Promise<{ keys: JWK[] }>;

  constructor(
    private readonly privateKey: KeyObject,
    maxBytes = 8 * 2 ** 20,
  ) {
    this.cache = new LRUCache<string, string>({
      maxSize: maxBytes,
      sizeCalculation: (token, key) => lruStringsBytes(key, token),
      ttl: reuseSeconds * 1000,
    });
    this.jwks = gatewayProofJwks(privateKey);
  }

  async sign(identity: Identity, subgraph: string, operationName: string | null): Promise<string> {
    const name = operationName?.slice(0, maxProofOperationNameLength) ?? null;
    const key = JSON.stringify([identity.agent, identity.partner, scopeListOf(identity.scopes), subgraph, name]);
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const token = await signGatewayProof(this.privateKey, identity, subgraph, name, undefined, (await this.jwks).keys[0]?.kid);
    this.cache.set(key, token);
    return token;
  }
}

const unauthenticated = (message: string) => new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });

/** Checks proofs in a subgraph; a proof seen before is not verified again until it expires (~0.35 ms each), in at most 8 MiB. */
export class GatewayProofVerifier {
  private readonly verified = new LRUCache<string, ProvenRequest>({
    maxSize: 8 * 2 ** 20,
    sizeCalculation: (proven, proof) =>
      lruStringsBytes(
        proof,
        proven.identity.agent ?? '',
        proven.identity.partner ?? '',
        proven.operationName ?? '',
        ...proven.identity.scopes,
      ),
  });

  constructor(
    private readonly publicKey: KeyObject,
    private readonly subgraph: string,
  ) {}

  /** The proven identity, or a 401 error naming what is wrong with the proof. */
  async verify(proof: string | undefined): Promise<ProvenRequest> {
    if (proof === undefined || proof === '') {
      throw unauthenticated(
        `the ${this.subgraph} subgraph answers only the plan-wide gateway: the ${gatewayProofHeader} header is missing`,
      );
    }
    const cached = this.verified.get(proof);
    if (cached !== undefined) return cached;
    try {
      const { payload } = await jwtVerify(proof, this.publicKey, { issuer, audience: this.subgraph, algorithms: ['EdDSA'] });
      const identity: Identity =
        typeof payload.sub === 'string'
          ? {
              agent: payload.sub,
              partner: typeof payload.partner === 'string' ? payload.partner : null,
              scopes: scopesOfProof(payload.scope),
            }
          : anonymousIdentity;
      const proven: ProvenRequest = { identity, operationName: typeof payload.op === 'string' ? payload.op : null };
      const ttl = typeof payload.exp === 'number' ? payload.exp * 1000 - Date.now() : 0;
      if (ttl > 0) this.verified.set(proof, proven, { ttl });
      return proven;
    } catch (error) {
      const reason =
        error instanceof errors.JOSEError
          ? error.message
          : error instanceof ScopeClaimError
            ? `its "scope" claim ${error.message}`
            : String(error);
      throw unauthenticated(`the ${this.subgraph} subgraph refused the gateway proof: ${reason}`);
    }
  }
}
