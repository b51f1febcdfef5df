import type { FromSchema } from 'json-schema-to-ts';
import { embed } from '../embed.ts';
import { Episode } from '../rest/episodes.ts';
import { Metadata } from '../rest/metadata.ts';
import { Thumbnail } from '../rest/thumbnails.ts';
import { AUDIT_ACTIONS, AUDIT_OUTCOMES } from '../rest/audit.ts';
import type { EventType } from './types.ts';

/*
 * The `data` of each event type, version 1. These are a public API: downstream systems
 * validate against them, so a change that is not purely additive needs a new version.
 */

const episode = embed(Episode);
const metadata = embed(Metadata);
const thumbnail = embed(Thumbnail);

const episodeCreated = {
  $id: 'episodic:event:episode.created:v1',
  title: 'episode.created v1',
  type: 'object',
  additionalProperties: false,
  required: ['episode'],
  properties: { episode },
} as const;

const episodeUpdated = {
  $id: 'episodic:event:episode.updated:v1',
  title: 'episode.updated v1',
  type: 'object',
  additionalProperties: false,
  required: ['before', 'after', 'changed'],
  properties: {
    before: episode,
    after: episode,
    changed: { type: 'array', uniqueItems: true, items: { type: 'string', enum: Episode.required }, description: 'Fields whose value differs (last_modified aside).' },
  },
} as const;

const episodeDeleted = {
  $id: 'episodic:event:episode.deleted:v1',
  title: 'episode.deleted v1',
  description: '`episode` is the episode as it was just before the (soft) delete.',
  type: 'object',
  additionalProperties: false,
  required: ['episode'],
  properties: {
    episode,
    deleted_at: { type: 'string', format: 'date-time', description: 'When it was deleted (the event `time` when absent).' },
  },
} as const;

const metadataStored = {
  $id: 'episodic:event:metadata.stored:v1',
  title: 'metadata.stored v1',
  type: 'object',
  additionalProperties: false,
  required: ['metadata'],
  properties: { metadata },
} as const;

const metadataUpdated = {
  $id: 'episodic:event:metadata.updated:v1',
  title: 'metadata.updated v1',
  type: 'object',
  additionalProperties: false,
  required: ['before', 'after'],
  properties: { before: metadata, after: metadata },
} as const;

const thumbnailCreated = {
  $id: 'episodic:event:thumbnail.created:v1',
  title: 'thumbnail.created v1',
  description: 'A thumbnail was stored (original and renditions are in S3). A new primary names the one it demoted.',
  type: 'object',
  additionalProperties: false,
  required: ['thumbnail', 'demoted_primary'],
  properties: {
    thumbnail,
    demoted_primary: { anyOf: [thumbnail, { type: 'null' }], description: 'The former primary, as it is now (cover or frame); null if none was demoted.' },
  },
} as const;

const thumbnailDeleted = {
  $id: 'episodic:event:thumbnail.deleted:v1',
  title: 'thumbnail.deleted v1',
  description: '`thumbnail` is the row as it was; its S3 objects are gone.',
  type: 'object',
  additionalProperties: false,
  required: ['thumbnail', 'reason'],
  properties: {
    thumbnail,
    reason: { type: 'string', enum: ['deleted', 'episode_deleted'], description: 'deleted: DELETE /thumbnails/{id}; episode_deleted: its episode was deleted.' },
  },
} as const;

const accessRecorded = {
  $id: 'episodic:event:access.recorded:v1',
  title: 'access.recorded v1',
  description: 'A read or download, or a request that was denied or failed (successful writes are recorded from their domain events).',
  type: 'object',
  additionalProperties: false,
  required: ['action', 'resource_type', 'resource_id', 'method', 'path', 'status', 'outcome'],
  properties: {
    action: { type: 'string', enum: AUDIT_ACTIONS },
    resource_type: { type: 'string', minLength: 1, maxLength: 100 },
    resource_id: { type: ['integer', 'null'] },
    method: { type: 'string', pattern: '^[A-Z]{3,10}$' },
    path: { type: 'string', minLength: 1, maxLength: 2048, description: 'Request path without the query string.' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    outcome: { type: 'string', enum: AUDIT_OUTCOMES },
  },
} as const;

/** The data schema of every event type; its `$id` is the value for a CloudEvents `dataschema`. */
export const EVENT_DATA_SCHEMAS = {
  'episode.created': episodeCreated,
  'episode.updated': episodeUpdated,
  'episode.deleted': episodeDeleted,
  'metadata.stored': metadataStored,
  'metadata.updated': metadataUpdated,
  'thumbnail.created': thumbnailCreated,
  'thumbnail.deleted': thumbnailDeleted,
  'access.recorded': accessRecorded,
} as const satisfies Record<EventType, { $id: string }>;

/** The `data` of an event of type T, e.g. `EventDataOf<'episode.updated'>['changed']`. */
export type EventDataOf<T extends EventType> = FromSchema<(typeof EVENT_DATA_SCHEMAS)[T]>;
