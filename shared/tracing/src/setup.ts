import { context, propagation, trace } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';

/** A running tracer provider: flush and stop it at shutdown. */
export interface Tracing {
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** `service.name` of the spans, e.g. `catalog`. */
  service: string;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where spans go over OTLP/HTTP (`<endpoint>/v1/traces`). */
  endpoint?: string | undefined;
  /** Tests: spans go here instead, one at a time (e.g. the SDK's InMemorySpanExporter). */
  exporter?: SpanExporter;
}

let enabled = false;

/** Whether a tracer provider runs in this process (checked per request, so "off" costs nothing). */
export function tracingEnabled(): boolean {
  return enabled;
}

/**
 * Starts OpenTelemetry tracing when there is somewhere to send spans, and does nothing
 * otherwise: without an endpoint the SDK is never even loaded, and the `@opentelemetry/api`
 * calls elsewhere stay no-ops. W3C trace context is the propagation format.
 *
 *   const tracing = await startTracing({ service: 'catalog', endpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT });
 *   onShutdown(() => tracing?.shutdown());
 */
export async function startTracing(options: TracingOptions): Promise<Tracing | undefined> {
  if (!options.endpoint && !options.exporter) return undefined;
  const [{ BasicTracerProvider, BatchSpanProcessor, SimpleSpanProcessor }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { resourceFromAttributes }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
    ]);
  const processor = options.exporter
    ? new SimpleSpanProcessor(options.exporter)
    : new BatchSpanProcessor(await otlpExporter(options.endpoint!));
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ 'service.name': options.service }), spanProcessors: [processor] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  enabled = true;
  return {
    async shutdown() {
      enabled = false;
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

async function otlpExporter(endpoint: string): Promise<SpanExporter> {
  const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
  return new OTLPTraceExporter({ url: `${endpoint.replace(/\/$/, '')}/v1/traces` });
}

/** The tracing setting every service reads (spread into its config spec). */
export const TRACING_SETTINGS = {
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    type: 'string',
    optional: true,
    pattern: '^https?://',
    description: 'OTLP/HTTP collector (e.g. http://127.0.0.1:4318): spans of every request and event go to <endpoint>/v1/traces. Unset, tracing is off and costs nothing.',
  },
} as const;
