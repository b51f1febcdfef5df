import type { StoredObjectFacts } from '@episodic/images';
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type ModelAttributes, type Sequelize } from 'sequelize';

/** One stored WebP derivative, as kept in the `renditions` JSONB column. */
export type RenditionRow = StoredObjectFacts;

/** A row of `thumbnails` (migrations/media/01). Used only inside src/data. */
export class Thumbnail extends Model<InferAttributes<Thumbnail>, InferCreationAttributes<Thumbnail>> {
  declare id: CreationOptional<number>;
  declare episode_id: number;
  declare s3_bucket: string;
  declare s3_key: string;
  declare file_size_bytes: number;
  declare mime_type: string;
  declare width_pixels: number;
  declare height_pixels: number;
  declare format: string;
  declare thumbnail_type: string;
  declare position_seconds: number | null;
  declare generated_at: CreationOptional<Date>;
  /** DECIMAL(3,2): pg returns it as a string. */
  declare quality_rating: string | number | null;
  declare renditions: RenditionRow[];
}

const ATTRIBUTES: ModelAttributes<Thumbnail, InferAttributes<Thumbnail>> = {
  id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
  episode_id: { type: DataTypes.INTEGER, allowNull: false },
  s3_bucket: { type: DataTypes.STRING(255), allowNull: false },
  s3_key: { type: DataTypes.STRING(512), allowNull: false },
  file_size_bytes: { type: DataTypes.INTEGER, allowNull: false },
  mime_type: { type: DataTypes.STRING(50), allowNull: false },
  width_pixels: { type: DataTypes.INTEGER, allowNull: false },
  height_pixels: { type: DataTypes.INTEGER, allowNull: false },
  format: { type: DataTypes.STRING(20), allowNull: false },
  thumbnail_type: { type: DataTypes.STRING(50), allowNull: false },
  position_seconds: { type: DataTypes.INTEGER },
  generated_at: { type: DataTypes.DATE, allowNull: false, defaultValue: DataTypes.NOW },
  quality_rating: { type: DataTypes.DECIMAL(3, 2) },
  renditions: { type: DataTypes.JSONB, allowNull: false },
};

/**
 * Thumbnail bound to one Sequelize instance (a subclass per instance, so two databases in one
 * process never rebind each other's model).
 */
export function thumbnailModel(sequelize: Sequelize): typeof Thumbnail {
  class BoundThumbnail extends Thumbnail {}
  BoundThumbnail.init(ATTRIBUTES, { sequelize, tableName: 'thumbnails', modelName: 'Thumbnail', timestamps: false });
  return BoundThumbnail;
}
