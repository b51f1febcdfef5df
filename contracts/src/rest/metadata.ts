import type { FromSchema } from 'json-schema-to-ts';

/* REST schemas of extracted metadata: the seed's `metadata_storage` columns. */

/** One detected scene: where it starts, optionally where it ends and what it is. */
const scene = {
  type: 'object',
  additionalProperties: false,
  required: ['start_seconds'],
  properties: {
    start_seconds: { type: 'number', minimum: 0 },
    end_seconds: { type: 'number', minimum: 0 },
    label: { type: 'string', maxLength: 255 },
  },
} as const;

const labels = (description: string) =>
  ({ type: ['array', 'null'], maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 }, description }) as const;

/** The columns a writer (the extraction job, or an admin) may set. */
const writable = {
  extracted_text: { type: ['string', 'null'], maxLength: 1000000, description: 'Text found on screen (OCR).' },
  scenes_detected: { type: ['array', 'null'], maxItems: 10000, items: scene, description: 'Detected scenes, in time order.' },
  sentiment_analysis: { type: ['object', 'array', 'null'], description: 'Analyser output, kept as given.' },
  visual_objects: { type: ['object', 'array', 'null'], description: 'Detected objects and people, kept as given.' },
  transcription: { type: ['string', 'null'], maxLength: 2000000, description: 'Speech-to-text of the audio.' },
  tags: labels('User-defined tags.'),
  categories: labels('Genres, content warnings and similar.'),
  extraction_timestamp: { type: ['string', 'null'], format: 'date-time', description: 'When extraction ran.' },
  processing_duration_seconds: { type: ['integer', 'null'], minimum: 0, description: 'How long extraction took.' },
  technical_metadata: { type: ['object', 'null'], description: 'What ffprobe found: duration, resolution, codecs, bitrate, frame rate.' },
} as const;

/** An episode's metadata as the API and the events show it: every column, null where unknown. */
export const Metadata = {
  $id: 'episodic:metadata',
  title: 'Metadata',
  type: 'object',
  additionalProperties: false,
  required: [
    'id', 'episode_id', 'extracted_text', 'scenes_detected', 'sentiment_analysis', 'visual_objects', 'transcription',
    'tags', 'categories', 'extraction_timestamp', 'processing_duration_seconds', 'technical_metadata', 'created_at', 'updated_at',
  ],
  properties: {
    id: { type: 'integer', minimum: 1, readOnly: true },
    episode_id: { type: 'integer', minimum: 1, readOnly: true },
    ...writable,
    created_at: { type: 'string', format: 'date-time', readOnly: true },
    updated_at: { type: 'string', format: 'date-time', readOnly: true },
  },
} as const;
export type Metadata = FromSchema<typeof Metadata>;

/** POST and PUT /episodes/{id}/metadata body: at least one writable column, nothing else. */
export const MetadataWrite = {
  $id: 'episodic:metadata-write',
  title: 'MetadataWrite',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: writable,
} as const;
export type MetadataWrite = FromSchema<typeof MetadataWrite>;
