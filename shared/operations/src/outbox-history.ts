import type { SQSClient } from '@aws-sdk/client-sqs';
import { PeriodicTask, type Logger } from '@episodic/core';
import type { Outbox } from '@episodic/db';
import type { QueueSpec } from '@episodic/messaging';
import type { Sequelize } from 'sequelize';
import { QueueDirectory } from './queues.ts';
import { OutboxReplay } from './replay.ts';

/** The setting of every producing service (spread into its config spec). */
export const OUTBOX_HISTORY_SETTINGS = {
  OUTBOX_RETENTION_DAYS: {
    type: 'integer',
    default: 7,
    minimum: 1,
    maximum: 3650,
    description: 'Days published events stay in the outbox as history for replays (POST /api/v1/admin/replays); older ones are deleted hourly.',
  },
} as const;

const PRUNE_INTERVAL_MS = 3_600_000;

export interface OutboxHistoryOptions {
  sequelize: Sequelize;
  outbox: Outbox;
  sqs: SQSClient;
  /** The topology's queues: the subscribers a replay may target. */
  queues: readonly QueueSpec[];
  service: string;
  topic: string;
  retentionDays: number;
  logger: Logger;
}

/** A producing service's outbox history: replays from it, and the hourly pruning that bounds it. */
export interface OutboxHistory {
  replay: OutboxReplay;
  pruning: PeriodicTask;
}

/**
 * What main.ts of a producing service starts besides its relay:
 *
 *   const history = outboxHistory({ sequelize, outbox, sqs, queues: TOPOLOGY.queues, service: 'catalog', topic, retentionDays, logger });
 *   history.pruning.start();  buildApp({ ..., replay: history.replay });   // on shutdown: await history.pruning.stop()
 */
export function outboxHistory(options: OutboxHistoryOptions): OutboxHistory {
  const { sequelize, outbox, sqs, queues, service, topic, retentionDays, logger } = options;
  const replay = new OutboxReplay({ sequelize, queues: new QueueDirectory(sqs, queues), service, topic, retentionDays, logger });
  const pruning = new PeriodicTask({
    name: 'outbox pruning',
    intervalMs: PRUNE_INTERVAL_MS,
    logger,
    pass: async () => {
      const removed = await outbox.prunePublished(new Date(Date.now() - retentionDays * 86_400_000));
      if (removed > 0) logger.info({ removed, retentionDays }, 'published events past retention removed from the outbox');
      return false;
    },
  });
  return { replay, pruning };
}
