import { embed } from './embed.ts';
import { Episode, EpisodeCreate, EpisodeList, EpisodeListQuery, EpisodeUpdate, IdParams } from './rest/episodes.ts';
import { Metadata, MetadataWrite } from './rest/metadata.ts';
import { ActivityList, ActivityQuery, ChainVerification } from './rest/audit.ts';
import { Problem } from './rest/problem.ts';
import { EVENT_DATA_SCHEMAS, EVENT_TOPICS, EVENT_TYPES, eventEnvelopeSchema } from './events/index.ts';

type Schema = { $id?: string; properties?: Record<string, unknown> };

/** One REST route: the same schemas validate requests and document them. */
export interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** Response schema by status; null = no body. */
  responses: Record<number, Schema | null>;
}

const errors = (...statuses: number[]) => Object.fromEntries(statuses.map((status) => [status, Problem]));

/** Every route that exists now. */
export const OPERATIONS: readonly Operation[] = [
  { method: 'get', path: '/api/v1/episodes', operationId: 'listEpisodes', summary: 'List episodes (keyset pagination, filters, sort)', tag: 'episodes', query: EpisodeListQuery, responses: { 200: EpisodeList, ...errors(400, 401, 403) } },
  { method: 'post', path: '/api/v1/episodes', operationId: 'createEpisode', summary: 'Create an episode', tag: 'episodes', body: EpisodeCreate, responses: { 201: Episode, ...errors(400, 401, 403, 409, 415) } },
  { method: 'get', path: '/api/v1/episodes/{id}', operationId: 'getEpisode', summary: 'Get one live episode', tag: 'episodes', params: IdParams, responses: { 200: Episode, ...errors(401, 403, 404) } },
  { method: 'put', path: '/api/v1/episodes/{id}', operationId: 'updateEpisode', summary: 'Update an episode (partial bodies allowed; optional If-Match)', tag: 'episodes', params: IdParams, body: EpisodeUpdate, responses: { 200: Episode, ...errors(400, 401, 403, 404, 409, 412) } },
  { method: 'patch', path: '/api/v1/episodes/{id}', operationId: 'patchEpisode', summary: 'Partially update an episode', tag: 'episodes', params: IdParams, body: EpisodeUpdate, responses: { 200: Episode, ...errors(400, 401, 403, 404, 409, 412) } },
  { method: 'delete', path: '/api/v1/episodes/{id}', operationId: 'deleteEpisode', summary: 'Soft-delete an episode', tag: 'episodes', params: IdParams, responses: { 204: null, ...errors(401, 403, 404) } },
  { method: 'get', path: '/api/v1/episodes/{id}/metadata', operationId: 'getMetadata', summary: "Get an episode's extracted metadata", tag: 'metadata', params: IdParams, responses: { 200: Metadata, ...errors(401, 403, 404) } },
  { method: 'post', path: '/api/v1/episodes/{id}/metadata', operationId: 'storeMetadata', summary: "Store an episode's metadata", tag: 'metadata', params: IdParams, body: MetadataWrite, responses: { 201: Metadata, ...errors(400, 401, 403, 404, 409) } },
  { method: 'put', path: '/api/v1/episodes/{id}/metadata', operationId: 'updateMetadata', summary: "Update an episode's metadata", tag: 'metadata', params: IdParams, body: MetadataWrite, responses: { 200: Metadata, ...errors(400, 401, 403, 404) } },
  { method: 'get', path: '/api/v1/audit/activity', operationId: 'listActivity', summary: 'Audit activity report (JSON or CSV)', tag: 'audit', query: ActivityQuery, responses: { 200: ActivityList, ...errors(400, 401, 403) } },
  { method: 'get', path: '/api/v1/audit/verify', operationId: 'verifyAuditChain', summary: "Verify the audit log's hash chain", tag: 'audit', responses: { 200: ChainVerification, ...errors(401, 403) } },
];

function parameters(operation: Operation) {
  const list = (schema: Schema | undefined, where: 'path' | 'query') =>
    Object.entries(schema?.properties ?? {}).map(([name, property]) => ({
      name,
      in: where,
      required: where === 'path',
      schema: property,
    }));
  return [...list(operation.params, 'path'), ...list(operation.query, 'query')];
}

function response(status: number, schema: Schema | null) {
  if (!schema) return { description: 'No content' };
  const problem = status >= 400;
  const content = { [problem ? 'application/problem+json' : 'application/json']: { schema: embed(schema) } };
  const headers = status === 201 ? { Location: { description: 'URL of the new resource', schema: { type: 'string' } } } : undefined;
  return { description: problem ? 'Problem' : 'OK', content, ...(headers ? { headers } : {}) };
}

/** The OpenAPI 3.1 document of the routes that exist, generated from the validating schemas. */
export function buildOpenApi(options: { serverUrl: string; rolesFor?: (method: string, path: string) => readonly string[] }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of OPERATIONS) {
    const roles = options.rolesFor?.(operation.method.toUpperCase(), operation.path.replace(/\{(\w+)\}/g, ':$1')) ?? [];
    paths[operation.path] ??= {};
    paths[operation.path]![operation.method] = {
      operationId: operation.operationId,
      summary: operation.summary,
      tags: [operation.tag],
      description: roles.length > 0 ? `Roles: ${roles.join(', ')}` : undefined,
      'x-roles': roles,
      parameters: parameters(operation),
      ...(operation.body ? { requestBody: { required: true, content: { 'application/json': { schema: embed(operation.body) } } } } : {}),
      responses: Object.fromEntries(Object.entries(operation.responses).map(([status, schema]) => [status, response(Number(status), schema)])),
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Episodic API', version: '1.0.0', description: 'Episode metadata, thumbnails, processing and audit. Errors are application/problem+json (RFC 9457).' },
    servers: [{ url: options.serverUrl }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (Amazon Cognito)' } } },
    paths,
  };
}

/** The AsyncAPI 3.0 document of the events: one channel per SNS topic. */
export function buildAsyncApi() {
  const topics = [...new Set(Object.values(EVENT_TOPICS))];
  const messages = Object.fromEntries(EVENT_TYPES.map((type) => [type.replace('.', '_'), { name: type, payload: embed(eventEnvelopeSchema(type)) }]));
  return {
    asyncapi: '3.0.0',
    info: { title: 'Episodic events', version: '1.0.0', description: 'CloudEvents 1.0 JSON on SNS topics; the `type` message attribute carries the event type for filter policies.' },
    channels: Object.fromEntries(topics.map((topic) => [topic, {
      address: topic,
      messages: Object.fromEntries(EVENT_TYPES.filter((type) => EVENT_TOPICS[type] === topic).map((type) => [type.replace('.', '_'), { $ref: `#/components/messages/${type.replace('.', '_')}` }])),
    }])),
    components: { messages },
    'x-data-schemas': EVENT_DATA_SCHEMAS,
  };
}
