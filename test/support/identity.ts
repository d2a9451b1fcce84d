import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAgentToken } from '../../platform/agent-token.js';
import { GatewayProofSigner } from '../../platform/gateway-proof.js';
import { operatorScope, type Identity } from '../../platform/identity.js';
import {
  developmentAudience,
  developmentIssuer,
  developmentKeyMarker,
  ensureDevelopmentKeys,
  readPrivateKey,
  readPublicKey,
} from '../../platform/keys.js';
import { knownScopes } from '../../subgraphs/registry.js';

/** Keys of this test process: made once, in a temporary folder, like the embedded default's. */
export const testKeys = ensureDevelopmentKeys(mkdtempSync(join(tmpdir(), 'plancrack-keys-')));
const tokenPrivateKey = readPrivateKey(testKeys.tokenPrivateKeyFile, 'test token key', false);
export const gatewayPublicKey = readPublicKey(testKeys.proofPublicKeyFile, 'test proof key', false);
export const proofPrivateKey = readPrivateKey(testKeys.proofPrivateKeyFile, 'test proof key', false);
const proofSigner = new GatewayProofSigner(proofPrivateKey);

/** The environment a gateway under test reads: the test keys, development issuer and audience. */
export const testGatewayEnv: NodeJS.ProcessEnv = {
  AUTH_PUBLIC_KEY_FILE: testKeys.tokenPublicKeyFile,
  AUTH_ISSUER: developmentIssuer,
  AUTH_AUDIENCE: developmentAudience,
  GATEWAY_PROOF_KEY_FILE: testKeys.proofPrivateKeyFile,
};

/**
 * The environment of a gateway as production runs it (NODE_ENV=production), with the test keys
 * written again without their development marker, as an operator's own keys would be.
 */
export function productionGatewayEnv(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'plancrack-production-keys-'));
  const withoutMarker = (file: string, name: string) => {
    const copy = join(dir, name);
    writeFileSync(
      copy,
      readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line !== developmentKeyMarker)
        .join('\n'),
    );
    return copy;
  };
  return {
    ...testGatewayEnv,
    NODE_ENV: 'production',
    AUTH_PUBLIC_KEY_FILE: withoutMarker(testKeys.tokenPublicKeyFile, 'token.pub.pem'),
    GATEWAY_PROOF_KEY_FILE: withoutMarker(testKeys.proofPrivateKeyFile, 'proof.key.pem'),
  };
}

/** Every read scope: the identity of figure and dashboard tests, which are not about access. */
export const allReadScopes = knownScopes.filter((scope) => scope.endsWith(':read'));

export const reader: Identity = { agent: 'plan-analyst', partner: 'pref-idf', scopes: new Set(allReadScopes) };

export interface TokenOptions {
  readonly partner?: string;
  readonly scopes?: readonly string[];
  readonly agent?: string;
  /** Seconds from now; negative for an expired token. */
  readonly expiresIn?: number;
  readonly notBeforeIn?: number;
  readonly audience?: string;
  readonly issuer?: string;
  readonly scopeClaim?: 'space-separated' | 'array';
}

/** A bearer token as the identity provider would issue it, signed with the test token key. */
export async function mintToken(options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return signAgentToken(tokenPrivateKey, {
    agent: options.agent ?? 'plan-analyst',
    partner: options.partner ?? 'pref-idf',
    scopes: options.scopes ?? allReadScopes,
    issuer: options.issuer ?? developmentIssuer,
    audience: options.audience ?? developmentAudience,
    expiresAt: now + (options.expiresIn ?? 600),
    notBefore: options.notBeforeIn === undefined ? undefined : now + options.notBeforeIn,
    scopeClaim: options.scopeClaim,
  });
}

/** `GET /health/ready` with an operator's token (`gateway:read`): the detail, not just ready and the supergraph's hash. */
export async function operatorReadiness<T>(gatewayUrl: string): Promise<T> {
  const token = await mintToken({ agent: 'graph-operator', scopes: [operatorScope] });
  return (await (await fetch(new URL('/health/ready', gatewayUrl), { headers: { authorization: `Bearer ${token}` } })).json()) as T;
}

/** The proof the gateway would send a subgraph for this identity. */
export const gatewayProof = (identity: Identity, subgraph: Parameters<GatewayProofSigner['sign']>[1]): Promise<string> =>
  proofSigner.sign(identity, subgraph, null);
