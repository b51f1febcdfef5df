/* Reading the `$ref`s of a generated OpenAPI or AsyncAPI document (local refs only). */

/** Every `$ref` value anywhere in the document. */
export function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (node === null || typeof node !== 'object') return [];
  const own = typeof (node as { $ref?: unknown }).$ref === 'string' ? [(node as { $ref: string }).$ref] : [];
  return [...own, ...Object.values(node).flatMap(refsIn)];
}

/** The target of a local ref such as `#/components/schemas/Episode`, or undefined. */
export function target(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = document;
  for (const token of ref.slice(2).split('/').map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))) {
    if (node === null || typeof node !== 'object' || !(token in node)) return undefined;
    node = (node as Record<string, unknown>)[token];
  }
  return node;
}

/** `node` with every `$ref` replaced by its target, so ajv can compile a schema taken out of a document. */
export function inlined(document: unknown, node: unknown): unknown {
  if (Array.isArray(node)) return node.map((item) => inlined(document, item));
  if (node === null || typeof node !== 'object') return node;
  const ref = (node as { $ref?: unknown }).$ref;
  if (typeof ref === 'string') return inlined(document, target(document, ref));
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, inlined(document, value)]));
}
