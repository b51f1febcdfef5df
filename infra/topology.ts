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
  media: 'media-episode-events',
} as const;

/** The S3 bucket for thumbnails and raw video. */
export const MEDIA_BUCKET = 'episodic-media';

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
        { topic: TOPICS.gateway, types: ['access.recorded'] },
      ],
    },
    {
      name: QUEUES.media,
      visibilityTimeoutSeconds: 60,
      maxReceiveCount: 5,
      subscriptions: [{ topic: TOPICS.catalog, types: ['episode.'] }],
    },
  ],
  buckets: [MEDIA_BUCKET],
};
