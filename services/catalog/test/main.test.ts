import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { TOPOLOGY } from '@episodic/infra';
import { EventTap, freePort, launchService, TEST_GATEWAY_CONTEXT, testEnvironment, type LaunchedService } from '@episodic/testing';
import { signGatewayContext } from '@episodic/http';
import { newEpisode, TOPIC } from './catalog-under-test.ts';

const ENTRY = fileURLToPath(new URL('../src/main.ts', import.meta.url));

describe('catalog/main: the service as a process', () => {
  let service: LaunchedService;
  let url: string;
  let events: EventTap;
  let token: string;

  before(async () => {
    const env = await testEnvironment();
    const aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
    const { topicArns } = await applyTopology(TOPOLOGY, aws);
    events = await EventTap.subscribe(aws, topicArns[TOPIC]!);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    service = await launchService({
      name: 'catalog',
      entry: ENTRY,
      readyUrl: `${url}/ready`,
      env: {
        PORT: String(port),
        LOG_LEVEL: 'warn',
        DATABASE_URL: await env.newDatabase('catalog_main'),
        MIGRATE_ON_START: 'true',
        AWS_ENDPOINT: env.emulator.endpoint,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        SNS_TOPIC_ARN_PREFIX: topicArns[TOPIC]!.slice(0, -TOPIC.length),
        COGNITO_ISSUER: env.issuer.issuer,
        COGNITO_JWKS_URL: env.issuer.jwksUrl,
        COGNITO_CLIENT_IDS: env.issuer.clientId,
        GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key,
      },
    });
    token = await env.issuer.sign({ role: 'editor' });
  });
  after(() => service.stop());

  it('When started with its environment, then it migrates, serves the API and publishes through the outbox relay', async () => {
    const response = await fetch(`${url}/api/v1/episodes`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...signGatewayContext(TEST_GATEWAY_CONTEXT.key, { method: 'POST', url: '/api/v1/episodes' }, { ip: '127.0.0.1', requestId: 'main-test-create', time: Date.now() }),
      },
      body: JSON.stringify(newEpisode({ show_name: 'Process Show' })),
    });
    expect(response.status).to.equal(201);
    const episode = (await response.json()) as any;
    const event = await events.eventOf('episode.created', `episodes/${episode.id}`, 'main-test-create');
    expect(event.data).to.deep.equal({ episode });
  });

  it('When sent SIGTERM, then it stops cleanly with exit code 0', async () => {
    expect(await service.stop('SIGTERM')).to.equal(0);
    const refused = await fetch(`${url}/health`).then(() => 'answered', () => 'refused');
    expect(refused).to.equal('refused');
  });

  it('When a required setting is missing, then the process exits naming it', async () => {
    const failed = await launchService({
      name: 'catalog-misconfigured',
      entry: ENTRY,
      readyUrl: 'http://127.0.0.1:1/ready',
      timeoutMs: 10_000,
      env: { DATABASE_URL: '', COGNITO_ISSUER: 'http://127.0.0.1:1', COGNITO_CLIENT_IDS: 'x', GATEWAY_CONTEXT_KEY: TEST_GATEWAY_CONTEXT.key },
    }).then(() => 'started', (error: Error) => error.message);
    expect(failed).to.contain('DATABASE_URL');
  });
});
