import type { FromSchema } from 'json-schema-to-ts';

/**
 * RFC 9457 problem details, as every error is answered (`application/problem+json`). Open to
 * extension members (e.g. `retry_after`), as the RFC allows.
 */
export const Problem = {
  $id: 'episodic:problem',
  title: 'Problem',
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri-reference', description: 'Stable problem type, e.g. urn:problem:episodic:conflict.' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 100, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'Field errors of a validation failure.',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: {
          path: { type: 'string', description: 'JSON Pointer of the field, e.g. /season_number.' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;
export type Problem = FromSchema<typeof Problem>;
