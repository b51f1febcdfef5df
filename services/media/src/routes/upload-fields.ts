import { ThumbnailUploadFields, type ThumbnailUploadFields as UploadFields } from '@episodic/contracts';
import { Errors } from '@episodic/core';
import { checkStringValues } from '@episodic/http';

/**
 * The upload form's text fields, checked against the contract (form values are strings, so
 * position_seconds is coerced), plus the file's presence: every problem is listed in one 400,
 * e.g. `/file is required` and `/thumbnail_type must be equal to one of the allowed values`.
 */
export function checkUploadFields(fields: Record<string, string>, hasFile: boolean): UploadFields {
  const values: Record<string, unknown> = { ...fields };
  const errors = checkStringValues(ThumbnailUploadFields, values);
  if (!hasFile) errors.unshift({ path: '/file', message: 'is required (the image, as a file part)' });
  if (errors.length > 0) throw Errors.validation(errors, 'The upload form is not valid.');
  return values as UploadFields;
}
