import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { startEmulator, type Emulator } from '../src/emulator.ts';

function clients(emulator: Emulator) {
  const config = { endpoint: emulator.endpoint, region: emulator.region, credentials: emulator.credentials };
  return { sns: new SNSClient(config), sqs: new SQSClient(config), s3: new S3Client({ ...config, forcePathStyle: true }) };
}

async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const found = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return found.Attributes!.QueueArn!;
}

describe('testing/startEmulator', () => {
  let emulator: Emulator;
  let aws: ReturnType<typeof clients>;
  before(async () => {
    emulator = await startEmulator({ messageSpies: true });
    aws = clients(emulator);
  });
  after(() => emulator.stop());

  it('When a topic fans out to a queue with raw delivery and a filter on "type", then only matching events arrive, unwrapped', async () => {
    const { TopicArn } = await aws.sns.send(new CreateTopicCommand({ Name: 'episode-events' }));
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: 'audit-episode-events' }));
    expect(QueueUrl).to.match(/\/000000000000\/audit-episode-events$/);
    await aws.sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: await queueArn(aws.sqs, QueueUrl!),
        Attributes: { RawMessageDelivery: 'true', FilterPolicy: JSON.stringify({ type: [{ prefix: 'episode.' }] }) },
      }),
    );
    const publish = (type: string, body: object) =>
      aws.sns.send(
        new PublishCommand({ TopicArn, Message: JSON.stringify(body), MessageAttributes: { type: { DataType: 'String', StringValue: type } } }),
      );

    await publish('thumbnail.generated', { id: 'not-for-audit' });
    await publish('episode.created', { id: 'ep-1' });

    const received = await aws.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1, MessageAttributeNames: ['All'] }),
    );
    expect(received.Messages?.map((message) => message.Body)).to.deep.equal([JSON.stringify({ id: 'ep-1' })]);
    expect(received.Messages![0]!.MessageAttributes?.type?.StringValue).to.equal('episode.created');
    const left = emulator.server.inspectQueue('audit-episode-events')!;
    expect(left.messages.ready).to.have.length(0);
  });

  it('When a message was received twice without delete on a queue with maxReceiveCount 2, then the next receive moves it to the DLQ', async () => {
    const dlq = await aws.sqs.send(new CreateQueueCommand({ QueueName: 'work-dlq' }));
    const { QueueUrl } = await aws.sqs.send(
      new CreateQueueCommand({
        QueueName: 'work',
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: await queueArn(aws.sqs, dlq.QueueUrl!), maxReceiveCount: 2 }) },
      }),
    );
    await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'poison' }));
    // VisibilityTimeout 0: the message is back at once, as if each consumer had crashed.
    const receive = (url: string, wait = 1) => aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, VisibilityTimeout: 0, WaitTimeSeconds: wait }));

    expect((await receive(QueueUrl!)).Messages?.[0]?.Body).to.equal('poison');
    expect((await receive(QueueUrl!)).Messages?.[0]?.Body).to.equal('poison');
    // As on AWS, the move happens when a receive finds the count exceeded.
    expect((await receive(QueueUrl!, 0)).Messages ?? []).to.have.length(0);
    const moved = await emulator.server.spy.waitForMessage({ service: 'sqs', queueName: 'work' }, 'dlq', 5_000);
    expect(moved.status).to.equal('dlq');

    expect((await receive(dlq.QueueUrl!)).Messages?.[0]?.Body).to.equal('poison');
    expect(emulator.server.inspectQueue('work')!.messages.ready).to.have.length(0);
  });

  it('When an object is put through a path-style S3 client, then it reads back byte for byte', async () => {
    await aws.s3.send(new CreateBucketCommand({ Bucket: 'thumbnails' }));
    const bytes = Buffer.from([0xff, 0xd8, 0xff, 0x00, 0x42]);
    await aws.s3.send(new PutObjectCommand({ Bucket: 'thumbnails', Key: 'ep-1/320.webp', Body: bytes, ContentType: 'image/webp' }));
    const got = await aws.s3.send(new GetObjectCommand({ Bucket: 'thumbnails', Key: 'ep-1/320.webp' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).to.deep.equal(bytes);
    expect(got.ContentType).to.equal('image/webp');
  });

  it('When its port is already taken, then starting another fails with one line naming the port', async () => {
    const port = Number(new URL(emulator.endpoint).port);
    const error = await startEmulator({ port }).catch((caught: Error) => caught);
    expect((error as Error).message).to.equal(
      `Port ${port} is already in use, so the SNS/SQS/S3 emulator cannot listen on it: stop whatever holds it or choose another port.`,
    );
  });

  it('When started again on the same data folder, then queues and waiting messages are still there', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'episodic-emulator-'));
    try {
      const first = await startEmulator({ dataDir });
      const { QueueUrl } = await clients(first).sqs.send(new CreateQueueCommand({ QueueName: 'kept' }));
      await clients(first).sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'still here' }));
      await first.stop();

      const second = await startEmulator({ dataDir });
      try {
        const received = await clients(second).sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
        expect(received.Messages?.[0]?.Body).to.equal('still here');
      } finally {
        await second.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
