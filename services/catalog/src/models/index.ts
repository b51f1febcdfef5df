import type { Sequelize } from 'sequelize';
import { Episode, episodeModel } from './Episode.ts';
import { MetadataStorage, metadataStorageModel } from './MetadataStorage.ts';

export { Episode, MetadataStorage };

/** Catalog's models, bound to one database. */
export interface CatalogModels {
  Episode: typeof Episode;
  MetadataStorage: typeof MetadataStorage;
}

/**
 * Binds catalog's models to its Sequelize instance and declares Episode hasMany
 * MetadataStorage (the seed's association; the API exposes at most one row per episode).
 */
export function defineModels(sequelize: Sequelize): CatalogModels {
  const BoundEpisode = episodeModel(sequelize);
  const BoundMetadata = metadataStorageModel(sequelize);
  BoundEpisode.hasMany(BoundMetadata, { foreignKey: 'episode_id', as: 'metadata' });
  BoundMetadata.belongsTo(BoundEpisode, { foreignKey: 'episode_id', as: 'episode' });
  return { Episode: BoundEpisode, MetadataStorage: BoundMetadata };
}
