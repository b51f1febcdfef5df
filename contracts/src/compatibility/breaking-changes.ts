/** One change between a published schema and the current one that a consumer could trip over. */
export interface BreakingChange {
  /** JSON Pointer-like path into the schema's documents, e.g. `/episode/rating`. */
  path: string;
  message: string;
}

type Schema = Record<string, unknown>;

/** Keywords that only document; they never change what a document may look like. */
const ANNOTATIONS = new Set(['$id', '$schema', '$comment', 'title', 'description', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly']);
/** Keywords whose value, when changed at all, changes what consumers receive (or may send). */
const EXACT = ['const', 'format', 'pattern', 'uniqueItems', 'not', 'if', 'then', 'else', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties'];
const COMBINERS = ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const;

/** How a contract is used; decides whether a field that becomes required breaks anyone. */
export interface CompareOptions {
  /**
   * Events: true, because events of the published version still sit in queues, DLQs and the
   * outbox history (replays) without the field. REST responses: false, since every answer is
   * built now and a client only sees one more field.
   */
  newRequiredBreaks: boolean;
}

/**
 * The breaking changes from `published` to `current`: what would make a consumer built on the
 * published schema reject or misread a current document. Breaking: a removed field, a changed
 * type, a field that stopped being required or (in events) became required, a narrowed enum (or an enum
 * where there was none), and any changed constant, format, pattern or bound. Not breaking: a
 * new optional field, a widened enum, and `additionalProperties: false` (subscribers are
 * tolerant readers: the published snapshot leaves it out), nor annotations.
 *
 *   breakingChanges({ properties: { a: { type: 'string' } } }, { properties: {} })
 *   // [{ path: '/a', message: 'field removed' }]
 */
export function breakingChanges(published: unknown, current: unknown, options: CompareOptions = { newRequiredBreaks: true }, path = ''): BreakingChange[] {
  if (!isSchema(published) || !isSchema(current)) {
    return same(published, current) ? [] : [{ path: path || '/', message: 'schema replaced' }];
  }
  const changes: BreakingChange[] = [];
  const report = (message: string, at = path) => changes.push({ path: at || '/', message });
  if (!same(typesOf(published), typesOf(current))) report(`type changed from ${show(typesOf(published))} to ${show(typesOf(current))}`);
  compareEnums(published['enum'], current['enum'], report);
  for (const keyword of EXACT) {
    if (!same(published[keyword], current[keyword])) report(`${keyword} changed from ${show(published[keyword])} to ${show(current[keyword])}`);
  }
  compareRequired(published, current, options, report);
  changes.push(...compareProperties(published, current, options, path));
  if (published['items'] !== undefined || current['items'] !== undefined) {
    changes.push(...breakingChanges(published['items'] ?? {}, current['items'] ?? {}, options, `${path}/items`));
  }
  for (const keyword of COMBINERS) changes.push(...compareBranches(published[keyword], current[keyword], options, `${path}/${keyword}`));
  return changes;
}

function compareEnums(published: unknown, current: unknown, report: (message: string) => void): void {
  if (current === undefined) return;
  if (!Array.isArray(published)) {
    report('an enum now limits a value that was free');
    return;
  }
  const missing = published.filter((value) => !(current as unknown[]).some((candidate) => same(value, candidate)));
  if (missing.length > 0) report(`enum narrowed: ${show(missing)} no longer allowed`);
}

function compareRequired(published: Schema, current: Schema, options: CompareOptions, report: (message: string) => void): void {
  const before = new Set(asStrings(published['required']));
  const after = new Set(asStrings(current['required']));
  if (options.newRequiredBreaks) for (const name of after) if (!before.has(name)) report(`new required field ${name}`);
  for (const name of before) if (!after.has(name)) report(`field ${name} is no longer required`);
}

function compareProperties(published: Schema, current: Schema, options: CompareOptions, path: string): BreakingChange[] {
  const before = (published['properties'] ?? {}) as Schema;
  const after = (current['properties'] ?? {}) as Schema;
  return Object.keys(before).flatMap((name) => {
    const at = `${path}/${name}`;
    if (!(name in after)) return [{ path: at, message: 'field removed' }];
    return breakingChanges(before[name], after[name], options, at);
  });
}

function compareBranches(published: unknown, current: unknown, options: CompareOptions, path: string): BreakingChange[] {
  if (published === undefined && current === undefined) return [];
  const before = Array.isArray(published) ? published : [];
  const after = Array.isArray(current) ? current : [];
  if (before.length !== after.length) return [{ path, message: `${before.length} alternatives became ${after.length}` }];
  return before.flatMap((branch, index) => breakingChanges(branch, after[index], options, `${path}/${index}`));
}

function typesOf(schema: Schema): string[] | undefined {
  const type = schema['type'];
  if (type === undefined) return undefined;
  return (Array.isArray(type) ? [...(type as string[])] : [type as string]).sort();
}

function asStrings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether two schemas (or values) say the same, annotations aside. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** Keywords whose value maps names to schemas (a property may well be called `title`). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
/** Keywords whose value is data, not a schema. */
const DATA = new Set(['enum', 'const', 'required']);

/**
 * A schema with object keys sorted and without `additionalProperties: false` (subscribers are
 * tolerant readers); with `keepAnnotations` false, also without titles, descriptions and ids.
 * The published snapshot keeps annotations; comparisons drop them.
 */
export function canonical(schema: unknown, keepAnnotations = false): unknown {
  if (Array.isArray(schema)) return schema.map((item) => canonical(item, keepAnnotations));
  if (!isSchema(schema)) return schema;
  const entries = sortedEntries(schema).filter(
    ([key, item]) => (keepAnnotations || !ANNOTATIONS.has(key)) && !(key === 'additionalProperties' && item === false),
  );
  return Object.fromEntries(entries.map(([key, item]) => [key, canonicalKeyword(key, item, keepAnnotations)]));
}

function canonicalKeyword(key: string, value: unknown, keepAnnotations: boolean): unknown {
  if (DATA.has(key) || (keepAnnotations && ANNOTATIONS.has(key))) return value;
  if (SCHEMA_MAPS.has(key) && isSchema(value)) {
    return Object.fromEntries(sortedEntries(value).map(([name, item]) => [name, canonical(item, keepAnnotations)]));
  }
  return canonical(value, keepAnnotations);
}

function sortedEntries(value: Schema): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function show(value: unknown): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
