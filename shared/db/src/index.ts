export { createSequelize, checkDatabase } from './sequelize.ts';
export type { DatabaseOptions } from './sequelize.ts';
export { createMigrator, migrateUp, openDatabase } from './migrations.ts';
export type { MigrationFn, MigrationParams } from './migrations.ts';
export { createOutboxTable, createInboxTable } from './messaging-tables.ts';
export { Outbox } from './outbox.ts';
export type { OutboxEvent, OutboxOptions, PublishFn, BatchResult } from './outbox.ts';
export { applyOnce } from './inbox.ts';
export type { InboxOutcome } from './inbox.ts';
