import { DataTypes, type QueryInterface } from 'sequelize';

/**
 * Creates the transactional outbox table. Each service that publishes calls this from
 * one of its own migrations, so the table lives in that service's database.
 */
export async function createOutboxTable(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.createTable('outbox', {
    seq: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
    event_id: { type: DataTypes.UUID, allowNull: false, unique: true },
    topic: { type: DataTypes.STRING(255), allowNull: false },
    event_type: { type: DataTypes.STRING(100), allowNull: false },
    event: { type: DataTypes.JSONB, allowNull: false },
    created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    published_at: { type: DataTypes.DATE, allowNull: true },
    attempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    last_error: { type: DataTypes.TEXT, allowNull: true },
  });
  await queryInterface.sequelize.query(
    'CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL',
  );
}

/** Creates the inbox table: one row per event a consumer has already applied. */
export async function createInboxTable(queryInterface: QueryInterface): Promise<void> {
  await queryInterface.createTable('inbox', {
    event_id: { type: DataTypes.STRING(255), primaryKey: true },
    event_type: { type: DataTypes.STRING(100), allowNull: false },
    processed_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  });
}
