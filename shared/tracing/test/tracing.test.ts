import { expect } from 'chai';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { createLogger } from '@episodic/core';
import { currentTraceparent, startTracing, tracingEnabled, withTraceparent } from '../src/index.ts';

/** A logger whose JSON lines land in an array. */
function capturedLogger(): { log: ReturnType<typeof createLogger>; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({ name: 'tracing-test', destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { log, lines };
}

const PARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('tracing: on and off', () => {
  it('When no endpoint is configured, then tracing stays off: no provider, no trace context, no trace_id in logs', async () => {
    expect(await startTracing({ service: 'off', endpoint: undefined })).to.equal(undefined);
    expect(tracingEnabled()).to.equal(false);
    const { log, lines } = capturedLogger();
    const result = await withTraceparent(PARENT, 'process x', {}, 'consumer', async () => {
      log.info('inside');
      return currentTraceparent();
    });
    expect(result).to.equal(undefined);
    expect(lines[0]).to.not.have.property('trace_id');
  });

  it('When tracing is on, then work under a traceparent continues that trace and its log lines carry trace_id', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = await startTracing({ service: 'on', exporter });
    try {
      const { log, lines } = capturedLogger();
      const inner = await withTraceparent(PARENT, 'process x', { 'messaging.message.id': 'm-1' }, 'consumer', async () => {
        log.info('inside');
        return currentTraceparent();
      });
      log.info('outside');
      expect(inner).to.match(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
      expect(lines[0]).to.include({ trace_id: '0af7651916cd43dd8448eb211c80319c', msg: 'inside' });
      expect(lines[1]).to.not.have.property('trace_id');
      const [span] = exporter.getFinishedSpans();
      expect(span).to.include({ name: 'process x' });
      expect(span!.parentSpanContext?.spanId).to.equal('b7ad6b7169203331');
    } finally {
      await tracing?.shutdown();
    }
    expect(tracingEnabled()).to.equal(false);
  });
});
