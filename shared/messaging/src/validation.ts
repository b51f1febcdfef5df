import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EVENT_TYPES, eventEnvelopeSchema, type EventType } from '@episodic/contracts';
import type { CloudEvent } from './envelope.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

function validatorFor(type: EventType): ValidateFunction {
  let validate = validators.get(type);
  if (!validate) {
    validate = ajv.compile(eventEnvelopeSchema(type));
    validators.set(type, validate);
  }
  return validate;
}

export type EventCheck = { ok: true; event: CloudEvent } | { ok: false; reason: string };

function isKnownType(type: unknown): type is EventType {
  return typeof type === 'string' && (EVENT_TYPES as readonly string[]).includes(type);
}

/** Checks a parsed message against its type's published schema in contracts/. */
export function checkEvent(candidate: unknown): EventCheck {
  const type = (candidate as { type?: unknown } | null)?.type;
  if (!isKnownType(type)) return { ok: false, reason: `unknown event type ${JSON.stringify(type)}` };
  const validate = validatorFor(type);
  if (validate(candidate)) return { ok: true, event: candidate as CloudEvent };
  const reason = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
  return { ok: false, reason };
}

/** Parses and checks a raw message body; never throws. */
export function parseEvent(body: string | undefined): EventCheck {
  try {
    return checkEvent(JSON.parse(body ?? ''));
  } catch {
    return { ok: false, reason: 'message body is not JSON' };
  }
}

/** Throws if an event we are about to publish breaks its own contract (a bug, caught before commit). */
export function assertValidEvent(event: CloudEvent): void {
  const result = checkEvent(event);
  if (!result.ok) throw new Error(`event ${event.type} breaks its contract: ${result.reason}`);
}
