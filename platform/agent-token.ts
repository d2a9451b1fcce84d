import type { KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';

/** What an identity provider puts in an agent's bearer token, as the gateway reads it. */
export interface AgentTokenClaims {
  readonly agent: string;
  /** A `Partner` code of the plan. */
  readonly partner: string;
  readonly scopes: readonly string[];
  readonly issuer: string;
  readonly audience: string;
  /** Seconds since the epoch, or a duration from now such as `8h`. */
  readonly expiresAt: number | string;
  readonly notBefore?: number | string;
  /** How `scope` is written: space-separated (the default, RFC 9068) or, as some issuers do, an array. */
  readonly scopeClaim?: 'space-separated' | 'array';
}

/**
 * Signs an agent's bearer token (EdDSA) as an identity provider would: for the token command, the
 * tests, the load test and the bench, which all speak for the same provider.
 */
export function signAgentToken(privateKey: KeyObject, claims: AgentTokenClaims): Promise<string> {
  const scope = claims.scopeClaim === 'array' ? [...claims.scopes] : claims.scopes.join(' ');
  const token = new SignJWT({ partner: claims.partner, scope })
    .setProtectedHeader({ alg: 'EdDSA' })
    .setSubject(claims.agent)
    .setIssuer(claims.issuer)
    .setAudience(claims.audience)
    .setIssuedAt()
    .setExpirationTime(claims.expiresAt);
  if (claims.notBefore !== undefined) token.setNotBefore(claims.notBefore);
  return token.sign(privateKey);
}
