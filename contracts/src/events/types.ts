/** Every event type Episodic publishes today, in a fixed order (v1 of each). */
export const EVENT_TYPES = [
  'episode.created',
  'episode.updated',
  'episode.deleted',
  'metadata.stored',
  'metadata.updated',
  'thumbnail.created',
  'thumbnail.deleted',
  'video.uploaded',
  'processing.requested',
  'processing.started',
  'processing.completed',
  'processing.failed',
  'access.recorded',
  'gateway.started',
  'gateway.stopped',
] as const;

/** One of EVENT_TYPES. */
export type EventType = (typeof EVENT_TYPES)[number];

/** The SNS topic each event type is published on (one topic per producing service). */
export const EVENT_TOPICS = {
  'episode.created': 'catalog-events',
  'episode.updated': 'catalog-events',
  'episode.deleted': 'catalog-events',
  'metadata.stored': 'catalog-events',
  'metadata.updated': 'catalog-events',
  'thumbnail.created': 'media-events',
  'thumbnail.deleted': 'media-events',
  'video.uploaded': 'processing-events',
  'processing.requested': 'processing-events',
  'processing.started': 'processing-events',
  'processing.completed': 'processing-events',
  'processing.failed': 'processing-events',
  'access.recorded': 'gateway-events',
  'gateway.started': 'gateway-events',
  'gateway.stopped': 'gateway-events',
} as const satisfies Record<EventType, string>;

/** Whether a value names a known event type (e.g. a message's `type` before validation). */
export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}
