/** REST schemas of extracted metadata: the seed's `metadata_storage` columns. */
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

const writable = {
  extracted_text: { type: ['string', 'null'], maxLength: 1000000 },
  scenes_detected: { type: ['array', 'null'], maxItems: 10000, items: scene },
  sentiment_analysis: { type: ['object', 'array', 'null'] },
  visual_objects: { type: ['object', 'array', 'null'] },
  transcription: { type: ['string', 'null'], maxLength: 2000000 },
  tags: { type: ['array', 'null'], maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } },
  categories: { type: ['array', 'null'], maxItems: 100, items: { type: 'string', minLength: 1, maxLength: 100 } },
  extraction_timestamp: { type: ['string', 'null'], format: 'date-time' },
  processing_duration_seconds: { type: ['integer', 'null'], minimum: 0 },
} as const;

export const Metadata = {
  $id: 'episodic:metadata',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'episode_id', 'created_at', 'updated_at'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    episode_id: { type: 'integer', minimum: 1 },
    ...writable,
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

export const MetadataWrite = {
  $id: 'episodic:metadata-write',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: writable,
} as const;
