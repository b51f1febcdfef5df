export { createObjectStore } from './object-store.ts';
export type { ObjectStore, ObjectStoreOptions, ObjectHead, StoredObject } from './object-store.ts';
export type { PresignGetOptions, PresignPutOptions } from './presigned-urls.ts';
export { STORAGE_SETTINGS } from './settings.ts';
