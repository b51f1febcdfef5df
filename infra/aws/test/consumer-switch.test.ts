import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { applyTopology, createAwsClients } from '@episodic/messaging';
import { TOPOLOGY } from '@episodic/infra';
import { freePort, launchService, testEnvironment } from '@episodic/testing';
import { SERVICE_SPECS } from '../src/service-specs.ts';

/**
 * When the CDK app runs a service's event consumer as a Lambda, the service's tasks get its
 * consumer switch set to false: they must then boot and serve without ever looking up that queue
 * (here, one that does not exist), or both would consume it.
 */
describe('infra/aws: a consumer moved to Lambda leaves its service running without the queue', function () {
  this.timeout(120_000);

  for (const spec of SERVICE_SPECS.filter((candidate) => candidate.lambdaConsumer && candidate.name !== 'audit')) {
    it(`When ${spec.name} boots with ${spec.lambdaConsumer!.consumerSwitch}=false and no such queue, then /ready answers 200`, async () => {
      const env = await testEnvironment();
      await applyTopology(TOPOLOGY, createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials }));
      const queueSetting = spec.consumes.find((consumed) => consumed.queue === spec.lambdaConsumer!.queues[0])!.setting;
      const port = await freePort();
      const service = await launchService({
        name: spec.name,
        entry: fileURLToPath(new URL(`../../../services/${spec.name}/src/main.ts`, import.meta.url)),
        readyUrl: `http://127.0.0.1:${port}/ready`,
        timeoutMs: 90_000,
        env: {
          PORT: String(port), LOG_LEVEL: 'info', DATABASE_URL: await env.newDatabase(`${spec.name}_switch`), MIGRATE_ON_START: 'true',
          AWS_ENDPOINT: env.emulator.endpoint, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test',
          COGNITO_ISSUER: env.issuer.issuer, COGNITO_JWKS_URL: env.issuer.jwksUrl, COGNITO_CLIENT_IDS: env.issuer.clientId,
          GATEWAY_CONTEXT_KEY: 'consumer-switch-test-gateway-context-key', CATALOG_URL: 'http://127.0.0.1:1',
          [spec.lambdaConsumer!.consumerSwitch]: 'false',
          [queueSetting]: `missing-${randomUUID().slice(0, 8)}`,
        },
      });
      try {
        expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).to.equal(200);
      } finally {
        expect(await service.stop(), 'a clean stop').to.equal(0);
      }
    });
  }
});
