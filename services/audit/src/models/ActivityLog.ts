import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type ModelAttributes, type Sequelize } from 'sequelize';

/**
 * A row of `activity_logs` (migrations/audit/01 and 04). Serves the reads and reports; the
 * chained append stays raw SQL (it must hold the chain lock and read the head in one transaction).
 * Used only inside src/data: rows leave as plain objects.
 */
export class ActivityLog extends Model<InferAttributes<ActivityLog>, InferCreationAttributes<ActivityLog>> {
  declare id: CreationOptional<number>;
  declare user_id: string | null;
  declare action_type: string;
  declare resource_type: string;
  declare resource_id: number | null;
  declare old_values: unknown;
  declare new_values: unknown;
  declare ip_address: string | null;
  declare user_agent: string | null;
  declare correlation_id: string;
  declare outcome: string;
  declare event_id: string;
  declare event_type: string;
  declare occurred_at: Date;
  declare recorded_at: CreationOptional<Date>;
  declare prev_hash: string | null;
  declare hash: string;
  declare hash_version: number;
}

const ATTRIBUTES: ModelAttributes<ActivityLog, InferAttributes<ActivityLog>> = {
  id: { type: DataTypes.BIGINT, autoIncrement: true, primaryKey: true },
  user_id: { type: DataTypes.STRING(255) },
  action_type: { type: DataTypes.STRING(100), allowNull: false },
  resource_type: { type: DataTypes.STRING(100), allowNull: false },
  resource_id: { type: DataTypes.INTEGER },
  old_values: { type: DataTypes.JSONB },
  new_values: { type: DataTypes.JSONB },
  ip_address: { type: DataTypes.STRING(45) },
  user_agent: { type: DataTypes.TEXT },
  correlation_id: { type: DataTypes.STRING(128) },
  outcome: { type: DataTypes.STRING(20), allowNull: false },
  event_id: { type: DataTypes.STRING(255), allowNull: false },
  event_type: { type: DataTypes.STRING(100), allowNull: false },
  occurred_at: { type: DataTypes.DATE, allowNull: false },
  recorded_at: { type: DataTypes.DATE, allowNull: false },
  prev_hash: { type: DataTypes.STRING(64) },
  hash: { type: DataTypes.STRING(64), allowNull: false },
  hash_version: { type: DataTypes.SMALLINT, allowNull: false },
};

/** ActivityLog bound to one Sequelize instance (a subclass per instance). */
export function activityLogModel(sequelize: Sequelize): typeof ActivityLog {
  class BoundActivityLog extends ActivityLog {}
  BoundActivityLog.init(ATTRIBUTES, { sequelize, tableName: 'activity_logs', modelName: 'ActivityLog', timestamps: false });
  return BoundActivityLog;
}
