import { expect } from 'chai';
import { Episode, EpisodeCreate, EpisodeList, EpisodeListQuery, EpisodeUpdate, IdParams } from '../src/index.ts';
import type { EpisodeCreate as NewEpisode, EpisodeListQuery as ListQuery } from '../src/index.ts';
import { coerceQuery, episode, minimalCreate, passes } from './examples.ts';

describe('contracts: episodes', () => {
  it('When a create body has the required fields (and optional ones), then it is valid', () => {
    expect(passes(EpisodeCreate, minimalCreate)).to.equal(true);
    const full = { ...minimalCreate, air_date: '2025-03-21', plot_summary: 'Calm.', director: null, rating: 7.9, duration_minutes: 48, thumbnail_url: 'https://cdn.example.com/t.jpg' };
    expect(passes(EpisodeCreate, full)).to.equal(true);
  });

  it('When a create body lacks a required field, then it is invalid', () => {
    for (const field of ['show_name', 'season_number', 'episode_number', 'episode_title'] as const) {
      const { [field]: _dropped, ...rest } = minimalCreate;
      expect(passes(EpisodeCreate, rest), field).to.equal(false);
    }
  });

  it('When a write body carries an unknown or read-only field, then it is rejected', () => {
    const forbidden = { id: 5, raw_video_s3_key: 'x', processed_video_s3_key: 'x', metadata_json_s3_key: 'x', processing_status: 'complete', deleted_at: null, upload_date: '2026-01-01T00:00:00Z', last_modified: '2026-01-01T00:00:00Z', is_admin: true };
    for (const [field, value] of Object.entries(forbidden)) {
      expect(passes(EpisodeCreate, { ...minimalCreate, [field]: value }), `create ${field}`).to.equal(false);
      expect(passes(EpisodeUpdate, { episode_title: 'T', [field]: value }), `update ${field}`).to.equal(false);
    }
  });

  it('When values are out of range or malformed, then the body is invalid', () => {
    const bad: Record<string, unknown> = {
      rating: 10.5, duration_minutes: 0, season_number: -1, episode_number: 1.5, show_name: '', episode_title: 'x'.repeat(256),
      air_date: '2024-13-01', genre: 'g'.repeat(101), plot_summary: 'p'.repeat(20001), thumbnail_url: 'not a url', director: 'd'.repeat(256),
    };
    for (const [field, value] of Object.entries(bad)) expect(passes(EpisodeCreate, { ...minimalCreate, [field]: value }), field).to.equal(false);
    expect(passes(EpisodeCreate, { ...minimalCreate, rating: -0.1 })).to.equal(false);
    expect(passes(EpisodeCreate, { ...minimalCreate, season_number: '1' }), 'a body is not coerced').to.equal(false);
    expect(passes(EpisodeCreate, { ...minimalCreate, air_date: '2025-02-30' }), 'no such day').to.equal(false);
  });

  it('When a rating has one decimal anywhere from 0 to 10, then it is accepted (no float multipleOf trap)', () => {
    for (let tenths = 0; tenths <= 100; tenths += 1) expect(passes(EpisodeCreate, { ...minimalCreate, rating: tenths / 10 }), String(tenths / 10)).to.equal(true);
  });

  it('When an update is empty, then it is invalid; any partial one is valid, but required fields cannot become null', () => {
    expect(passes(EpisodeUpdate, {})).to.equal(false);
    expect(passes(EpisodeUpdate, { rating: 9 })).to.equal(true);
    expect(passes(EpisodeUpdate, { air_date: null, genre: null })).to.equal(true);
    for (const field of ['show_name', 'season_number', 'episode_number', 'episode_title']) expect(passes(EpisodeUpdate, { [field]: null }), field).to.equal(false);
  });

  it('When an episode is answered, then it has every column and no more', () => {
    expect(passes(Episode, episode)).to.equal(true);
    expect(passes(Episode, { ...episode, deleted_at: null }), 'deleted_at never leaves catalog').to.equal(false);
    const { processing_status: _status, ...missing } = episode;
    expect(passes(Episode, missing)).to.equal(false);
    expect(passes(Episode, { ...episode, processing_status: 'done' })).to.equal(false);
    expect(passes(Episode, { ...episode, processing_status: null })).to.equal(true);
    expect(passes(EpisodeList, { items: [episode], limit: 20, next_cursor: null })).to.equal(true);
    expect(passes(EpisodeList, { items: [{ ...episode, id: 'x' }], limit: 20, next_cursor: null })).to.equal(false);
  });

  it('When a list query arrives as strings, then it is coerced with defaults; a limit over 100 is an error, not a clamp', () => {
    const parsed = coerceQuery(EpisodeListQuery, { season_number: '2', air_date_from: '2025-01-01' });
    expect(parsed).to.deep.equal({ ok: true, value: { season_number: 2, air_date_from: '2025-01-01', limit: 20, sort: 'show' } });
    const typed: ListQuery = { limit: 5, sort: '-air_date', processing_status: 'failed' };
    expect(coerceQuery(EpisodeListQuery, { limit: String(typed.limit), sort: typed.sort!, processing_status: 'failed' }).ok).to.equal(true);
    expect(coerceQuery(EpisodeListQuery, { limit: '101' })).to.deep.equal({ ok: false, paths: ['/limit'] });
    expect(coerceQuery(EpisodeListQuery, { sort: 'title' }).ok).to.equal(false);
    expect(coerceQuery(EpisodeListQuery, { air_date_to: '14/03/2025' }).ok).to.equal(false);
    expect(coerceQuery(EpisodeListQuery, { page_size: '5' }).ok, 'unknown parameter').to.equal(false);
  });

  it('When an id path parameter is not a positive int4, then it is invalid', () => {
    expect(coerceQuery(IdParams, { id: '42' })).to.deep.equal({ ok: true, value: { id: 42 } });
    for (const id of ['0', '-1', 'abc', '1.5', '2147483648']) expect(coerceQuery(IdParams, { id }).ok, id).to.equal(false);
  });

  it('When code builds a create body, then the derived type holds the same rules', () => {
    const body: NewEpisode = { ...minimalCreate, rating: null };
    // @ts-expect-error a required field is missing
    const incomplete: NewEpisode = { show_name: 'S', season_number: 1, episode_number: 1 };
    // @ts-expect-error a read-only field is not part of the body type
    const readOnly: NewEpisode = { ...minimalCreate, processing_status: 'complete' };
    expect([body, incomplete, readOnly].map((value) => passes(EpisodeCreate, value))).to.deep.equal([true, false, false]);
  });
});
