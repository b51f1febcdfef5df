import { ListTopicsCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Sequelize } from 'sequelize';
import { guard } from '@episodic/core';
import { checkDatabase } from '@episodic/db';
import type { ReadinessCheck } from '@episodic/http';

const SNS_PROBE_TIMEOUT_MS = 1500;

/**
 * What `/ready` checks: the database answers, and SNS answers a cheap ListTopics call. Events
 * of writes made while SNS is down are kept in the outbox, but a load balancer should still
 * prefer an instance whose relay can publish.
 */
export function readinessChecks(sequelize: Sequelize, sns: SNSClient): Record<string, ReadinessCheck> {
  const listTopics = guard('SNS', () => sns.send(new ListTopicsCommand({})), { timeoutMs: SNS_PROBE_TIMEOUT_MS });
  return {
    database: () => checkDatabase(sequelize),
    sns: () => listTopics(),
  };
}
