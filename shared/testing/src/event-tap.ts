import { randomBytes } from 'node:crypto';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { SubscribeCommand, type SNSClient } from '@aws-sdk/client-sns';
import { waitFor } from '@episodic/core';
import type { CloudEvent } from '@episodic/messaging';

/**
 * A queue of the test's own, subscribed (raw delivery) to a topic, as a downstream system
 * would subscribe: what a test receives here went through the real SNS → SQS path.
 */
export class EventTap {
  readonly #sqs: SQSClient;
  readonly #queueUrl: string;
  readonly #received: CloudEvent[] = [];

  private constructor(sqs: SQSClient, queueUrl: string) {
    this.#sqs = sqs;
    this.#queueUrl = queueUrl;
  }

  /** Creates a fresh queue and subscribes it to `topicArn`. */
  static async subscribe(aws: { sns: SNSClient; sqs: SQSClient }, topicArn: string): Promise<EventTap> {
    const name = `event-tap-${randomBytes(4).toString('hex')}`;
    const { QueueUrl } = await aws.sqs.send(new CreateQueueCommand({ QueueName: name }));
    const { Attributes } = await aws.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    await aws.sns.send(
      new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes!.QueueArn!, Attributes: { RawMessageDelivery: 'true' } }),
    );
    return new EventTap(aws.sqs, QueueUrl!);
  }

  /** Every event received so far, in arrival order. */
  get received(): readonly CloudEvent[] {
    return this.#received;
  }

  /** Waits for the first event (received earlier or now) that `matches`. */
  async next(matches: (event: CloudEvent) => boolean, timeoutMs = 5000): Promise<CloudEvent> {
    return waitFor(
      async () => {
        const seen = this.#received.find(matches);
        if (seen) return seen;
        await this.#receive();
        return this.#received.find(matches);
      },
      { timeoutMs, what: 'an event on the test queue' },
    );
  }

  /** Waits for an event of `type` about `subject` caused by the request `correlationId` (any when omitted). */
  async eventOf(type: string, subject: string, correlationId?: string): Promise<CloudEvent> {
    return this.next((event) => event.type === type && event.subject === subject && (!correlationId || event.correlationid === correlationId));
  }

  async #receive(): Promise<void> {
    const { Messages = [] } = await this.#sqs.send(
      new ReceiveMessageCommand({ QueueUrl: this.#queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length === 0) return;
    for (const message of Messages) this.#received.push(JSON.parse(message.Body!) as CloudEvent);
    await this.#sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.#queueUrl,
        Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle! })),
      }),
    );
  }
}
