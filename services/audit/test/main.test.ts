import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { freePort, launchService, TEST_GATEWAY_CONTEXT, testEnvironment } from '@episodic/testing';

const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** audit's environment with a queue name no emulator has: only a process that never consumes can boot with it. */
async function environmentWithoutQueue(consumerEnabled: string) {
  const env = await testEnvironment();
  const port = await freePort();
  return {
    url: `http://127.0.0.1:${port}`,
    env: {
      PORT: String(port),
      LOG_LEVEL: 'info',
      DATABASE_URL: await env.newDatabase('audit_main'),
      AWS_ENDPOINT: env.emulator.endpoint,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AUDIT_QUEUE_NAME: `audit-missing-${randomUUID().slice(0, 8)}`,
      AUDIT_CONSUMER_ENABLED: consumerEnabled,
      COGNITO_ISSUER: env.issuer.issuer,
      COGNITO_JWKS_URL: env.issuer.jwksUrl,
      COGNITO_CLIENT_IDS: env.issuer.clientId,
      GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key,
    },
  };
}

describe('audit/main: the consumer switch', function () {
  // Two boots of the service as a process, on a machine that may be busy with other test runs.
  this.timeout(180_000);

  it('When AUDIT_CONSUMER_ENABLED is false, then audit serves its API without touching its queue', async () => {
    const { url, env } = await environmentWithoutQueue('false');
    const service = await launchService({ name: 'audit', entry: ENTRY, env, readyUrl: `${url}/ready`, timeoutMs: 60_000 });
    try {
      const ready = (await (await fetch(`${url}/ready`)).json()) as Record<string, unknown>;
      expect(JSON.stringify(ready)).not.to.include('queue');
      expect(service.logs().join('\n')).to.include('consumer disabled');
    } finally {
      expect(await service.stop('SIGTERM')).to.equal(0);
    }
  });

  it('When the consumer is enabled, then /ready checks both of its queues', async () => {
    const { url, env } = await environmentWithoutQueue('true');
    const emulator = (await testEnvironment()).emulator;
    const aws = createAwsClients({ region: emulator.region, endpoint: emulator.endpoint, credentials: emulator.credentials });
    const names = [`audit-domain-${randomUUID().slice(0, 8)}`, `audit-access-${randomUUID().slice(0, 8)}`];
    await applyTopology({ topics: [], queues: names.map((name) => ({ name, visibilityTimeoutSeconds: 30, maxReceiveCount: 5, subscriptions: [] })), buckets: [] }, aws);
    const service = await launchService({ name: 'audit', entry: ENTRY, env: { ...env, AUDIT_QUEUE_NAME: names[0]!, AUDIT_ACCESS_QUEUE_NAME: names[1]! }, readyUrl: `${url}/ready`, timeoutMs: 60_000 });
    try {
      const ready = JSON.stringify(await (await fetch(`${url}/ready`)).json());
      expect(ready).to.include('"queue"').and.to.include('"access_queue"');
      expect(service.logs().join('\n')).to.include(names[1]);
    } finally {
      expect(await service.stop('SIGTERM')).to.equal(0);
    }
  });

  it('When the consumer is enabled and its queue does not exist, then audit stops at boot', async () => {
    const { url, env } = await environmentWithoutQueue('true');
    const launched = launchService({ name: 'audit', entry: ENTRY, env, readyUrl: `${url}/ready`, timeoutMs: 60_000 });
    const failure = await launched.then(async (service) => { await service.stop(); return undefined; }, (error: Error) => error);
    expect(failure?.message).to.match(/exit|NonExistentQueue|does not exist/i);
  });
});
