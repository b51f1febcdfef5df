import { DeadLetterPeek, DeadLetterQueueList, PeekQuery, QueueParams, RedriveRequest, RedriveResult, ReplayRequest, ReplayResult } from './rest/admin.ts';
import { Episode, EpisodeCreate, EpisodeList, EpisodeListQuery, EpisodeUpdate, IdParams } from './rest/episodes.ts';
import { Metadata, MetadataWrite } from './rest/metadata.ts';
import { ActivityList, ActivityQuery, AuditSummary, ChainVerification, LegalHold, LegalHoldCreate, LegalHoldList, SummaryQuery } from './rest/audit.ts';
import { ProcessingJob, ProcessingJobList, ProcessingQueueQuery, ProcessRequest, VideoUpload, VideoUploadRequest } from './rest/processing.ts';
import { VideoMultipartUpload, VideoPartUrls, VideoPartUrlsQuery, VideoUploadComplete, VideoUploadParams } from './rest/video-uploads.ts';
import { ThumbnailDetails, Thumbnail, ThumbnailList, ThumbnailListQuery, ThumbnailUpload } from './rest/thumbnails.ts';

/** A JSON Schema object of this package (one of the exported `as const` schemas). */
export type JsonSchema = { readonly $id?: string; readonly properties?: Readonly<Record<string, unknown>> };

/** Response headers the API sets, documented once in the OpenAPI components. */
export type ResponseHeader = 'Location' | 'ETag' | 'Last-Modified' | 'Link' | 'Content-Disposition';

/** A success answer of an operation; errors are listed by status only (all are Problems). */
export interface SuccessResponse {
  status: 200 | 201 | 202 | 204;
  description: string;
  /** The JSON body; absent for 204. */
  schema?: JsonSchema;
  headers?: readonly ResponseHeader[];
  /** Also answers `text/csv` (with `?format=csv`). */
  csv?: boolean;
  /** The body is bytes of this media type (e.g. `image/*`) rather than JSON. */
  binary?: string;
}

/** One REST route: the same schemas validate its requests and document it. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI template, e.g. `/api/v1/episodes/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tag: 'episodes' | 'metadata' | 'thumbnails' | 'processing' | 'audit' | 'admin';
  params?: JsonSchema;
  query?: JsonSchema;
  body?: JsonSchema;
  /** How the body is sent; `application/json` unless said otherwise. */
  bodyMediaType?: 'application/json' | 'multipart/form-data';
  /** Honours `If-Match` (answers 412 when the ETag is stale). */
  conditional?: boolean;
  success: SuccessResponse;
  /** Problem statuses particular to this route; 401, 403 and 503 apply to every route. */
  errors: readonly number[];
}

const EPISODE_HEADERS = ['ETag', 'Last-Modified'] as const;
const BODY_ERRORS = [400, 413, 415] as const;

/** The episode routes (catalog). */
const episodes: readonly Operation[] = [
  {
    method: 'get', path: '/api/v1/episodes', operationId: 'listEpisodes', tag: 'episodes',
    summary: 'List live episodes (keyset pagination, filters, sort)',
    query: EpisodeListQuery, success: { status: 200, description: 'A page of episodes', schema: EpisodeList }, errors: [400],
  },
  {
    method: 'post', path: '/api/v1/episodes', operationId: 'createEpisode', tag: 'episodes',
    summary: 'Create an episode (its show/season/episode must be free)',
    body: EpisodeCreate, success: { status: 201, description: 'Created', schema: Episode, headers: ['Location', ...EPISODE_HEADERS] },
    errors: [...BODY_ERRORS, 409],
  },
  {
    method: 'get', path: '/api/v1/episodes/{id}', operationId: 'getEpisode', tag: 'episodes',
    summary: 'Get one live episode', params: IdParams,
    success: { status: 200, description: 'The episode', schema: Episode, headers: EPISODE_HEADERS }, errors: [400, 404],
  },
  {
    method: 'put', path: '/api/v1/episodes/{id}', operationId: 'updateEpisode', tag: 'episodes',
    summary: 'Update an episode (the fields sent; others stay)', params: IdParams, body: EpisodeUpdate, conditional: true,
    success: { status: 200, description: 'The updated episode', schema: Episode, headers: EPISODE_HEADERS },
    errors: [...BODY_ERRORS, 404, 409, 412],
  },
  {
    method: 'patch', path: '/api/v1/episodes/{id}', operationId: 'patchEpisode', tag: 'episodes',
    summary: 'Partially update an episode', params: IdParams, body: EpisodeUpdate, conditional: true,
    success: { status: 200, description: 'The updated episode', schema: Episode, headers: EPISODE_HEADERS },
    errors: [...BODY_ERRORS, 404, 409, 412],
  },
  {
    method: 'delete', path: '/api/v1/episodes/{id}', operationId: 'deleteEpisode', tag: 'episodes',
    summary: 'Soft-delete an episode (its thumbnails and jobs follow)', params: IdParams, conditional: true,
    success: { status: 204, description: 'Deleted' }, errors: [400, 404, 412],
  },
];

/** The metadata sub-resource of an episode (catalog). */
const metadata: readonly Operation[] = [
  {
    method: 'get', path: '/api/v1/episodes/{id}/metadata', operationId: 'getMetadata', tag: 'metadata',
    summary: "Get an episode's extracted metadata", params: IdParams,
    success: { status: 200, description: 'The metadata', schema: Metadata }, errors: [400, 404],
  },
  {
    method: 'post', path: '/api/v1/episodes/{id}/metadata', operationId: 'storeMetadata', tag: 'metadata',
    summary: "Store an episode's first metadata (a second is a 409: use PUT)", params: IdParams, body: MetadataWrite,
    success: { status: 201, description: 'Stored', schema: Metadata, headers: ['Location'] }, errors: [...BODY_ERRORS, 404, 409],
  },
  {
    method: 'put', path: '/api/v1/episodes/{id}/metadata', operationId: 'updateMetadata', tag: 'metadata',
    summary: "Update an episode's metadata (the fields sent; others stay)", params: IdParams, body: MetadataWrite,
    success: { status: 200, description: 'The updated metadata', schema: Metadata }, errors: [...BODY_ERRORS, 404],
  },
];

/** Thumbnails of an episode (media). */
const thumbnails: readonly Operation[] = [
  {
    method: 'get', path: '/api/v1/episodes/{id}/thumbnails', operationId: 'listThumbnails', tag: 'thumbnails',
    summary: "List an episode's thumbnails, the primary first", params: IdParams, query: ThumbnailListQuery,
    success: { status: 200, description: 'A page of thumbnails', schema: ThumbnailList }, errors: [400, 404],
  },
  {
    method: 'post', path: '/api/v1/episodes/{id}/thumbnails', operationId: 'uploadThumbnail', tag: 'thumbnails',
    summary: 'Upload an image (JPEG, PNG, WebP or AVIF) as a thumbnail; it is auto-rotated, stripped of metadata and resized',
    params: IdParams, body: ThumbnailUpload, bodyMediaType: 'multipart/form-data',
    success: { status: 201, description: 'Stored', schema: Thumbnail, headers: ['Location'] }, errors: [400, 404, 413, 415, 422],
  },
  {
    method: 'get', path: '/api/v1/thumbnails/{id}', operationId: 'getThumbnail', tag: 'thumbnails',
    summary: 'Get a thumbnail with time-limited download URLs', params: IdParams,
    success: { status: 200, description: 'The thumbnail', schema: ThumbnailDetails }, errors: [400, 404],
  },
  {
    method: 'get', path: '/api/v1/thumbnails/{id}/content', operationId: 'downloadThumbnail', tag: 'thumbnails',
    summary: "Download a thumbnail's original image through the API (recorded as a download)", params: IdParams,
    success: { status: 200, description: 'The image bytes', binary: 'image/*', headers: ['ETag', 'Content-Disposition'] }, errors: [400, 404],
  },
  {
    method: 'delete', path: '/api/v1/thumbnails/{id}', operationId: 'deleteThumbnail', tag: 'thumbnails',
    summary: 'Delete a thumbnail and its objects in S3', params: IdParams,
    success: { status: 204, description: 'Deleted' }, errors: [400, 404],
  },
];

/** Raw video and processing jobs (processing). */
const processing: readonly Operation[] = [
  {
    method: 'post', path: '/api/v1/episodes/{id}/video', operationId: 'requestVideoUpload', tag: 'processing',
    summary: "Get one presigned S3 PUT URL for the episode's raw video (exact type and size, short expiry; up to VIDEO_SINGLE_PUT_MAX_BYTES)", params: IdParams, body: VideoUploadRequest,
    success: { status: 201, description: 'Where and how to PUT the file', schema: VideoUpload }, errors: [...BODY_ERRORS, 404],
  },
  {
    method: 'post', path: '/api/v1/episodes/{id}/video/uploads', operationId: 'startVideoMultipartUpload', tag: 'processing',
    summary: "Start a resumable multipart upload of the episode's raw video (up to VIDEO_MAX_BYTES): the part size, and presigned PUT URLs of the first parts",
    params: IdParams, body: VideoUploadRequest,
    success: { status: 201, description: 'The upload, with part_urls', schema: VideoMultipartUpload, headers: ['Location'] }, errors: [...BODY_ERRORS, 404],
  },
  {
    method: 'get', path: '/api/v1/episodes/{id}/video/uploads/{upload_id}', operationId: 'getVideoUpload', tag: 'processing',
    summary: 'A multipart upload with the parts received so far and those missing (to resume)', params: VideoUploadParams,
    success: { status: 200, description: 'The upload', schema: VideoMultipartUpload }, errors: [400, 404],
  },
  {
    method: 'get', path: '/api/v1/episodes/{id}/video/uploads/{upload_id}/part-urls', operationId: 'getVideoPartUrls', tag: 'processing',
    summary: 'Fresh presigned PUT URLs for a range of part numbers', params: VideoUploadParams, query: VideoPartUrlsQuery,
    success: { status: 200, description: 'The URLs', schema: VideoPartUrls }, errors: [400, 404, 409, 410],
  },
  {
    method: 'post', path: '/api/v1/episodes/{id}/video/uploads/{upload_id}/complete', operationId: 'completeVideoUpload', tag: 'processing',
    summary: "Complete a multipart upload: the server lists the parts, checks them (and the client's ETags, if sent) and the size; then the video becomes the episode's (idempotent)",
    params: VideoUploadParams, body: VideoUploadComplete,
    success: { status: 200, description: 'The completed upload', schema: VideoMultipartUpload }, errors: [...BODY_ERRORS, 404, 409, 410, 422],
  },
  {
    method: 'delete', path: '/api/v1/episodes/{id}/video/uploads/{upload_id}', operationId: 'abortVideoUpload', tag: 'processing',
    summary: 'Abort a multipart upload; its parts are deleted', params: VideoUploadParams,
    success: { status: 204, description: 'Aborted' }, errors: [400, 404, 409],
  },
  {
    method: 'post', path: '/api/v1/episodes/{id}/process', operationId: 'requestProcessing', tag: 'processing',
    summary: 'Queue a thumbnail_generation or metadata_extraction job', params: IdParams, body: ProcessRequest,
    success: { status: 202, description: 'Queued', schema: ProcessingJob, headers: ['Location'] }, errors: [...BODY_ERRORS, 404, 409, 422],
  },
  {
    method: 'get', path: '/api/v1/processing-queue', operationId: 'listJobs', tag: 'processing',
    summary: 'List jobs, newest first (filter by status, job_type, episode_id)', query: ProcessingQueueQuery,
    success: { status: 200, description: 'A page of jobs', schema: ProcessingJobList }, errors: [400],
  },
  {
    method: 'get', path: '/api/v1/processing-queue/{id}', operationId: 'getJob', tag: 'processing',
    summary: 'Get one job', params: IdParams,
    success: { status: 200, description: 'The job', schema: ProcessingJob }, errors: [400, 404],
  },
];

/** The compliance routes (audit). */
const audit: readonly Operation[] = [
  {
    method: 'get', path: '/api/v1/audit/activity', operationId: 'listActivity', tag: 'audit',
    summary: 'Activity report by user, resource, action and time (JSON pages newest first, or every matching row as streamed CSV)', query: ActivityQuery,
    success: { status: 200, description: 'A page of activity', schema: ActivityList, csv: true, headers: ['Link', 'Content-Disposition'] },
    errors: [400],
  },
  {
    method: 'get', path: '/api/v1/audit/reports/summary', operationId: 'summarizeActivity', tag: 'audit',
    summary: 'Counts of activity per user, action, resource type or outcome over a time range (JSON or CSV)', query: SummaryQuery,
    success: { status: 200, description: 'The counts', schema: AuditSummary, csv: true, headers: ['Content-Disposition'] }, errors: [400],
  },
  {
    method: 'get', path: '/api/v1/audit/legal-holds', operationId: 'listLegalHolds', tag: 'audit',
    summary: 'Legal holds, active and lifted', success: { status: 200, description: 'The holds', schema: LegalHoldList }, errors: [],
  },
  {
    method: 'post', path: '/api/v1/audit/legal-holds', operationId: 'createLegalHold', tag: 'audit',
    summary: "Place a legal hold on a user's or a resource's rows (retention keeps every segment holding one)", body: LegalHoldCreate,
    success: { status: 201, description: 'The hold', schema: LegalHold, headers: ['Location'] }, errors: [...BODY_ERRORS],
  },
  {
    method: 'delete', path: '/api/v1/audit/legal-holds/{id}', operationId: 'liftLegalHold', tag: 'audit',
    summary: 'Lift a legal hold (it stays listed, with who lifted it and when)', params: IdParams,
    success: { status: 200, description: 'The lifted hold', schema: LegalHold }, errors: [400, 404],
  },
  {
    method: 'get', path: '/api/v1/audit/verify', operationId: 'verifyAuditChain', tag: 'audit',
    summary: "Verify the audit log's hash chain", success: { status: 200, description: 'The verdict', schema: ChainVerification }, errors: [],
  },
];

/** Operations on the event flow (docs/EVENTS.md): dead-letter queues and replays. */
const admin: readonly Operation[] = [
  {
    method: 'get', path: '/api/v1/admin/dead-letters', operationId: 'listDeadLetterQueues', tag: 'admin',
    summary: 'Every dead-letter queue of the topology with its depth and the age of its oldest message',
    success: { status: 200, description: 'The DLQs', schema: DeadLetterQueueList }, errors: [],
  },
  {
    method: 'get', path: '/api/v1/admin/dead-letters/{queue}', operationId: 'peekDeadLetters', tag: 'admin',
    summary: 'Peek at the messages of a DLQ without consuming them', params: QueueParams, query: PeekQuery,
    success: { status: 200, description: 'The messages seen', schema: DeadLetterPeek }, errors: [400, 404],
  },
  {
    method: 'post', path: '/api/v1/admin/dead-letters/{queue}/redrive', operationId: 'redriveDeadLetters', tag: 'admin',
    summary: 'Move messages of a DLQ back to their source queue (all, or by message id)', params: QueueParams, body: RedriveRequest,
    success: { status: 200, description: 'What moved', schema: RedriveResult }, errors: [...BODY_ERRORS, 404],
  },
  {
    method: 'post', path: '/api/v1/admin/replays', operationId: 'replayEvents', tag: 'admin',
    summary: "Send a producer's events of a time range (from its outbox history) to one subscriber queue", body: ReplayRequest,
    success: { status: 200, description: 'What was sent', schema: ReplayResult }, errors: [...BODY_ERRORS, 404],
  },
];

/** Every REST route that exists now, in documentation order. */
export const OPERATIONS: readonly Operation[] = [...episodes, ...metadata, ...thumbnails, ...processing, ...audit, ...admin];
