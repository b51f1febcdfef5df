const COLORS: Record<string, string> = { gateway: '\x1b[36m', catalog: '\x1b[35m', media: '\x1b[32m', processing: '\x1b[34m', audit: '\x1b[33m' };
const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'msg']);

/**
 * One readable line per JSON log record of a child service, prefixed with its name,
 * e.g. `catalog | info  request method=POST path=/api/v1/episodes status=201`.
 */
export function formatLogLine(service: string, line: string, useColor: boolean): string {
  const prefix = useColor ? `${COLORS[service] ?? ''}${service.padEnd(7)}\x1b[0m |` : `${service.padEnd(7)} |`;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${prefix} ${line}`;
  }
  const level = LEVELS[Number(record['level'])] ?? 'info';
  const fields = Object.entries(record)
    .filter(([key]) => !SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
  return `${prefix} ${level.padEnd(5)} ${String(record['msg'] ?? '')} ${fields}`.trimEnd();
}
