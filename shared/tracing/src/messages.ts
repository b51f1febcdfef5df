import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes } from '@opentelemetry/api';
import { tracingEnabled } from './setup.ts';

const tracer = () => trace.getTracer('episodic');

/**
 * The W3C `traceparent` of the active span, or undefined when there is none (tracing off, or
 * outside a request): what the outbox stores with an event.
 */
export function currentTraceparent(): string | undefined {
  if (!tracingEnabled()) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier['traceparent'];
}

/**
 * Runs `work` in a span that continues `traceparent` (a message attribute, an outbox row's
 * trace context); without one, or with tracing off, just runs it.
 *
 *   await withTraceparent(attribute, 'process episode.created', { 'messaging.destination.name': queue }, 'consumer', () => handle(event));
 */
export async function withTraceparent<T>(
  traceparent: string | null | undefined,
  name: string,
  attributes: Attributes,
  kind: 'producer' | 'consumer',
  work: () => Promise<T>,
): Promise<T> {
  if (!tracingEnabled()) return work();
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : context.active();
  const span = tracer().startSpan(name, { kind: kind === 'producer' ? SpanKind.PRODUCER : SpanKind.CONSUMER, attributes }, parent);
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `work` once for a batch of messages, in one consumer span per message, each continuing
 * that message's own trace (a span has one parent: one span for the batch would leave every
 * other message's trace without its consumer). All end when the work does; a failure marks them
 * all. Without tracing, just runs it.
 *
 *   await withMessageSpans(items.map((item) => ({ traceparent: item.traceparent, name: `process ${item.event.type}` })), attributes, () => handleBatch(items));
 */
export async function withMessageSpans<T>(messages: { traceparent: string | undefined; name: string }[], attributes: Attributes, work: () => Promise<T>): Promise<T> {
  if (!tracingEnabled() || messages.length === 0) return work();
  const spans = messages.map(({ traceparent, name }) => {
    const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : context.active();
    return { parent, span: tracer().startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent) };
  });
  try {
    return await context.with(trace.setSpan(spans[0]!.parent, spans[0]!.span), work);
  } catch (error) {
    for (const { span } of spans) span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    for (const { span } of spans) span.end();
  }
}

/** The trace id of the active span, for log lines; undefined when there is none. */
export function activeTraceId(): string | undefined {
  const span = trace.getActiveSpan();
  return span?.spanContext().traceId;
}
