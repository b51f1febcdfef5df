import { Readable } from 'node:stream';

/** Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 field: JSON for objects; a leading formula character is neutralised with an
 * apostrophe; quoted when it holds a comma, quote or line break.
 *
 *   csvField('=cmd|"/c calc"!A1')   // '"\'=cmd|""/c calc""!A1"'
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One CSV line (CRLF-terminated). */
export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * A CSV document as a stream: the header, then one line per record, pulled one at a time from
 * `records`, so memory stays flat however many there are.
 */
export function csvStream<T>(columns: readonly (keyof T & string)[], records: AsyncIterable<T>): Readable {
  async function* lines(): AsyncGenerator<string> {
    yield csvLine(columns);
    for await (const record of records) yield csvLine(columns.map((column) => record[column]));
  }
  return Readable.from(lines(), { objectMode: false });
}
