import { QUEUES, TOPICS } from '@episodic/infra';
import type { ConsumerService } from './settings.ts';

export type ServiceName = 'gateway' | 'catalog' | 'audit' | 'media' | 'processing';

/** What one Episodic service is to the infrastructure: derived from infra/topology.ts, never restated. */
export interface ServiceSpec {
  name: ServiceName;
  port: number;
  /** The topic it publishes to, and the setting naming it. */
  publishes?: { topic: string; setting: string };
  /** The queues it consumes (each with `<name>-dlq`), and the settings naming them. */
  consumes: { queue: string; setting: string }[];
  /**
   * Its event consumer may run as a Lambda (services/<name>/src/lambda.ts) on these queues; the
   * service's tasks then need `consumerSwitch=false` to leave them to it.
   */
  lambdaConsumer?: { service: ConsumerService; queues: string[]; consumerSwitch: string };
  database: boolean;
  /** Reads and writes objects under `episodes/` in the media bucket. */
  mediaBucket: boolean;
  /** Writes chain anchors and retention segments to the Object Lock archive bucket (AUDIT_ARCHIVE_BUCKET). */
  archiveBucket?: boolean;
  /** Its migrations create a group role (audit's 04 creates episodic_audit_writer), so its login may create roles. */
  createsRoles?: boolean;
  /**
   * The service connects as this login, a member of a group role its migrations create, never as
   * its database's owner. Each task first runs `services/<name>/src/migrate.ts` as the owner in an
   * init container (migrations, then the login from its own secret); the service's container and
   * its consumer Lambda only get the login's secret.
   */
  serviceLogin?: string;
}

/** The five services, in the order they are described in docs/ARCHITECTURE.md. */
export const SERVICE_SPECS: readonly ServiceSpec[] = [
  { name: 'gateway', port: 3000, publishes: { topic: TOPICS.gateway, setting: 'GATEWAY_TOPIC' }, consumes: [], database: false, mediaBucket: false },
  {
    name: 'catalog', port: 3001, publishes: { topic: TOPICS.catalog, setting: 'CATALOG_TOPIC' },
    consumes: [{ queue: QUEUES.catalog, setting: 'CATALOG_QUEUE_NAME' }],
    lambdaConsumer: { service: 'catalog', queues: [QUEUES.catalog], consumerSwitch: 'CATALOG_CONSUMER_ENABLED' }, database: true, mediaBucket: false,
  },
  {
    name: 'audit', port: 3002,
    // Domain events and access records arrive on queues of their own: a write's row never waits behind a read flood.
    consumes: [{ queue: QUEUES.audit, setting: 'AUDIT_QUEUE_NAME' }, { queue: QUEUES.auditAccess, setting: 'AUDIT_ACCESS_QUEUE_NAME' }],
    lambdaConsumer: { service: 'audit', queues: [QUEUES.audit, QUEUES.auditAccess], consumerSwitch: 'AUDIT_CONSUMER_ENABLED' }, database: true, mediaBucket: false,
    archiveBucket: true, createsRoles: true, serviceLogin: 'episodic_audit_service',
  },
  {
    name: 'media', port: 3003, publishes: { topic: TOPICS.media, setting: 'MEDIA_TOPIC' },
    consumes: [{ queue: QUEUES.media, setting: 'MEDIA_QUEUE_NAME' }],
    lambdaConsumer: { service: 'media', queues: [QUEUES.media], consumerSwitch: 'MEDIA_CONSUMER_ENABLED' }, database: true, mediaBucket: true,
  },
  {
    name: 'processing', port: 3004, publishes: { topic: TOPICS.processing, setting: 'PROCESSING_TOPIC' },
    consumes: [{ queue: QUEUES.processing, setting: 'PROCESSING_QUEUE_NAME' }, { queue: QUEUES.jobs, setting: 'JOBS_QUEUE_NAME' }],
    // Jobs run ffmpeg for minutes on a heartbeat: they stay on Fargate; only episode events may move.
    lambdaConsumer: { service: 'processing', queues: [QUEUES.processing], consumerSwitch: 'PROCESSING_CONSUMER_ENABLED' }, database: true, mediaBucket: true,
  },
];

export const DATABASE_SERVICES = SERVICE_SPECS.filter((spec) => spec.database).map((spec) => spec.name);
export const ROLE_CREATING_SERVICES = SERVICE_SPECS.filter((spec) => spec.createsRoles).map((spec) => spec.name);
/** Services that connect as a login of their own (service → login role name). */
export const SERVICE_LOGINS: Record<string, string> = Object.fromEntries(SERVICE_SPECS.flatMap((spec) => (spec.serviceLogin ? [[spec.name, spec.serviceLogin]] : [])));

/** The object prefix media and processing work under (thumbnails, frames, raw video). */
export const MEDIA_PREFIX = 'episodes/';
