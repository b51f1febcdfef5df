import { DeadLetterPeek, DeadLetterQueueList, RedriveRequest, RedriveResult, ReplayRequest, ReplayResult } from './rest/admin.ts';
import { Episode, EpisodeCreate, EpisodeList, EpisodeUpdate } from './rest/episodes.ts';
import { Metadata, MetadataWrite } from './rest/metadata.ts';
import { ActivityList, ActivityLog, ChainVerification } from './rest/audit.ts';
import { Problem } from './rest/problem.ts';
import { ProcessingJob, ProcessingJobList, ProcessRequest, ThumbnailJobConfig, MetadataJobConfig, VideoUpload, VideoUploadRequest } from './rest/processing.ts';
import { VideoMultipartUpload, VideoPartUrls, VideoUploadComplete } from './rest/video-uploads.ts';
import { Rendition, Thumbnail, ThumbnailDetails, ThumbnailList, ThumbnailUpload } from './rest/thumbnails.ts';
import { OPERATIONS, type JsonSchema, type Operation, type ResponseHeader, type SuccessResponse } from './operations.ts';
import { schemaComponents, type SchemaComponents } from './schema-components.ts';

/** How the OpenAPI document is built for one deployment. */
export interface OpenApiOptions {
  /** The gateway's public origin, e.g. `https://api.example.com` (paths already carry /api/v1). */
  serverUrl: string;
  /**
   * Who may call a route, so the document states the rules the gateway enforces. Called with
   * the upper-case method and the POLICY-style template (`/api/v1/episodes/:id`).
   */
  rolesFor?: (method: string, path: string) => readonly string[];
}

const SCHEMAS = {
  Episode, EpisodeCreate, EpisodeUpdate, EpisodeList, Metadata, MetadataWrite,
  Thumbnail, Rendition, ThumbnailDetails, ThumbnailList, ThumbnailUpload,
  ProcessingJob, ProcessingJobList, ProcessRequest, ThumbnailJobConfig, MetadataJobConfig, VideoUpload, VideoUploadRequest,
  VideoMultipartUpload, VideoPartUrls, VideoUploadComplete,
  ActivityLog, ActivityList, ChainVerification, Problem,
  DeadLetterQueueList, DeadLetterPeek, RedriveRequest, RedriveResult, ReplayRequest, ReplayResult,
};

/** Problem statuses every route can answer (authentication, authorisation, an open circuit). */
const COMMON_ERRORS = [401, 403, 503] as const;

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid parameters or body; `errors` lists each field',
  401: 'Missing, expired or invalid bearer token',
  403: "The caller's role may not do this",
  404: 'No such live resource',
  409: 'Conflicts with the current state (e.g. a duplicate show/season/episode, or the same job already queued)',
  410: 'Gone for good (e.g. a multipart upload that expired)',
  412: 'If-Match names a version that is no longer current',
  413: 'Body too large',
  415: 'Body is not of a supported media type (application/json; for uploads an image of an allowed format)',
  422: 'Well-formed but not acceptable (e.g. an image above the pixel limit, or a job for an episode without video)',
  503: 'A dependency is unavailable; retry later',
};

const HEADERS: Readonly<Record<ResponseHeader | 'X-Request-Id', { description: string }>> = {
  'X-Request-Id': { description: "The request's id; it appears in logs and in the events the request caused" },
  Location: { description: 'URL of the created resource' },
  ETag: { description: "Strong validator of the resource's version; send it back in If-Match" },
  'Last-Modified': { description: 'When the resource last changed' },
  Link: { description: 'rel="next": the next page (CSV answers)' },
  'Content-Disposition': { description: 'The file name to save the body as, e.g. attachment; filename="activity.csv"' },
};

const headerRefs = (names: readonly string[]) =>
  Object.fromEntries(['X-Request-Id', ...names].map((name) => [name, { $ref: `#/components/headers/${name}` }]));

/** The `path`/`query`/`header` parameters of an operation, from its schemas' properties. */
function parameters(operation: Operation, components: SchemaComponents) {
  const from = (schema: JsonSchema | undefined, where: 'path' | 'query') => {
    const required = new Set((schema as { required?: readonly string[] } | undefined)?.required ?? []);
    return Object.entries(schema?.properties ?? {}).map(([name, property]) => {
      const description = (property as { description?: string }).description;
      return { name, in: where, required: where === 'path' || required.has(name), ...(description ? { description } : {}), schema: components.refer(property as object) };
    });
  };
  const ifMatch = { name: 'If-Match', in: 'header', required: false, description: 'An ETag from an earlier answer: the write applies only to that version (else 412)', schema: { type: 'string' } };
  return [...from(operation.params, 'path'), ...from(operation.query, 'query'), ...(operation.conditional ? [ifMatch] : [])];
}

function success(response: SuccessResponse, components: SchemaComponents) {
  if (response.binary) {
    const content = { [response.binary]: { schema: { type: 'string', contentMediaType: response.binary } } };
    return { description: response.description, headers: headerRefs(response.headers ?? []), content };
  }
  const content = response.schema
    ? {
        content: {
          'application/json': { schema: components.refer(response.schema) },
          ...(response.csv ? { 'text/csv': { schema: { type: 'string', description: 'Header row, then one row per item (RFC 4180)' } } } : {}),
        },
      }
    : {};
  return { description: response.description, headers: headerRefs(response.headers ?? []), ...content };
}

function problem(status: number) {
  return {
    description: ERROR_DESCRIPTIONS[status] ?? 'Problem',
    headers: headerRefs([]),
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  };
}

function pathItemOperation(operation: Operation, components: SchemaComponents, options: OpenApiOptions) {
  const roles = options.rolesFor?.(operation.method.toUpperCase(), operation.path.replace(/\{(\w+)\}/g, ':$1'));
  const statuses = [...new Set([...operation.errors, ...COMMON_ERRORS])].sort((a, b) => a - b);
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    tags: [operation.tag],
    ...(roles ? { description: `Roles: ${roles.length > 0 ? roles.join(', ') : 'none'}`, 'x-roles': [...roles] } : {}),
    parameters: parameters(operation, components),
    ...(operation.body
      ? { requestBody: { required: true, content: { [operation.bodyMediaType ?? 'application/json']: { schema: components.refer(operation.body) } } } }
      : {}),
    responses: {
      [operation.success.status]: success(operation.success, components),
      ...Object.fromEntries(statuses.map((status) => [status, problem(status)])),
    },
  };
}

/**
 * The OpenAPI 3.1 document of the routes that exist, built from the schemas that validate
 * them, so the documentation cannot drift from what the services accept and answer.
 */
export function buildOpenApi(options: OpenApiOptions) {
  const components = schemaComponents(SCHEMAS, '#/components/schemas/');
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    paths[operation.path] = { ...paths[operation.path], [operation.method]: pathItemOperation(operation, components, options) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Episodic API',
      version: '1.0.0',
      description: 'Episode metadata, extracted metadata, thumbnails and the audit trail. Field names are snake_case; times ISO-8601 UTC; dates YYYY-MM-DD. Errors are application/problem+json (RFC 9457). Lists are keyset-paginated: pass `next_cursor` back as `cursor`.',
    },
    servers: [{ url: options.serverUrl }],
    tags: [
      { name: 'episodes', description: 'The episode catalogue' },
      { name: 'metadata', description: 'Metadata extracted from an episode' },
      { name: 'thumbnails', description: 'Images of an episode, stored in S3 with resized renditions' },
      { name: 'processing', description: 'Raw video upload and thumbnail/metadata jobs run from it' },
      { name: 'audit', description: 'Compliance reports of who did what' },
      { name: 'admin', description: 'Operations on the event flow: dead-letter queues and replays' },
    ],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: components.schemas,
      headers: Object.fromEntries(Object.entries(HEADERS).map(([name, header]) => [name, { ...header, schema: { type: 'string' } }])),
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'An Amazon Cognito access or id token; roles come from cognito:groups (admin, editor, viewer) or, for machine clients, the scope (system).' },
      },
    },
  };
}
