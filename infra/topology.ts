import type { Topology } from '@episodic/messaging';

/** SNS topics: one per producing service. Downstream systems subscribe their own queues. */
export const TOPICS = {
  catalog: 'catalog-events',
  media: 'media-events',
  processing: 'processing-events',
  gateway: 'gateway-events',
} as const;

/** SQS queues: one per consuming service (each with `<name>-dlq`). */
export const QUEUES = {
  audit: 'audit-events',
  /** Access records and gateway announcements, apart from domain events: a write's audit row never waits behind a read flood. */
  auditAccess: 'audit-access-events',
  media: 'media-episode-events',
  catalog: 'catalog-processing-events',
  processing: 'processing-episode-events',
  /** The work queue of processing's jobs: fed by processing.requested. */
  jobs: 'processing-jobs',
} as const;

/** The S3 bucket for thumbnails and raw video. */
export const MEDIA_BUCKET = 'episodic-media';

/** The audit archive: chain anchors and retention segments (S3 Object Lock in AWS; locally it cannot be made immutable). */
export const AUDIT_ARCHIVE_BUCKET = 'episodic-audit-archive';

/**
 * The one definition of topics, queues, DLQs, subscriptions (with filter policies on the
 * `type` attribute) and buckets. `npm start` applies it to the emulator; infra/aws turns
 * the same data into CloudFormation.
 */
export const TOPOLOGY: Topology = {
  topics: Object.values(TOPICS),
  queues: [
    {
      name: QUEUES.audit,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      subscriptions: [
        { topic: TOPICS.catalog, types: ['episode.', 'metadata.'] },
        { topic: TOPICS.media, types: ['thumbnail.'] },
        { topic: TOPICS.processing, types: ['video.uploaded', 'processing.'] },
      ],
    },
    {
      name: QUEUES.auditAccess,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      subscriptions: [{ topic: TOPICS.gateway, types: ['access.recorded', 'gateway.'] }],
    },
    {
      name: QUEUES.media,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      subscriptions: [
        { topic: TOPICS.catalog, types: ['episode.'] },
        { topic: TOPICS.processing, types: ['processing.completed'] },
      ],
    },
    {
      name: QUEUES.catalog,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      subscriptions: [{ topic: TOPICS.processing, types: ['video.uploaded', 'processing.'] }],
    },
    {
      name: QUEUES.processing,
      visibilityTimeoutSeconds: 30,
      maxReceiveCount: 5,
      subscriptions: [{ topic: TOPICS.catalog, types: ['episode.'] }],
    },
    {
      // Workers extend the visibility of the job in hand (heartbeat) and dead-letter it themselves
      // after max_retries; the redrive is a backstop for a job that crashes its worker every time.
      name: QUEUES.jobs,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 10,
      subscriptions: [{ topic: TOPICS.processing, types: ['processing.requested'] }],
    },
  ],
  buckets: [MEDIA_BUCKET, AUDIT_ARCHIVE_BUCKET],
};
