import type { Context, Next } from 'koa';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { Errors, type FieldError } from '@episodic/core';
import type { RequestState } from './state.ts';

/** Query strings and path params arrive as strings: coerce them and apply defaults. */
const lenient = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
/** Bodies are JSON: types must already be right. */
const exact = new Ajv({ allErrors: true, strict: false });
addFormats.default(lenient);
addFormats.default(exact);

const compiled = new WeakMap<object, ValidateFunction>();

function compile(ajv: Ajv, schema: object): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    const { $id: _id, ...anonymous } = schema as { $id?: string };
    validate = ajv.compile(anonymous);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Turns ajv errors into `{ path, message }` field errors with JSON-pointer paths. */
export function fieldErrors(errors: ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((error) => {
    const params = error.params as Record<string, string>;
    if (error.keyword === 'additionalProperties')
      return { path: `${error.instancePath}/${params['additionalProperty']}`, message: 'is not an accepted field (unknown or read-only)' };
    if (error.keyword === 'required')
      return { path: `${error.instancePath}/${params['missingProperty']}`, message: 'is required' };
    return { path: error.instancePath || '/', message: error.message ?? 'is invalid' };
  });
}

/**
 * Checks string-valued input (a query, form fields) against a schema, coercing types and applying
 * defaults in place; returns the field errors, none when it passes.
 *
 *   const errors = checkStringValues(ThumbnailUploadFields, { thumbnail_type: 'primary', position_seconds: '12' });
 */
export function checkStringValues(schema: object, values: Record<string, unknown>): FieldError[] {
  const validator = compile(lenient, schema);
  return validator(values) ? [] : fieldErrors(validator.errors);
}

export interface RequestSchemas {
  params?: object;
  query?: object;
  body?: object;
}

/**
 * Validates a request's path params, query and JSON body against contract schemas,
 * answering 400 with field errors (and 415 for a non-JSON body) before the route runs.
 * The coerced values land on `ctx.state.valid`.
 *
 *   router.post('/api/v1/episodes', validate({ body: EpisodeCreate }), createEpisodeRoute);
 */
export function validate(schemas: RequestSchemas) {
  return async (ctx: Context & { state: RequestState; params?: Record<string, string> }, next: Next): Promise<void> => {
    const params = { ...(ctx.params ?? {}) };
    const query = { ...ctx.query };
    check(lenient, schemas.params, params, 'The path is not valid.');
    check(lenient, schemas.query, query, 'The query parameters are not valid.');
    let body: unknown;
    if (schemas.body) {
      if (!ctx.is('application/json')) throw Errors.unsupportedMediaType('Send the body as application/json.');
      body = (ctx.request as { body?: unknown }).body;
      check(exact, schemas.body, body, 'The request body is not valid.');
    }
    ctx.state.valid = { params, query, body };
    await next();
  };
}

function check(ajv: Ajv, schema: object | undefined, value: unknown, message: string): void {
  if (!schema) return;
  const validator = compile(ajv, schema);
  if (!validator(value)) throw Errors.validation(fieldErrors(validator.errors), message);
}
