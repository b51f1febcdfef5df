export { buildApp } from './app.ts';
export type { CatalogAppDeps } from './app.ts';
export { CATALOG_CONFIG, readCatalogConfig } from './config.ts';
export type { CatalogConfig } from './config.ts';
export { createCatalog } from './domain/catalog.ts';
export type { Catalog, CatalogOptions } from './domain/catalog.ts';
export { readinessChecks } from './readiness.ts';
