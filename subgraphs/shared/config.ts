import type { KeyObject } from 'node:crypto';
import { isProduction, readCount, readFlag, readRequired } from '../../platform/env.js';
import { readPublicKey } from '../../platform/keys.js';
import type { SubgraphSettings } from './subgraph.js';

/** What every subgraph reads from its environment, besides its port and database. */
export interface SubgraphSecurityConfig {
  readonly settings: SubgraphSettings;
  readonly introspection: boolean;
  readonly gatewayPublicKey: KeyObject;
}

/**
 * `GATEWAY_PROOF_PUBLIC_KEY_FILE` (required: the subgraph answers only the gateway),
 * `DISCLOSURE_THRESHOLD` (default 5) and `INTROSPECTION` (default false).
 */
export function subgraphSecurityFromEnv(env: NodeJS.ProcessEnv = process.env): SubgraphSecurityConfig {
  const keyFile = readRequired(
    env,
    'GATEWAY_PROOF_PUBLIC_KEY_FILE',
    'the gateway public key that signs the proofs this subgraph accepts (PEM)',
  );
  return {
    settings: { disclosureThreshold: readCount(env, 'DISCLOSURE_THRESHOLD', 5) },
    introspection: readFlag(env, 'INTROSPECTION', false),
    gatewayPublicKey: readPublicKey(keyFile, 'GATEWAY_PROOF_PUBLIC_KEY_FILE', isProduction(env)),
  };
}
