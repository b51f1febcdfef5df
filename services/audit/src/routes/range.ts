import { Errors } from '@episodic/core';

/** A time range whose end comes before its start is a 400 naming both fields. */
export function checkRange(range: { from?: string; to?: string }): void {
  if (range.from && range.to && Date.parse(range.from) > Date.parse(range.to)) {
    throw Errors.validation([{ path: '/to', message: 'must not be before /from' }], 'The query parameters are not valid.');
  }
}
