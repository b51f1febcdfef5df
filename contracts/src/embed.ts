/**
 * A schema to nest inside another: the same schema without its `$id`, so one ajv instance can
 * compile many documents that embed it (two resources with one `$id` is an error in ajv).
 */
export function embed<S extends { $id?: string }>(schema: S): Omit<S, '$id'> {
  const { $id: _id, ...rest } = schema;
  return rest;
}
