import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type ModelAttributes, type Sequelize } from 'sequelize';

/**
 * A row of `episodes` (migrations/catalog/01). Used only inside src/data: repositories turn
 * it into the contracts' plain Episode before it leaves data access.
 */
export class Episode extends Model<InferAttributes<Episode>, InferCreationAttributes<Episode>> {
  declare id: CreationOptional<number>;
  declare show_name: string;
  declare season_number: number;
  declare episode_number: number;
  declare episode_title: string;
  /** DATEONLY: Sequelize hands it over as 'YYYY-MM-DD'. */
  declare air_date: string | null;
  declare plot_summary: string | null;
  declare director: string | null;
  declare writer: string | null;
  declare duration_minutes: number | null;
  /** DECIMAL(3,1): pg returns it as a string to keep precision. */
  declare rating: string | number | null;
  declare genre: string | null;
  declare thumbnail_url: string | null;
  declare poster_url: string | null;
  declare video_url: string | null;
  declare raw_video_s3_key: string | null;
  declare processed_video_s3_key: string | null;
  declare metadata_json_s3_key: string | null;
  declare processing_status: string | null;
  declare upload_date: CreationOptional<Date>;
  declare last_modified: CreationOptional<Date>;
  declare deleted_at: CreationOptional<Date | null>;
}

const ATTRIBUTES: ModelAttributes<Episode, InferAttributes<Episode>> = {
  id: { type: DataTypes.INTEGER, autoIncrement: true, primaryKey: true },
  show_name: { type: DataTypes.STRING(255), allowNull: false },
  season_number: { type: DataTypes.INTEGER, allowNull: false },
  episode_number: { type: DataTypes.INTEGER, allowNull: false },
  episode_title: { type: DataTypes.STRING(255), allowNull: false },
  air_date: { type: DataTypes.DATEONLY },
  plot_summary: { type: DataTypes.TEXT },
  director: { type: DataTypes.STRING(255) },
  writer: { type: DataTypes.STRING(255) },
  duration_minutes: { type: DataTypes.INTEGER },
  rating: { type: DataTypes.DECIMAL(3, 1) },
  genre: { type: DataTypes.STRING(100) },
  thumbnail_url: { type: DataTypes.STRING(512) },
  poster_url: { type: DataTypes.STRING(512) },
  video_url: { type: DataTypes.STRING(512) },
  raw_video_s3_key: { type: DataTypes.STRING(512) },
  processed_video_s3_key: { type: DataTypes.STRING(512) },
  metadata_json_s3_key: { type: DataTypes.STRING(512) },
  processing_status: { type: DataTypes.STRING(50) },
  upload_date: { type: DataTypes.DATE, allowNull: false },
  last_modified: { type: DataTypes.DATE, allowNull: false },
  deleted_at: { type: DataTypes.DATE },
};

/**
 * Episode bound to one Sequelize instance. A subclass per instance, so two databases in one
 * process (tests, a drain next to a live app) never rebind each other's model.
 */
export function episodeModel(sequelize: Sequelize): typeof Episode {
  class BoundEpisode extends Episode {}
  BoundEpisode.init(ATTRIBUTES, { sequelize, tableName: 'episodes', modelName: 'Episode', timestamps: false });
  return BoundEpisode;
}
