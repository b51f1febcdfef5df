import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type ModelAttributes, type Sequelize } from 'sequelize';

/**
 * A row of `metadata_storage` (migrations/catalog/02): what extraction found in an episode.
 * Used only inside src/data.
 */
export class MetadataStorage extends Model<InferAttributes<MetadataStorage>, InferCreationAttributes<MetadataStorage>> {
  declare id: CreationOptional<number>;
  declare episode_id: number;
  declare extracted_text: string | null;
  declare scenes_detected: unknown;
  declare sentiment_analysis: unknown;
  declare visual_objects: unknown;
  declare transcription: string | null;
  declare tags: unknown;
  declare categories: unknown;
  declare extraction_timestamp: Date | null;
  declare processing_duration_seconds: number | null;
  /** JSONB (migrations/catalog/04): what ffprobe found. */
  declare technical_metadata: unknown;
  declare created_at: CreationOptional<Date>;
  declare updated_at: CreationOptional<Date>;
}

const ATTRIBUTES: ModelAttributes<MetadataStorage, InferAttributes<MetadataStorage>> = {
  id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
  episode_id: { type: DataTypes.INTEGER, allowNull: false },
  extracted_text: { type: DataTypes.TEXT },
  scenes_detected: { type: DataTypes.JSON },
  sentiment_analysis: { type: DataTypes.JSON },
  visual_objects: { type: DataTypes.JSONB },
  transcription: { type: DataTypes.TEXT },
  tags: { type: DataTypes.JSON },
  categories: { type: DataTypes.JSON },
  extraction_timestamp: { type: DataTypes.DATE },
  processing_duration_seconds: { type: DataTypes.INTEGER },
  technical_metadata: { type: DataTypes.JSONB },
  created_at: { type: DataTypes.DATE, allowNull: false },
  updated_at: { type: DataTypes.DATE, allowNull: false },
};

/**
 * MetadataStorage bound to one Sequelize instance. A subclass per instance, so two databases in one
 * process (tests, a drain next to a live app) never rebind each other's model.
 */
export function metadataStorageModel(sequelize: Sequelize): typeof MetadataStorage {
  class BoundMetadataStorage extends MetadataStorage {}
  BoundMetadataStorage.init(ATTRIBUTES, { sequelize, tableName: 'metadata_storage', modelName: 'MetadataStorage', timestamps: false });
  return BoundMetadataStorage;
}
