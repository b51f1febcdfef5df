import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type ModelAttributes, type Sequelize } from 'sequelize';

/** A row of `processing_queue` (migrations/processing/01). Used only inside src/data. */
export class ProcessingQueue extends Model<InferAttributes<ProcessingQueue>, InferCreationAttributes<ProcessingQueue>> {
  declare id: CreationOptional<number>;
  declare episode_id: number;
  declare job_type: string;
  declare status: CreationOptional<string>;
  declare sqs_message_id: string | null;
  declare sqs_receipt_handle: string | null;
  declare job_config: Record<string, unknown>;
  declare error_message: string | null;
  declare retry_count: CreationOptional<number>;
  declare max_retries: number;
  declare created_at: CreationOptional<Date>;
  declare started_at: Date | null;
  declare completed_at: Date | null;
}

const ATTRIBUTES: ModelAttributes<ProcessingQueue, InferAttributes<ProcessingQueue>> = {
  id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
  episode_id: { type: DataTypes.INTEGER, allowNull: false },
  job_type: { type: DataTypes.STRING(50), allowNull: false },
  status: { type: DataTypes.STRING(50), allowNull: false, defaultValue: 'pending' },
  sqs_message_id: { type: DataTypes.STRING(255) },
  sqs_receipt_handle: { type: DataTypes.STRING(1024) },
  job_config: { type: DataTypes.JSON, allowNull: false },
  error_message: { type: DataTypes.TEXT },
  retry_count: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
  max_retries: { type: DataTypes.INTEGER, allowNull: false },
  created_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  started_at: { type: DataTypes.DATE },
  completed_at: { type: DataTypes.DATE },
};

/** ProcessingQueue bound to one Sequelize instance (a subclass per instance). */
export function processingQueueModel(sequelize: Sequelize): typeof ProcessingQueue {
  class BoundProcessingQueue extends ProcessingQueue {}
  BoundProcessingQueue.init(ATTRIBUTES, { sequelize, tableName: 'processing_queue', modelName: 'ProcessingQueue', timestamps: false });
  return BoundProcessingQueue;
}
