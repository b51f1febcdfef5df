/**
 * The catalog app alone in this process, for get-cpu.ts: answers its parent's 'start' and 'stop'
 * with this process's CPU time between them, and exits on 'exit' (writing a --cpu-prof profile).
 */
import { createLogger } from '@episodic/core';
import { createTokenVerifier } from '@episodic/auth';
import { createSequelize, Outbox } from '@episodic/db';
import { closeServer, listen } from '@episodic/http';
import { TEST_GATEWAY_CONTEXT } from '@episodic/testing';
import { buildApp } from '../src/app.ts';
import { createCatalog } from '../src/domain/catalog.ts';

const env = (name: string) => process.env[name]!;
const logger = createLogger({ name: 'catalog', level: env('LOG_LEVEL') });
const sequelize = createSequelize({ url: env('DATABASE_URL'), logger, poolMax: 10 });
const outbox = new Outbox({ sequelize, logger, publish: async () => undefined });
const catalog = createCatalog({ sequelize, outbox, topic: 'catalog-events' });
const verifier = createTokenVerifier({ issuer: env('ISSUER'), jwksUrl: env('JWKS_URL'), clientIds: [env('CLIENT_ID')] });
const app = buildApp({ logger, gatewayContext: TEST_GATEWAY_CONTEXT, catalog, verifier, readiness: {} });
const { server, url } = await listen(app, 0, '127.0.0.1');

let since = process.cpuUsage();
process.on('message', async (message) => {
  if (message === 'start') {
    since = process.cpuUsage();
    process.send!('started');
  } else if (message === 'stop') {
    const used = process.cpuUsage(since);
    process.send!({ userMs: used.user / 1000, systemMs: used.system / 1000 });
  } else if (message === 'exit') {
    await closeServer(server);
    await sequelize.close();
    process.exit(0);
  }
});
process.send!({ port: Number(new URL(url).port) });
