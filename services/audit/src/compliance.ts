import type { Sequelize } from 'sequelize';
import { PeriodicTask, type Logger } from '@episodic/core';
import type { AwsClients } from '@episodic/messaging';
import { createObjectStore } from '@episodic/storage';
import type { ConfigOf } from '@episodic/core';
import type { COMPLIANCE_SETTINGS } from './compliance-settings.ts';
import type { ActivityRepository } from './data/activity-repository.ts';
import { createArchive, type Archive } from './data/archive.ts';
import { createRetentionRepository, type RetentionRepository } from './data/retention-repository.ts';
import { headAnchoring } from './domain/anchoring.ts';
import { retentionPass } from './domain/retention.ts';

export interface Compliance {
  archive: Archive;
  retention: RetentionRepository;
  /** Stops the periodic work and writes a last anchor. */
  stop(): Promise<void>;
}

/**
 * The audit service's background duties: anchoring the chain head to the archive bucket at a
 * fixed interval (and once more on stop), and retention passes when a retention period is set.
 */
export function startCompliance(deps: { config: ConfigOf<typeof COMPLIANCE_SETTINGS>; sequelize: Sequelize; aws: AwsClients; activity: ActivityRepository; logger: Logger }): Compliance {
  const { config, activity, logger } = deps;
  // Object Lock (in AWS) refuses a put without a checksum.
  const archive = createArchive(createObjectStore({ s3: deps.aws.s3, bucket: config.AUDIT_ARCHIVE_BUCKET, timeoutMs: config.AUDIT_ARCHIVE_TIMEOUT_MS, checksumPuts: true }));
  const retention = createRetentionRepository(deps.sequelize);
  const anchor = headAnchoring(activity, archive, logger);
  const anchoring = new PeriodicTask({ name: 'chain anchor', intervalMs: config.AUDIT_ANCHOR_INTERVAL_MS, logger, pass: async () => (await anchor(), false) });
  const days = config.AUDIT_RETENTION_DAYS;
  const pruning = days === undefined ? undefined : new PeriodicTask({
    name: 'retention pass',
    intervalMs: config.AUDIT_RETENTION_INTERVAL_MS,
    logger,
    pass: async () => (await retentionPass({ activity, retention, archive, logger }, { retentionDays: days, segmentRows: config.AUDIT_SEGMENT_ROWS }), false),
  });
  anchoring.start();
  pruning?.start();
  return {
    archive,
    retention,
    async stop() {
      await pruning?.stop();
      await anchoring.stop();
      await anchor().catch((error: unknown) => logger.error({ err: error }, 'last anchor on shutdown failed'));
    },
  };
}
