/*
 * @episodic/tracing: OpenTelemetry across gateway → service → outbox → SNS/SQS → consumer.
 * Off (the SDK not even loaded) unless OTEL_EXPORTER_OTLP_ENDPOINT is set.
 */
export { startTracing, tracingEnabled, TRACING_SETTINGS } from './setup.ts';
export type { Tracing, TracingOptions } from './setup.ts';
export { traceRequests } from './http.ts';
export type { RequestTracingOptions } from './http.ts';
export { activeTraceId, currentTraceparent, withMessageSpans, withTraceparent } from './messages.ts';
