import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { TOPOLOGY } from '@episodic/infra';
import { freePort, launchService, startPostgres, testEnvironment, type EmbeddedDatabase, type LaunchedService } from '@episodic/testing';

const ENTRY = fileURLToPath(new URL('../../services/catalog/src/main.ts', import.meta.url));
/** A request must get its answer within this long while the database is gone: a 503, never a hang. */
const BOUND_MS = 10_000;

describe('reliability: the database lost after boot', function () {
  this.timeout(60_000);
  let postgres: EmbeddedDatabase;
  let catalog: LaunchedService;
  let url: string;
  let token: string;

  before(async () => {
    const env = await testEnvironment();
    await applyTopology(TOPOLOGY, createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials }));
    postgres = await startPostgres();
    await postgres.ensureDatabase('episodic_catalog');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    catalog = await launchService({
      name: 'catalog',
      entry: ENTRY,
      readyUrl: `${url}/ready`,
      timeoutMs: 40_000,
      env: {
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DATABASE_URL: postgres.url('episodic_catalog'),
        MIGRATE_ON_START: 'true',
        AWS_ENDPOINT: env.emulator.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        COGNITO_ISSUER: env.issuer.issuer,
        COGNITO_JWKS_URL: env.issuer.jwksUrl,
        COGNITO_CLIENT_IDS: env.issuer.clientId,
        GATEWAY_CONTEXT_KEY: 'database-outage-test-gateway-context-key',
      },
    });
    token = await env.issuer.sign({ role: 'viewer' });
  });
  after(async () => {
    await catalog?.stop();
    await postgres?.stop();
  });

  async function timed(path: string, headers: Record<string, string> = {}) {
    const started = Date.now();
    const response = await fetch(`${url}${path}`, { headers, signal: AbortSignal.timeout(BOUND_MS) });
    return { status: response.status, type: response.headers.get('content-type'), body: (await response.json()) as Record<string, any>, ms: Date.now() - started };
  }

  it('When the database goes away, then /ready answers 503 naming it and an API request 503, each within the bound', async () => {
    expect((await timed('/api/v1/episodes', { authorization: `Bearer ${token}` })).status, 'before the outage').to.equal(200);
    await postgres.stop();

    const ready = await timed('/ready');
    expect(ready.status).to.equal(503);
    expect(ready.body['checks']).to.include({ database: 'failing' });

    const request = await timed('/api/v1/episodes', { authorization: `Bearer ${token}` });
    expect(request.status).to.equal(503);
    expect(request.type).to.include('application/problem+json');
    expect(request.body['detail']).to.match(/database is unavailable/);
    expect(request.ms).to.be.below(BOUND_MS);
  });
});
