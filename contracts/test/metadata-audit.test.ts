import { expect } from 'chai';
import { ActivityList, ActivityLog, ActivityQuery, AuditSummary, ChainVerification, LegalHoldCreate, Metadata, MetadataWrite, Problem, SummaryQuery } from '../src/index.ts';
import { coerceQuery, metadata, passes } from './examples.ts';

const activity: ActivityLog = {
  id: 913, user_id: '5f1c3c2e-editor', action_type: 'edit', resource_type: 'episode', resource_id: 42,
  old_values: { rating: 8.1 }, new_values: { rating: 8.4 }, ip_address: '203.0.113.9', user_agent: 'curl/8.5.0',
  correlation_id: 'req-7f3a9c', outcome: 'success', event_id: '0b9c7f4e-2d6a-4c1b-9a53-8f0e6d2c1b7a', event_type: 'episode.updated',
  occurred_at: '2026-01-06T11:02:17.412Z', recorded_at: '2026-01-06T11:02:17.530Z', hash: 'a'.repeat(64), prev_hash: 'b'.repeat(64), hash_version: 2,
};

describe('contracts: metadata', () => {
  it('When extraction stores what it found, then the body is valid', () => {
    const { id: _id, episode_id: _episode, created_at: _created, updated_at: _updated, ...written } = metadata;
    expect(passes(MetadataWrite, written)).to.equal(true);
    expect(passes(MetadataWrite, { tags: ['storm'] })).to.equal(true);
    expect(passes(MetadataWrite, { sentiment_analysis: null, visual_objects: { faces: 3 } })).to.equal(true);
  });

  it('When a metadata body is empty, names a read-only or unknown field, or breaks a limit, then it is invalid', () => {
    const bad: Record<string, unknown>[] = [
      {}, { episode_id: 3 }, { id: 1, tags: [] }, { created_at: '2026-01-01T00:00:00Z' }, { mood: 'calm' },
      { tags: ['t'.repeat(101)] }, { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) }, { tags: [3] }, { categories: 'Drama' },
      { scenes_detected: [{ end_seconds: 3 }] }, { scenes_detected: [{ start_seconds: -1 }] }, { scenes_detected: [{ start_seconds: 1, colour: 'red' }] },
      { sentiment_analysis: 'positive' }, { processing_duration_seconds: -1 }, { processing_duration_seconds: 1.5 }, { extraction_timestamp: '2026-01-06' },
    ];
    for (const body of bad) expect(passes(MetadataWrite, body), JSON.stringify(body).slice(0, 60)).to.equal(false);
  });

  it('When metadata is answered, then it has every column', () => {
    expect(passes(Metadata, metadata)).to.equal(true);
    const { transcription: _transcription, ...missing } = metadata;
    expect(passes(Metadata, missing)).to.equal(false);
  });
});

describe('contracts: audit and problems', () => {
  it('When an activity row or page is answered, then it matches; a bad action or outcome does not', () => {
    expect(passes(ActivityLog, activity)).to.equal(true);
    expect(passes(ActivityLog, { ...activity, old_values: null, new_values: { method: 'GET', path: '/api/v1/episodes/42', status: 200 } })).to.equal(true);
    expect(passes(ActivityLog, { ...activity, action_type: 'peek' })).to.equal(false);
    expect(passes(ActivityLog, { ...activity, outcome: 'ok' })).to.equal(false);
    expect(passes(ActivityList, { items: [activity], limit: 50, next_cursor: 'abc' })).to.equal(true);
    const verdict = { valid: false, rows: 10, first_broken_id: 4, reason: 'hash does not match the row', last_id: 3, last_hash: 'c'.repeat(64), anchors_checked: 1, segments_removed: 0, possible_gaps: [] };
    expect(passes(ChainVerification, verdict)).to.equal(true);
    expect(passes(ChainVerification, { ...verdict, valid: 'yes' })).to.equal(false);
    expect(passes(AuditSummary, { group_by: 'outcome', from: null, to: null, total: 3, groups: [{ key: 'success', count: 3 }] })).to.equal(true);
  });

  it('When a summary query or a legal hold is malformed, then it is invalid', () => {
    expect(coerceQuery(SummaryQuery, { group_by: 'user', from: '2026-01-01T00:00:00Z' }).ok).to.equal(true);
    const badQueries: Record<string, string>[] = [{}, { group_by: 'ip' }, { group_by: 'user', to: 'tomorrow' }];
    for (const query of badQueries) expect(coerceQuery(SummaryQuery, query).ok, JSON.stringify(query)).to.equal(false);
    expect(passes(LegalHoldCreate, { user_id: 'u-1', reason: 'subpoena' })).to.equal(true);
    expect(passes(LegalHoldCreate, { resource_type: 'episode', resource_id: 4, reason: 'litigation' })).to.equal(true);
    for (const body of [{ reason: 'nothing held' }, { user_id: 'u-1' }, { user_id: 'u-1', resource_type: 'episode', resource_id: 4, reason: 'both' }, { resource_type: 'episode', reason: 'no id' }]) {
      expect(passes(LegalHoldCreate, body), JSON.stringify(body)).to.equal(false);
    }
  });

  it('When an activity query arrives as strings, then it is coerced with defaults; bad times and formats are errors', () => {
    expect(coerceQuery(ActivityQuery, { resource_id: '42', from: '2026-01-01T00:00:00Z' })).to.deep.equal({
      ok: true, value: { resource_id: 42, from: '2026-01-01T00:00:00Z', limit: 50, format: 'json' },
    });
    expect(coerceQuery(ActivityQuery, { format: 'csv', action_type: 'download' }).ok).to.equal(true);
    const bad: Record<string, string>[] = [{ from: 'yesterday' }, { to: '2026-01-01' }, { format: 'xml' }, { limit: '0' }, { limit: '101' }, { action_type: 'peek' }, { sort: 'id' }];
    for (const query of bad) {
      expect(coerceQuery(ActivityQuery, query).ok, JSON.stringify(query)).to.equal(false);
    }
  });

  it('When an error is answered, then the problem body has type, title, status and field errors', () => {
    const problem: Problem = { type: 'urn:problem:episodic:validation', title: 'Bad Request', status: 400, detail: 'Invalid body', errors: [{ path: '/season_number', message: 'must be integer' }] };
    expect(passes(Problem, problem)).to.equal(true);
    expect(passes(Problem, { ...problem, retry_after: 5 }), 'extension members are allowed').to.equal(true);
    expect(passes(Problem, { title: 'Bad Request', status: 400 })).to.equal(false);
    expect(passes(Problem, { ...problem, status: '400' })).to.equal(false);
    expect(passes(Problem, { ...problem, errors: [{ path: '/x' }] })).to.equal(false);
  });
});
