import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Authenticator } from '../../gateway/auth.js';

const issuer = 'https://idp.plan-crack.test';
const audience = 'plan-wide-graph';

function sign(key: KeyObject, kid: string, claims: Record<string, string>) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid })
    .setSubject('agent-9')
    .setIssuer(issuer)
    .setAudience(audience)
    .setExpirationTime('5m')
    .sign(key);
}

// An identity provider publishes its keys as a JWKS; the gateway fetches them, and rotates with them.
describe('bearer tokens verified against a JWKS URL', () => {
  const current = generateKeyPairSync('ed25519');
  const retired = generateKeyPairSync('ed25519');
  let server: Server;
  let authenticator: Authenticator;
  let fetches = 0;

  beforeAll(async () => {
    const jwks = { keys: [{ ...(await exportJWK(current.publicKey)), kid: 'key-2026', alg: 'EdDSA', use: 'sig' }] };
    server = createServer((_, response) => {
      fetches += 1;
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    authenticator = new Authenticator(
      { issuers: [issuer], audience, keys: { kind: 'jwks', url: `http://127.0.0.1:${port}/.well-known/jwks.json` } },
      false,
    );
  });
  afterAll(
    () =>
      new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      ),
  );

  it('accepts a token signed with a published key, reading its partner and scopes', async () => {
    const identity = await authenticator.identify(
      `Bearer ${await sign(current.privateKey, 'key-2026', { partner: 'ratp', scope: 'ratp:read report:read' })}`,
    );
    expect(identity).toEqual({ agent: 'agent-9', partner: 'ratp', scopes: new Set(['ratp:read', 'report:read']) });
    expect(fetches).toBe(1);
  });

  it('refuses a token signed with a key the JWKS does not publish', async () => {
    await expect(authenticator.identify(`Bearer ${await sign(retired.privateKey, 'key-2024', { partner: 'ratp' })}`)).rejects.toThrow(
      'invalid bearer token: no key of the issuer matches its signature',
    );
  });

  it('refuses a token whose kid is published but whose signature is not that key’s', async () => {
    await expect(authenticator.identify(`Bearer ${await sign(retired.privateKey, 'key-2026', { partner: 'ratp' })}`)).rejects.toThrow(
      'invalid bearer token: its signature does not verify',
    );
  });
});
