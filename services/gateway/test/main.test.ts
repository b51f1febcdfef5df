import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'chai';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { freePort, launchService, TEST_GATEWAY_CONTEXT, testEnvironment } from '@episodic/testing';
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.ts';

const ENTRY = join(import.meta.dirname, '..', 'src', 'main.ts');

describe('gateway: the process (main.ts)', () => {
  let catalog: EchoUpstream;
  let audit: EchoUpstream;

  before(async () => {
    [catalog, audit] = await Promise.all([startEchoUpstream('catalog'), startEchoUpstream('audit')]);
  });
  after(async () => {
    await Promise.all([catalog.close(), audit.close()]);
  });

  it('When started with its settings, then it becomes ready, proxies, and exits 0 on SIGTERM', async () => {
    const { issuer, emulator } = await testEnvironment();
    const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
    await applyTopology({ topics: ['gateway-events'], queues: [], buckets: [] }, aws);
    const port = await freePort();
    const adminPort = await freePort();
    const gateway = await launchService({
      name: 'gateway',
      entry: ENTRY,
      readyUrl: `http://127.0.0.1:${adminPort}/ready`,
      env: {
        PORT: String(port),
        LOG_LEVEL: 'info',
        CATALOG_URL: catalog.url,
        AUDIT_URL: audit.url,
        COGNITO_ISSUER: issuer.issuer,
        COGNITO_JWKS_URL: issuer.jwksUrl,
        COGNITO_CLIENT_IDS: issuer.clientId,
        GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key,
        GATEWAY_ADMIN_PORT: String(adminPort),
        AWS_ENDPOINT: emulator.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      },
    });
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/episodes`, { headers: { authorization: `Bearer ${await issuer.sign({ role: 'viewer' })}` } });
    expect(response.status).to.equal(200);
    expect(((await response.json()) as any).service).to.equal('catalog');
    expect((await fetch(`http://127.0.0.1:${port}/ready`)).status, 'no /ready on the public port').to.equal(404);
    expect(await gateway.stop('SIGTERM')).to.equal(0);
    const logs = gateway.logs().join('\n');
    expect(logs).to.contain('gateway listening').and.contain('stopped');
    expect(logs).to.not.contain('left unpublished');
  });

  it('When a setting is missing, then the process exits 1 naming it', () => {
    const result = spawnSync(process.execPath, [ENTRY], { env: { PATH: process.env['PATH'] }, encoding: 'utf8', timeout: 15_000 });
    expect(result.status).to.equal(1);
    expect(result.stderr).to.contain('CATALOG_URL is required');
  });
});
