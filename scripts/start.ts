/**
 * `npm start`: the whole plan-wide graph on one machine. Each subgraph gets its own database
 * (an embedded SQLite file under data/ unless <SUBGRAPH>_DATABASE_URL says otherwise), seeded when
 * empty, and listens on its own port; the gateway composes them over real HTTP.
 *
 * Outside production, keys that are not configured are development keys made on first start
 * under .dev-keys/ (or DEV_KEYS_DIR); `npm run token` mints bearer tokens with them.
 */
import { gatewayConfigFromEnv } from '../gateway/config.js';
import { readCommandLine } from './cli.js';
import { buildGateway, listenGateway } from '../gateway/server.js';
import { exitOnConfigError, isProduction, readOptional, readPort, setDefault, subgraphPortVariable } from '../platform/env.js';
import { developmentAudience, developmentIssuer, ensureDevelopmentKeys } from '../platform/keys.js';
import { stopOnSignals } from '../platform/shutdown.js';
import { startTracingFromEnv } from '../platform/tracing.js';
import { catalogue, defaultSubgraphPorts, type SubgraphName, subgraphNames } from '../subgraphs/registry.js';
import { subgraphSecurityFromEnv } from '../subgraphs/shared/config.js';
import { databaseConfigFromEnv } from '../subgraphs/shared/database.js';
import { buildSubgraph, listen, type ListeningSubgraph } from '../subgraphs/shared/subgraph.js';
import { startDevelopmentProvider, type RunningDevelopmentProvider } from './oidc-development-provider.js';

readCommandLine({
  name: 'start',
  usage: `usage: npm start

Starts the five subgraphs (each on its own database: an SQLite file under data/ unless
<SUBGRAPH>_DATABASE_URL says otherwise, seeded when empty) and the gateway, on http://127.0.0.1:4000/
(PORT). Open that URL in a browser for the GraphQL IDE, and <URL>reports for the cross-agency report,
whose sign-in is a development OpenID provider on http://127.0.0.1:4010 (OIDC_PROVIDER_PORT).
Settings are environment variables (README).
Tokens: npm run token -- --help.`,
  config: { options: {} },
});

// One process for all: its spans tell the services apart by their `plan.service` attribute.
const tracing = exitOnConfigError(() => startTracingFromEnv('plan-crack-graph'));
// The gateway's and subgraphs' environment: this one, with development keys and sign-in where none are configured.
const env: NodeJS.ProcessEnv = { ...process.env };
let provider: RunningDevelopmentProvider | undefined;
if (!isProduction(env)) {
  const keys = ensureDevelopmentKeys(readOptional(env, 'DEV_KEYS_DIR'));
  if (readOptional(env, 'AUTH_JWKS_URL') === undefined && readOptional(env, 'AUTH_PUBLIC_KEY_FILE') === undefined) {
    // The development OpenID provider, for the report page's sign-in; it signs with the token key,
    // so the gateway verifies its tokens and `npm run token`'s through its JWKS.
    provider = await startDevelopmentProvider({
      port: exitOnConfigError(() => readPort(env, 'OIDC_PROVIDER_PORT', 4010)),
      host: '127.0.0.1',
      audience: setDefault(env, 'AUTH_AUDIENCE', developmentAudience),
      tokenPrivateKeyFile: keys.tokenPrivateKeyFile,
    });
    env.AUTH_JWKS_URL = provider.jwksUrl;
    setDefault(env, 'AUTH_ISSUER', `${developmentIssuer},${provider.issuer}`);
    setDefault(env, 'OIDC_ISSUER', provider.issuer);
  }
  setDefault(env, 'GATEWAY_PROOF_KEY_FILE', keys.proofPrivateKeyFile);
  setDefault(env, 'GATEWAY_PROOF_PUBLIC_KEY_FILE', keys.proofPublicKeyFile);
  // Dashboard developers explore the graph with their tools; production keeps it off unless set.
  setDefault(env, 'INTROSPECTION', 'true');
}
const security = exitOnConfigError(() => subgraphSecurityFromEnv({ ...env, INTROSPECTION: 'false' }));

const running: ListeningSubgraph[] = [];
const nameWidth = Math.max(...subgraphNames.map((name) => name.length));
const urls = {} as Record<SubgraphName, string>;
for (const name of subgraphNames) {
  const database = exitOnConfigError(() => databaseConfigFromEnv(name, env));
  const started = Date.now();
  const built = await buildSubgraph(catalogue[name], { database, seedIfEmpty: { scale: 1 }, settings: security.settings });
  const listening = await listen(built, {
    port: exitOnConfigError(() => readPort(env, subgraphPortVariable(name), defaultSubgraphPorts[name])),
    gatewayPublicKey: security.gatewayPublicKey,
  });
  running.push(listening);
  urls[name] = listening.url;
  const where = database.kind === 'sqlite' ? database.file : 'mysql';
  console.log(
    `subgraph ${name.padEnd(nameWidth)} ${listening.url}  (${where}, ${built.seeded ? 'seeded' : 'existing data'}, ready in ${Date.now() - started} ms)`,
  );
}

const config = { ...exitOnConfigError(() => gatewayConfigFromEnv(env)), subgraphUrls: urls };
const gateway = await listenGateway(buildGateway(config), config.port, config.host);
provider?.allowReportsPage(`${gateway.url}reports`);
console.log(`\nplan-wide graph ready at ${gateway.url}`);
if (config.ide) console.log(`GraphQL IDE: open ${gateway.url} in a browser`);
console.log(
  `cross-agency report: open ${gateway.url}reports${provider ? ` (sign-in: the development OpenID provider at ${provider.issuer})` : ''}`,
);
if (config.auth.issuers.includes(developmentIssuer)) {
  console.log('bearer tokens: npm run token -- --partner <code> --scopes "<scope> <scope>" (anonymous requests see public fields only)');
}

stopOnSignals(
  async () => {
    await gateway.stop();
    await Promise.all(running.map((subgraph) => subgraph.stop()));
    await provider?.stop();
    await tracing?.shutdown();
  },
  (error) => {
    console.error('npm start: shutdown failed:', error);
  },
);
