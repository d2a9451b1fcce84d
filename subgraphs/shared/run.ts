import type { BaseContext } from '@apollo/server';
import { exitOnConfigError, readFlag, readPort, readString } from '../../platform/env.js';
import { serviceLogger } from '../../platform/log.js';
import { stopOnSignals } from '../../platform/shutdown.js';
import { startTracingFromEnv } from '../../platform/tracing.js';
import { subgraphSecurityFromEnv } from './config.js';
import { databaseConfigFromEnv } from './database.js';
import { buildSubgraph, listen, type SubgraphDefinition } from './subgraph.js';

/**
 * The process side of a subgraph: reads its port, database and security settings from the
 * environment, seeds an empty embedded database, listens, and stops cleanly on SIGINT/SIGTERM.
 */
export async function runSubgraph<TContext extends BaseContext>(definition: SubgraphDefinition<TContext>): Promise<void> {
  // Before the subgraph is built: its plugins and SQL spans are set up only while tracing is on.
  const { tracing, port, host, database, security, seedIfEmpty } = exitOnConfigError(() => {
    const tracing = startTracingFromEnv(definition.name);
    const database = databaseConfigFromEnv(definition.name);
    return {
      tracing,
      port: readPort(process.env, 'PORT', definition.port),
      host: readString(process.env, 'HOST', '127.0.0.1'),
      database,
      security: subgraphSecurityFromEnv(),
      // The embedded default seeds itself; a MySQL database only when SEED_IF_EMPTY=true (docker-compose sets it).
      seedIfEmpty: readFlag(process.env, 'SEED_IF_EMPTY', database.kind === 'sqlite'),
    };
  });
  const built = await buildSubgraph(definition, {
    database,
    seedIfEmpty: seedIfEmpty ? { scale: 1 } : undefined,
    settings: security.settings,
    introspection: security.introspection,
  });
  const running = await listen(built, { port, host, gatewayPublicKey: security.gatewayPublicKey });
  serviceLogger(definition.name).info(
    { url: running.url, database: database.kind, tracing: tracing !== null },
    `subgraph ${definition.name} ready at ${running.url} (${database.kind})`,
  );
  stopOnSignals(
    async () => {
      await running.stop();
      await tracing?.shutdown();
    },
    (error) => {
      serviceLogger(definition.name).error({ err: error }, 'shutdown failed');
    },
  );
}
