export { createObjectStore } from './object-store.ts';
export type { ObjectStore, ObjectStoreOptions, ObjectHead, StoredObject } from './object-store.ts';
export type { PresignGetOptions, PresignPutOptions } from './presigned-urls.ts';
export { STORAGE_SETTINGS } from './settings.ts';
export { uploadNotFound } from './multipart.ts';
export type { MultipartUploads, OpenUpload, UploadedPart } from './multipart.ts';
