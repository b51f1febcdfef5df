import { Errors } from '@episodic/core';

/**
 * Opaque keyset cursors: the sort key of the last item of a page, base64url JSON.
 *
 *   next_cursor: encodeCursor({ air_date: last.air_date, id: last.id })
 */
export function encodeCursor(position: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/** Decodes a cursor from a query string; a tampered or foreign cursor is a 400. */
export function decodeCursor<Position extends Record<string, unknown>>(
  cursor: string,
  isValid: (value: Record<string, unknown>) => boolean,
): Position {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (value && typeof value === 'object' && isValid(value)) return value as Position;
  } catch {
    // fall through to the client error
  }
  throw Errors.validation([{ path: '/cursor', message: 'is not a cursor returned by this list' }], 'The query parameters are not valid.');
}
