import type { SNSClient } from '@aws-sdk/client-sns';
import type { Logger } from '@episodic/core';
import { Outbox } from '@episodic/db';
import type { Sequelize } from 'sequelize';
import type { CloudEvent } from './envelope.ts';
import { createPublisher } from './publisher.ts';

export interface OutboxRelayOptions {
  sequelize: Sequelize;
  sns: SNSClient;
  /** Topic ARN without the topic name (arn:aws:sns:<region>:<account>:). */
  topicArnPrefix: string;
  pollIntervalMs: number;
  logger: Logger;
}

/**
 * A service's outbox with its relay publishing to SNS: what every producing service's main.ts
 * starts (`outbox.start()`) and drains on shutdown (`drainOutbox`).
 */
export function createOutboxRelay(options: OutboxRelayOptions): Outbox {
  const publish = createPublisher({ sns: options.sns, topicArnPrefix: options.topicArnPrefix, logger: options.logger });
  return new Outbox({
    sequelize: options.sequelize,
    logger: options.logger,
    pollIntervalMs: options.pollIntervalMs,
    publish: (topic, event, traceparent) => publish(topic, event as CloudEvent, traceparent),
  });
}

/**
 * Last passes over the outbox at shutdown, for events committed by the requests that just
 * finished; what SNS refuses stays for the next start.
 */
export async function drainOutbox(outbox: Outbox, logger: Logger): Promise<void> {
  await outbox.stop();
  let total = 0;
  for (;;) {
    const { published, failed } = await outbox.publishBatch().catch(() => ({ published: 0, failed: true }));
    total += published;
    if (failed || published === 0) {
      logger.info({ published: total, pending: failed }, 'outbox drained');
      return;
    }
  }
}
