/** The contracts' derived types under the names catalog's code speaks of (one place to follow a rename). */
export type {
  EpisodeT as Episode,
  EpisodeCreateT as EpisodeCreate,
  EpisodeUpdateT as EpisodeUpdate,
  EpisodeListQueryT as EpisodeListQuery,
  MetadataT as Metadata,
  MetadataWriteT as MetadataWrite,
} from '@episodic/contracts';
