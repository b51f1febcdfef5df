import { Ajv } from 'ajv';

/** One setting: its type, an optional safe default, and what it is for. */
export interface Setting {
  type: 'string' | 'integer' | 'number' | 'boolean';
  description: string;
  default?: string | number | boolean;
  /** Without a default, a setting is required unless marked optional. */
  optional?: boolean;
  enum?: readonly (string | number)[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  /** A secret (a key): a bad value is named but never echoed in the error. */
  secret?: boolean;
}

export type ConfigSpec = Record<string, Setting>;

type ValueOf<S extends Setting> = S['type'] extends 'string'
  ? string
  : S['type'] extends 'boolean'
    ? boolean
    : number;

/** The typed configuration a spec describes. */
export type ConfigOf<Spec extends ConfigSpec> = {
  readonly [K in keyof Spec]: Spec[K] extends { default: unknown }
    ? ValueOf<Spec[K]>
    : Spec[K] extends { optional: true }
      ? ValueOf<Spec[K]> | undefined
      : ValueOf<Spec[K]>;
};

/** Raised at boot when the environment does not satisfy a service's config spec. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true });

/**
 * Reads a service's settings from the environment, validated against its spec.
 * Fails with a message that names every bad variable.
 *
 *   const config = loadConfig({ PORT: { type: 'integer', default: 3001, description: 'HTTP port' } });
 */
export function loadConfig<Spec extends ConfigSpec>(
  spec: Spec,
  env: Record<string, string | undefined> = process.env,
): ConfigOf<Spec> {
  const properties: Record<string, object> = {};
  const required: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [name, setting] of Object.entries(spec)) {
    const { description: _d, optional, secret: _s, ...schema } = setting;
    properties[name] = schema;
    if (setting.default === undefined && !optional) required.push(name);
    const raw = env[name];
    if (raw !== undefined && raw !== '') values[name] = raw;
  }
  const validate = ajv.compile({ type: 'object', properties, required });
  if (!validate(values)) {
    const problems = (validate.errors ?? []).map((error) => {
      const name = error.instancePath.slice(1) || String(error.params['missingProperty'] ?? '');
      const got = env[name] === undefined || spec[name]?.secret ? '' : ` (got "${env[name]}")`;
      return error.keyword === 'required'
        ? `${name} is required: ${spec[name]?.description ?? ''}`
        : `${name} ${error.message}${got}`;
    });
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  return values as ConfigOf<Spec>;
}
