import { embed } from './embed.ts';
import type { JsonSchema } from './operations.ts';

/** Named schemas of a document, and `$ref`s to them in place of their inline copies. */
export interface SchemaComponents {
  /** The `components.schemas` object: each schema without `$id`, nested copies as `$ref`s. */
  schemas: Record<string, unknown>;
  /** The schema with every (nested) copy of a named schema replaced by a `$ref` to it. */
  refer(schema: JsonSchema | object): unknown;
}

/**
 * Gathers schemas under names for an OpenAPI or AsyncAPI document. Our schemas nest copies of
 * each other (an Episode inside EpisodeList and inside every episode event); a document reads
 * better, and stays free of duplicate `$id`s, when each copy is a `$ref` to one component.
 * Copies are recognised by content, so `embed()`ed and spread copies are found alike.
 *
 *   const components = schemaComponents({ Episode, Problem }, '#/components/schemas/');
 *   components.refer(EpisodeList) // { ..., items: { $ref: '#/components/schemas/Episode' } }
 */
export function schemaComponents(named: Readonly<Record<string, object>>, refBase: string): SchemaComponents {
  const nameOfText = new Map<string, string>();
  for (const [name, schema] of Object.entries(named)) nameOfText.set(JSON.stringify(embed(schema)), name);

  const replace = (node: unknown, except?: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => replace(item, except));
    if (node === null || typeof node !== 'object') return node;
    const { $id: _id, ...rest } = node as Record<string, unknown>;
    const name = nameOfText.get(JSON.stringify(rest));
    if (name !== undefined && name !== except) return { $ref: `${refBase}${name}` };
    return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, replace(value, except)]));
  };

  const schemas = Object.fromEntries(Object.entries(named).map(([name, schema]) => [name, replace(schema, name)]));
  return { schemas, refer: (schema) => replace(schema) };
}
