import { exitOnConfigError, startOrExitOnConfigError } from '../platform/env.js';
import { serviceLogger } from '../platform/log.js';
import { stopOnSignals } from '../platform/shutdown.js';
import { startTracingFromEnv } from '../platform/tracing.js';
import { gatewayConfigFromEnv } from './config.js';
import { buildGateway, listenGateway } from './server.js';

const { tracing, config } = exitOnConfigError(() => ({
  // Before the gateway is built: Apollo Gateway's spans go to the provider registered here.
  tracing: startTracingFromEnv('gateway'),
  config: gatewayConfigFromEnv(),
}));
const log = serviceLogger('gateway');
const running = await startOrExitOnConfigError(() => listenGateway(buildGateway(config), config.port, config.host));
log.info({ url: running.url, metricsUrl: running.metricsUrl, tracing: tracing !== null }, `plan-wide graph ready at ${running.url}`);
if (running.metricsUrl !== null) log.info({ url: running.metricsUrl }, `metrics at ${running.metricsUrl}`);
stopOnSignals(
  async () => {
    await running.stop();
    await tracing?.shutdown();
  },
  (error) => {
    log.error({ err: error }, 'shutdown failed');
  },
);
