import { randomUUID } from 'node:crypto';
import { createEvent, type CloudEvent } from '@episodic/messaging';

/** An episode as catalog's events carry it (every field of the published schema). */
export function sampleEpisode(id: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, show_name: 'Harbor Lights', season_number: 1, episode_number: id, episode_title: `Episode ${id}`, air_date: '2024-02-04',
    plot_summary: null, director: null, writer: null, duration_minutes: 50, rating: 8.1, genre: 'Drama', thumbnail_url: null,
    poster_url: null, video_url: null, raw_video_s3_key: null, processed_video_s3_key: null, metadata_json_s3_key: null,
    processing_status: null, upload_date: '2024-01-01T00:00:00.000Z', last_modified: '2024-01-01T00:00:00.000Z', ...overrides,
  };
}

/**
 * An episode.created event as catalog publishes it.
 *
 *   const event = episodeCreatedEvent(7);
 */
export function episodeCreatedEvent(id: number): CloudEvent {
  return createEvent({
    source: 'episodic/catalog', type: 'episode.created', subject: `episodes/${id}`, data: { episode: sampleEpisode(id) },
    actor: { user_id: 'editor-1', roles: ['editor'], ip: '203.0.113.9', user_agent: 'curl/8' }, correlationId: randomUUID(),
  }) as CloudEvent;
}
