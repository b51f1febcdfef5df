import { ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Sequelize } from 'sequelize';
import { guard } from '@episodic/core';
import { checkDatabase } from '@episodic/db';
import type { ReadinessCheck } from '@episodic/http';

const PROBE_TIMEOUT_MS = 1500;

/** The queue catalog consumes processing's events from. */
export interface ConsumedQueue {
  sqs: SQSClient;
  url: string;
}

/**
 * What `/ready` checks: the database answers, SNS answers a cheap ListTopics call and, given
 * the queue catalog consumes, SQS answers about it. Events of writes made while SNS is down are
 * kept in the outbox, and processing's events wait in the queue, but a load balancer should
 * still prefer an instance that can publish and consume.
 */
export function readinessChecks(sequelize: Sequelize, sns: SNSClient, queue?: ConsumedQueue): Record<string, ReadinessCheck> {
  const listTopics = guard('SNS', () => sns.send(new ListTopicsCommand({})), { timeoutMs: PROBE_TIMEOUT_MS });
  const checks: Record<string, ReadinessCheck> = {
    database: () => checkDatabase(sequelize),
    sns: () => listTopics(),
  };
  if (queue) {
    const probeQueue = guard('SQS', () => queue.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['QueueArn'] })), { timeoutMs: PROBE_TIMEOUT_MS });
    checks['queue'] = () => probeQueue();
  }
  return checks;
}
