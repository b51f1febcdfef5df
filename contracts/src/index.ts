/*
 * @episodic/contracts: the JSON Schemas of the REST bodies and the events, the TypeScript
 * types derived from them (same name as the schema), and the OpenAPI 3.1 and AsyncAPI 3
 * documents built from the same schemas.
 */
export { Episode, EpisodeCreate, EpisodeUpdate, EpisodeListQuery, EpisodeList, IdParams, PROCESSING_STATUSES, EPISODE_SORTS } from './rest/episodes.ts';
export { Metadata, MetadataWrite } from './rest/metadata.ts';
export { ActivityLog, ActivityQuery, ActivityList, ChainVerification, ACTIVITY_ACTIONS, AUDIT_ACTIONS, AUDIT_OUTCOMES, SUMMARY_GROUPS, SummaryQuery, AuditSummary, LegalHold, LegalHoldCreate, LegalHoldList } from './rest/audit.ts';
export { Problem } from './rest/problem.ts';
export { VideoMultipartUpload, VideoPartUrls, VideoPartUrlsQuery, VideoUploadComplete, VideoUploadParams, VIDEO_UPLOAD_STATUSES, MAX_PARTS, MAX_PART_URLS } from './rest/video-uploads.ts';
export { ProcessingJob, ProcessingJobList, ProcessingQueueQuery, ProcessRequest, ThumbnailJobConfig, MetadataJobConfig, VideoUpload, VideoUploadRequest, JOB_TYPES, JOB_STATUSES, VIDEO_CONTENT_TYPES } from './rest/processing.ts';
export { Thumbnail, Rendition, ThumbnailDetails, ThumbnailList, ThumbnailListQuery, ThumbnailUpload, ThumbnailUploadFields, THUMBNAIL_TYPES, IMAGE_FORMATS } from './rest/thumbnails.ts';
export { EVENT_TYPES, EVENT_TOPICS, EVENT_DATA_SCHEMAS, Actor, EventEnvelope, eventEnvelopeSchema, isEventType } from './events/index.ts';
export type { EventType, EventDataOf, EventOf } from './events/index.ts';
export { OPERATIONS } from './operations.ts';
export type { Operation, SuccessResponse, ResponseHeader, JsonSchema } from './operations.ts';
export { buildOpenApi } from './openapi.ts';
export type { OpenApiOptions } from './openapi.ts';
export { buildAsyncApi } from './asyncapi.ts';
export { schemaComponents } from './schema-components.ts';
export type { SchemaComponents } from './schema-components.ts';
export { embed } from './embed.ts';

/* The earlier `…T` names of the derived types, kept for code that imports them. */
export type {
  Episode as EpisodeT,
  EpisodeCreate as EpisodeCreateT,
  EpisodeUpdate as EpisodeUpdateT,
  EpisodeListQuery as EpisodeListQueryT,
} from './rest/episodes.ts';
export type { Metadata as MetadataT, MetadataWrite as MetadataWriteT } from './rest/metadata.ts';
export type { ActivityLog as ActivityLogT, ActivityQuery as ActivityQueryT } from './rest/audit.ts';
export { QueueParams, PeekQuery, DeadLetterQueueList, DeadLetterPeek, RedriveRequest, RedriveResult, ReplayRequest, ReplayResult } from './rest/admin.ts';
