import { DataTypes } from 'sequelize';
import type { MigrationFn } from '@episodic/db';

/** `activity_logs`: the seed's columns plus event identity, correlation id, outcome and the hash chain. */
export const up: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.createTable('activity_logs', {
    id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
    user_id: { type: DataTypes.STRING(255), allowNull: true },
    action_type: { type: DataTypes.STRING(100), allowNull: false },
    resource_type: { type: DataTypes.STRING(100), allowNull: false },
    resource_id: { type: DataTypes.INTEGER, allowNull: true },
    old_values: { type: DataTypes.JSONB, allowNull: true },
    new_values: { type: DataTypes.JSONB, allowNull: true },
    ip_address: { type: DataTypes.STRING(45), allowNull: true },
    user_agent: { type: DataTypes.TEXT, allowNull: true },
    correlation_id: { type: DataTypes.STRING(128), allowNull: true },
    outcome: { type: DataTypes.STRING(20), allowNull: false, defaultValue: 'success' },
    event_id: { type: DataTypes.STRING(255), allowNull: false, unique: true },
    event_type: { type: DataTypes.STRING(100), allowNull: false },
    occurred_at: { type: DataTypes.DATE, allowNull: false },
    recorded_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
    prev_hash: { type: DataTypes.STRING(64), allowNull: true },
    hash: { type: DataTypes.STRING(64), allowNull: false },
  });
  await queryInterface.addIndex('activity_logs', ['user_id', 'occurred_at'], { name: 'activity_logs_user_time' });
  await queryInterface.addIndex('activity_logs', ['resource_type', 'resource_id'], { name: 'activity_logs_resource' });
  await queryInterface.addIndex('activity_logs', ['action_type'], { name: 'activity_logs_action' });
  await queryInterface.addIndex('activity_logs', ['correlation_id'], { name: 'activity_logs_correlation' });
  await queryInterface.addIndex('activity_logs', ['occurred_at', 'id'], { name: 'activity_logs_time' });
};

export const down: MigrationFn = async ({ context: { queryInterface } }) => {
  await queryInterface.dropTable('activity_logs');
};
