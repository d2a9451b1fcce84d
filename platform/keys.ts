import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from './project.js';

/** Written above every development key; production refuses a key file that carries it. */
export const developmentKeyMarker = 'Plan crack DEVELOPMENT key: for the embedded default only, never in production.';

export class KeyFileError extends Error {}

function readKeyFile(file: string, variable: string, production: boolean): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new KeyFileError(`${variable}: cannot read ${file} (${(error as Error).message})`);
  }
  if (production && text.includes(developmentKeyMarker)) {
    throw new KeyFileError(
      `${variable}: ${file} is a development key, refused in production (NODE_ENV=production); configure your own key`,
    );
  }
  return text;
}

/** A PEM public key (SPKI); `variable` names the setting in errors. */
export function readPublicKey(file: string, variable: string, production: boolean): KeyObject {
  const text = readKeyFile(file, variable, production);
  try {
    return createPublicKey(text);
  } catch (error) {
    throw new KeyFileError(`${variable}: ${file} is not a PEM public key (${(error as Error).message})`);
  }
}

/** A PEM private key (PKCS#8). */
export function readPrivateKey(file: string, variable: string, production: boolean): KeyObject {
  const text = readKeyFile(file, variable, production);
  try {
    return createPrivateKey(text);
  } catch (error) {
    throw new KeyFileError(`${variable}: ${file} is not a PEM private key (${(error as Error).message})`);
  }
}

export interface DevelopmentKeys {
  /** Signs and verifies agents' bearer tokens (the token command signs with it). */
  readonly tokenPrivateKeyFile: string;
  readonly tokenPublicKeyFile: string;
  /** Signs the gateway's proofs to the subgraphs, and verifies them there. */
  readonly proofPrivateKeyFile: string;
  readonly proofPublicKeyFile: string;
}

export const defaultDevelopmentKeyDir = resolve(projectRoot, '.dev-keys');

/** Issuer and audience of development tokens; production sets its identity provider's. */
export const developmentIssuer = 'plan-crack-development';
export const developmentAudience = 'plan-wide-graph';

/** The development keys under `dir`, made on first use (Ed25519, each file marked as a development key). */
export function ensureDevelopmentKeys(dir: string = defaultDevelopmentKeyDir): DevelopmentKeys {
  const keys: DevelopmentKeys = {
    tokenPrivateKeyFile: join(dir, 'token-signing.key.pem'),
    tokenPublicKeyFile: join(dir, 'token-signing.pub.pem'),
    proofPrivateKeyFile: join(dir, 'gateway-proof.key.pem'),
    proofPublicKeyFile: join(dir, 'gateway-proof.pub.pem'),
  };
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const pairs: [string, string][] = [
    [keys.tokenPrivateKeyFile, keys.tokenPublicKeyFile],
    [keys.proofPrivateKeyFile, keys.proofPublicKeyFile],
  ];
  for (const [privateFile, publicFile] of pairs) {
    if (existsSync(privateFile) && existsSync(publicFile)) continue;
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    writeFileSync(privateFile, `${developmentKeyMarker}\n${String(privateKey.export({ type: 'pkcs8', format: 'pem' }))}`, { mode: 0o600 });
    writeFileSync(publicFile, `${developmentKeyMarker}\n${String(publicKey.export({ type: 'spki', format: 'pem' }))}`);
  }
  return keys;
}
