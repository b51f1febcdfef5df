import type { FromSchema } from 'json-schema-to-ts';
import type { Episode as EpisodeSchema, EpisodeCreate as EpisodeCreateSchema, EpisodeUpdate as EpisodeUpdateSchema, EpisodeListQuery as EpisodeListQuerySchema } from './rest/episodes.ts';
import type { Metadata as MetadataSchema, MetadataWrite as MetadataWriteSchema } from './rest/metadata.ts';
import type { ActivityLog as ActivityLogSchema, ActivityQuery as ActivityQuerySchema } from './rest/audit.ts';

export { Episode, EpisodeCreate, EpisodeUpdate, EpisodeListQuery, EpisodeList, IdParams, PROCESSING_STATUSES, EPISODE_SORTS } from './rest/episodes.ts';
export { Metadata, MetadataWrite } from './rest/metadata.ts';
export { ActivityLog, ActivityQuery, ActivityList, ChainVerification, AUDIT_ACTIONS, AUDIT_OUTCOMES } from './rest/audit.ts';
export { Problem } from './rest/problem.ts';
export { EVENT_DATA_SCHEMAS, EVENT_TYPES, EVENT_TOPICS, eventEnvelopeSchema } from './events/index.ts';
export type { EventType, EventDataOf } from './events/index.ts';
export { OPERATIONS, buildOpenApi, buildAsyncApi } from './openapi.ts';
export type { Operation } from './openapi.ts';
export { embed } from './embed.ts';

export type EpisodeT = FromSchema<typeof EpisodeSchema>;
export type EpisodeCreateT = FromSchema<typeof EpisodeCreateSchema>;
export type EpisodeUpdateT = FromSchema<typeof EpisodeUpdateSchema>;
export type EpisodeListQueryT = FromSchema<typeof EpisodeListQuerySchema>;
export type MetadataT = FromSchema<typeof MetadataSchema>;
export type MetadataWriteT = FromSchema<typeof MetadataWriteSchema>;
export type ActivityLogT = FromSchema<typeof ActivityLogSchema>;
export type ActivityQueryT = FromSchema<typeof ActivityQuerySchema>;
