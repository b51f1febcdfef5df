/**
 * Catalog's CPU per GET /api/v1/episodes/:id, measured in the catalog process alone:
 *
 *   node services/catalog/scripts/get-cpu.ts [--seconds 5] [--connections 10] [--log-level info] [--cpu-prof]
 *
 * Starts a throwaway PostgreSQL and token issuer here, catalog's app in a child process (its log
 * to /dev/null at the given level; with --cpu-prof the child writes a .cpuprofile into the
 * current folder), then drives it with autocannon from this process, as the gateway would
 * (a signed token and gateway context). Prints req/s and the child's CPU ms per request.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createLogger } from '@episodic/core';
import { createSequelize, migrateUp } from '@episodic/db';
import { signGatewayContext } from '@episodic/http';
import { LocalIssuer, startPostgres, TEST_GATEWAY_CONTEXT } from '@episodic/testing';

const MIGRATIONS = fileURLToPath(new URL('../../../migrations/catalog', import.meta.url));
const CHILD = fileURLToPath(new URL('./get-cpu-server.ts', import.meta.url));

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' }, 'log-level': { type: 'string', default: 'info' }, 'cpu-prof': { type: 'boolean', default: false } },
});
const logger = createLogger({ name: 'get-cpu', level: 'warn' });
const postgres = await startPostgres({ logger });
const issuer = await LocalIssuer.start({});
try {
  await postgres.ensureDatabase('catalog_cpu');
  const url = postgres.url('catalog_cpu');
  const sequelize = createSequelize({ url, logger, poolMax: 1 });
  await migrateUp(sequelize, MIGRATIONS);
  await sequelize.query(`INSERT INTO episodes (show_name, season_number, episode_number, episode_title, air_date, plot_summary, director, writer, duration_minutes, rating, genre)
    VALUES ('Harbor Lights', 1, 1, 'Low Tide', '2024-02-04', 'A harbour pilot finds a boat adrift.', 'Maren Holt', 'Ines Duarte', 52, 8.5, 'Drama')`);
  await sequelize.close();

  const child = fork(CHILD, [], {
    env: { ...process.env, DATABASE_URL: url, ISSUER: issuer.issuer, JWKS_URL: issuer.jwksUrl, CLIENT_ID: issuer.clientId, LOG_LEVEL: values['log-level'] },
    execArgv: values['cpu-prof'] ? ['--cpu-prof'] : [],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [{ port }] = (await once(child, 'message')) as [{ port: number }];
  const path = '/api/v1/episodes/1';
  const headers = {
    authorization: `Bearer ${await issuer.sign({ role: 'viewer', sub: 'viewer-1', username: 'viewer-1' })}`,
    ...signGatewayContext(TEST_GATEWAY_CONTEXT.key, { method: 'GET', url: path }, { ip: '203.0.113.9', requestId: 'cpu-run', time: Date.now() }),
  };
  const target = { url: `http://127.0.0.1:${port}${path}`, headers };
  await autocannon({ ...target, connections: 2, amount: 500 }); // warm-up: JIT, JWKS, pool
  child.send('start');
  await once(child, 'message');
  const result = await autocannon({ ...target, connections: Number(values.connections), duration: Number(values.seconds) });
  child.send('stop');
  const [cpu] = (await once(child, 'message')) as [{ userMs: number; systemMs: number }];
  const served = result['2xx'];
  console.log(JSON.stringify({
    requestsPerSecond: Math.round(served / Number(values.seconds)), non2xx: result.non2xx, p99Ms: result.latency.p99,
    cpuMsPerRequest: Math.round(((cpu.userMs + cpu.systemMs) / served) * 1000) / 1000, userMs: Math.round(cpu.userMs), systemMs: Math.round(cpu.systemMs),
  }, null, 2));
  child.send('exit');
  await once(child, 'exit');
} finally {
  await issuer.close();
  await postgres.stop();
}
