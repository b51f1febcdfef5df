import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * The service logger: JSON lines on stdout, with secrets redacted.
 *
 *   const log = createLogger({ name: 'catalog', level: 'info' });
 *   log.info({ episodeId }, 'episode created');
 */
export function createLogger(options: { name: string; level?: string }): Logger {
  return pino({
    name: options.name,
    level: options.level ?? 'info',
    redact: {
      paths: ['req.headers.authorization', 'headers.authorization', '*.password', 'password'],
      censor: '[redacted]',
    },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
