/**
 * `npm run token -- --partner <code> --scopes "<scope> ..." [--agent <name>] [--expires-in 8h]`:
 * prints a bearer token signed with the development key of the embedded default (made on first
 * use under .dev-keys/, or DEV_KEYS_DIR). A production gateway refuses that key.
 */
import { signAgentToken } from '../platform/agent-token.js';
import { readOptional } from '../platform/env.js';
import { partnerCodes } from '../platform/identity.js';
import { developmentAudience, developmentIssuer, ensureDevelopmentKeys, readPrivateKey } from '../platform/keys.js';
import { knownScopes } from '../subgraphs/registry.js';
import { readCommandLine, refuse } from './cli.js';

const fail = (message: string): never => refuse('token', message);

const usage = `usage: npm run token -- --partner <code> [--scopes "<scope> <scope>"] [--agent <name>] [--expires-in 8h]

Prints a bearer token for the development gateway (npm start), signed with the key under .dev-keys/
(or DEV_KEYS_DIR). Send it as "authorization: Bearer <token>"; in the IDE, in the Headers editor.

  --partner     the agent's partner, one of ${partnerCodes.join(', ')}
  --scopes      granted scopes, space- or comma-separated (default: none), among
                ${knownScopes.join(', ')}
  --agent       the agent's name, the token's subject (default: <partner>-developer)
  --expires-in  its lifetime, e.g. 30m, 8h or 2d (default: 8h)`;

const { values } = readCommandLine({
  name: 'token',
  usage,
  config: {
    options: {
      partner: { type: 'string' },
      scopes: { type: 'string', default: '' },
      agent: { type: 'string' },
      'expires-in': { type: 'string', default: '8h' },
    },
  },
});
const partner = values.partner ?? fail(`--partner is required, one of: ${partnerCodes.join(', ')}`);
if (!partnerCodes.includes(partner)) fail(`--partner "${partner}" is not a partner of the plan; one of: ${partnerCodes.join(', ')}`);
const scopes = values.scopes.split(/[\s,]+/).filter((scope) => scope !== '');
const unknown = scopes.filter((scope) => !knownScopes.includes(scope));
if (unknown.length > 0) fail(`unknown scope ${unknown.join(', ')}; the graph knows: ${knownScopes.join(', ')}`);
const expiresIn = values['expires-in'];
if (!/^\d+\s*(s|m|h|d)$/.test(expiresIn)) fail(`--expires-in must be a duration like 30m, 8h or 2d, got "${expiresIn}"`);

const keys = ensureDevelopmentKeys(readOptional(process.env, 'DEV_KEYS_DIR'));
const token = await signAgentToken(readPrivateKey(keys.tokenPrivateKeyFile, 'the development token key', false), {
  agent: values.agent ?? `${partner}-developer`,
  partner,
  scopes,
  issuer: developmentIssuer,
  audience: developmentAudience,
  expiresAt: expiresIn,
  notBefore: '0s',
});
console.log(token);
