import { ConfigError, createLogger, onShutdown } from '@episodic/core';
import { closeServer, listen } from '@episodic/http';
import { startTracing } from '@episodic/tracing';
import { readGatewayConfig } from './config.ts';
import { createGateway } from './gateway.ts';

/**
 * Starts the gateway: reads and checks the config (a bad value stops here, naming it), wires the
 * app, listens, and on SIGTERM stops accepting, lets requests in flight finish, publishes what
 * it can of the queued access events, and closes the pools to the services.
 */
const config = (() => {
  try {
    return readGatewayConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`gateway: ${error.message}`);
    process.exit(1);
  }
})();
const logger = createLogger({ name: 'gateway', level: config.LOG_LEVEL });
const tracing = await startTracing({ service: 'gateway', endpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT });
const gateway = (() => {
  try {
    return createGateway(config, logger);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`gateway: ${error.message}`);
    process.exit(1);
  }
})();
const { server, url } = await listen(gateway.app, config.PORT, config.HOST);
logger.info({ url, docs: `${url}/docs` }, 'gateway listening');
const admin = config.GATEWAY_ADMIN_PORT === undefined ? undefined : await listen(gateway.admin, config.GATEWAY_ADMIN_PORT, config.GATEWAY_ADMIN_HOST);
if (admin) logger.info({ url: admin.url }, 'gateway admin (/ready, /metrics) listening');

onShutdown(logger, async () => {
  if (admin) await closeServer(admin.server);
  await closeServer(server);
  await gateway.close();
  await tracing?.shutdown();
});
