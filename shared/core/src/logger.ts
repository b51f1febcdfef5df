import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The service logger: JSON lines on stdout, with secrets redacted, and the `trace_id` of the
 * active span on every line written inside one (tracing on; otherwise nothing is added).
 *
 *   const log = createLogger({ name: 'catalog', level: 'info' });
 *   log.info({ episodeId }, 'episode created');
 */
export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  const settings: pino.LoggerOptions = {
    name: options.name,
    level: options.level ?? 'info',
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.password', 'password'],
      censor: '[redacted]',
    },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: traceFields,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

function traceFields(): { trace_id?: string } {
  const span = trace.getActiveSpan();
  return span ? { trace_id: span.spanContext().traceId } : {};
}
