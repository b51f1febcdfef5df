import { Episode } from './rest/episodes.ts';
import { Metadata } from './rest/metadata.ts';
import { Thumbnail } from './rest/thumbnails.ts';
import { Actor, EVENT_DATA_SCHEMAS, EVENT_TOPICS, EVENT_TYPES, eventEnvelopeSchema, type EventType } from './events/index.ts';
import { schemaComponents } from './schema-components.ts';

type Topic = (typeof EVENT_TOPICS)[EventType];

const TOPIC_DESCRIPTIONS: Readonly<Record<Topic, string>> = {
  'catalog-events': 'Changes to episodes and their metadata, published by catalog after each commit.',
  'media-events': 'Thumbnails stored and deleted, published by media after each commit.',
  'processing-events': 'Raw video arrivals and the life of each processing job; the processing-jobs work queue is fed from here.',
  'gateway-events': 'Every authenticated request (access.recorded), and each gateway instance announcing its start and its clean stop with the access records it lost, published by the gateway.',
};

/** `episode.created` → the data schema's component name, `episode.created.v1`. */
const dataName = (type: EventType) => `${type}.v1`;

const topics = (): Topic[] => [...new Set(EVENT_TYPES.map((type) => EVENT_TOPICS[type]))];
const typesOn = (topic: Topic) => EVENT_TYPES.filter((type) => EVENT_TOPICS[type] === topic);

function message(type: EventType, refer: (schema: object) => unknown) {
  return {
    name: type,
    title: EVENT_DATA_SCHEMAS[type].title,
    contentType: 'application/json',
    correlationId: { description: 'x-request-id of the request that caused the event', location: '$message.payload#/correlationid' },
    headers: messageAttributes(type),
    payload: refer(eventEnvelopeSchema(type)),
  };
}

/** The SNS message attributes of an event (SQS message attributes after raw delivery). */
function messageAttributes(type: EventType) {
  return {
    type: 'object',
    required: ['type'],
    properties: {
      type: { const: type, description: 'What filter policies match on.' },
      traceparent: {
        type: 'string',
        pattern: '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
        description: 'W3C trace context of the request that caused the event, when it was traced; continue it to join the trace.',
      },
    },
  };
}

function channel(topic: Topic) {
  return {
    address: topic,
    title: topic,
    description: `SNS topic. ${TOPIC_DESCRIPTIONS[topic]} Subscribe an SQS queue with raw message delivery and a filter policy on the \`type\` message attribute.`,
    messages: Object.fromEntries(typesOn(topic).map((type) => [type, { $ref: `#/components/messages/${type}` }])),
  };
}

function operation(topic: Topic) {
  return {
    action: 'send',
    channel: { $ref: `#/channels/${topic}` },
    summary: `Episodic publishes to ${topic}`,
    messages: typesOn(topic).map((type) => ({ $ref: `#/channels/${topic}/messages/${type}` })),
  };
}

/**
 * The AsyncAPI 3.0 document of the events: one channel per SNS topic, one message per event
 * type, payloads built from the same schemas producers and consumers validate with.
 */
export function buildAsyncApi() {
  const named: Record<string, object> = { Actor, Episode, Metadata, Thumbnail };
  for (const type of EVENT_TYPES) named[dataName(type)] = EVENT_DATA_SCHEMAS[type];
  const components = schemaComponents(named, '#/components/schemas/');
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Episodic events',
      version: '1.0.0',
      description: 'CloudEvents 1.0 JSON with the `actor` and `correlationid` extensions, delivered at least once: dedupe on `id`. The data schema of each type is versioned (`<type>.v1`).',
    },
    defaultContentType: 'application/json',
    channels: Object.fromEntries(topics().map((topic) => [topic, channel(topic)])),
    operations: Object.fromEntries(topics().map((topic) => [`publish-${topic}`, operation(topic)])),
    components: {
      schemas: components.schemas,
      messages: Object.fromEntries(EVENT_TYPES.map((type) => [type, message(type, components.refer)])),
    },
  };
}
