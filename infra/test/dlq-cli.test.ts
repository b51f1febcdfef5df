import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { applyTopology, createAwsClients, type AppliedTopology, type AwsClients } from '@episodic/messaging';
import { createLogger } from '@episodic/core';
import { DeadLetters, QueueDirectory } from '@episodic/operations';
import { testEnvironment, type TestEnvironment } from '@episodic/testing';
import { TOPOLOGY } from '../topology.ts';

const run = promisify(execFile);
const CLI = fileURLToPath(new URL('../dlq.ts', import.meta.url));
const DLQ = 'media-episode-events-dlq';

describe('npm run dlq (the operators\' CLI, against the emulator)', function () {
  // Each run is a fresh Node process loading the AWS SDK: seconds on a busy machine.
  this.timeout(120_000);
  let env: TestEnvironment;
  let aws: AwsClients;
  let topology: AppliedTopology;

  before(async () => {
    env = await testEnvironment();
    aws = createAwsClients({ region: env.emulator.region, endpoint: env.emulator.endpoint, credentials: env.emulator.credentials });
    topology = await applyTopology(TOPOLOGY, aws);
  });

  const dlq = (...args: string[]) =>
    run(process.execPath, [CLI, ...args], {
      env: { ...process.env, AWS_ENDPOINT: env.emulator.endpoint, AWS_REGION: env.emulator.region, AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' },
      timeout: 20_000,
    });

  it('When an operator lists, peeks and redrives by id, then the CLI shows the DLQs, the message, and moves just that one', async () => {
    const { MessageId } = await aws.sqs.send(new SendMessageCommand({ QueueUrl: topology.queueUrls[DLQ], MessageBody: '{"broken": true}', MessageAttributes: { poison_reason: { DataType: 'String', StringValue: 'cli-test' } } }));
    const list = await dlq('list');
    for (const queue of TOPOLOGY.queues) expect(list.stdout).to.contain(`${queue.name}-dlq`);
    const peek = await dlq('peek', DLQ, '--limit', '100');
    expect(peek.stdout).to.contain(MessageId).and.contain('cli-test');
    const redrive = await dlq('redrive', DLQ, '--id', MessageId!);
    expect(redrive.stdout).to.contain('moved: 1').and.contain('receive-send-delete');
    const peeked = await new DeadLetters(new QueueDirectory(aws.sqs, TOPOLOGY.queues), createLogger({ name: 'cli-test', level: 'silent' })).peek(DLQ, 100);
    expect(peeked.map((letter) => letter.message_id)).not.to.include(MessageId);
  });

  it('When the queue is unknown or the command missing, then the CLI says so and exits non-zero', async () => {
    const unknown = await dlq('peek', 'no-such-dlq').then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(unknown).to.include({ code: 1 });
    expect(unknown!.stderr).to.contain('no-such-dlq');
    const usage = await dlq().then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(usage).to.include({ code: 2 });
    expect(usage!.stderr).to.contain('usage: npm run dlq');
  });
});
