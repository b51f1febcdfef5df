import { expect } from 'chai';
import { EVENT_DATA_SCHEMAS, EVENT_TOPICS, EVENT_TYPES, EventEnvelope, eventEnvelopeSchema, isEventType, type EventDataOf, type EventOf } from '../src/index.ts';
import { envelope, episode, eventData, job, metadata, passes, thumbnail } from './examples.ts';

/** One way to break each type's data that its schema must catch. */
const broken: Record<(typeof EVENT_TYPES)[number], Record<string, unknown>> = {
  'episode.created': { episode: { ...episode, rating: 11 } },
  'episode.updated': { before: episode, after: episode, changed: ['not_a_column'] },
  'episode.deleted': { episode, deleted_at: 'yesterday' },
  'metadata.stored': { metadata: { ...metadata, tags: 'storm' } },
  'metadata.updated': { before: metadata },
  'thumbnail.created': { thumbnail: { ...thumbnail, quality_rating: 1.5 }, demoted_primary: null },
  'thumbnail.deleted': { thumbnail, reason: 'purged' },
  'video.uploaded': { ...eventData['video.uploaded'], size_bytes: 0 },
  'processing.requested': { job },
  'processing.started': { job: { ...job, status: 'running' } },
  'processing.completed': { job, result: { scene_changes: [-1] } },
  'processing.failed': { job: { ...job, job_type: 'transcode' } },
  'access.recorded': { ...eventData['access.recorded'], action: 'peek' },
  'gateway.started': { ...eventData['gateway.started'], access_mode: 'sometimes' },
  'gateway.stopped': { ...eventData['gateway.stopped'], dropped: -1 },
};

describe('contracts: events', () => {
  it('When the event tables are read, then every type has one data schema, one topic and a versioned unique $id', () => {
    expect(Object.keys(EVENT_DATA_SCHEMAS)).to.deep.equal([...EVENT_TYPES]);
    expect(Object.keys(EVENT_TOPICS)).to.deep.equal([...EVENT_TYPES]);
    const ids = EVENT_TYPES.map((type) => EVENT_DATA_SCHEMAS[type].$id);
    expect(ids).to.deep.equal(EVENT_TYPES.map((type) => `episodic:event:${type}:v1`));
    expect(new Set(EVENT_TYPES.map((type) => eventEnvelopeSchema(type).$id)).size).to.equal(EVENT_TYPES.length);
    expect(isEventType('episode.updated')).to.equal(true);
    expect(isEventType('episode.renamed')).to.equal(false);
  });

  for (const type of EVENT_TYPES) {
    it(`When ${type} data is realistic, then its schema and its whole envelope accept it; broken data is rejected`, () => {
      expect(passes(EVENT_DATA_SCHEMAS[type], eventData[type])).to.equal(true);
      expect(passes(eventEnvelopeSchema(type), envelope(type, eventData[type]))).to.equal(true);
      expect(passes(EVENT_DATA_SCHEMAS[type], broken[type])).to.equal(false);
      expect(passes(eventEnvelopeSchema(type), envelope(type, broken[type]))).to.equal(false);
      expect(passes(EVENT_DATA_SCHEMAS[type], {})).to.equal(false);
      expect(passes(EVENT_DATA_SCHEMAS[type], { ...eventData[type], extra: true })).to.equal(false);
    });
  }

  it('When an envelope breaks CloudEvents or our extensions, then it is rejected', () => {
    const good = envelope('episode.created', eventData['episode.created']);
    const { correlationid: _correlation, ...uncorrelated } = good;
    const bad = [
      uncorrelated,
      { ...good, specversion: '0.3' },
      { ...good, id: 'e1' },
      { ...good, time: 'now' },
      { ...good, type: 'episode.updated' },
      { ...good, datacontenttype: 'text/plain' },
      { ...good, subject: '' },
      { ...good, actor: { user_id: 'u', roles: ['admin'] } },
      { ...good, actor: { ...good.actor, roles: 'admin' } },
    ];
    for (const event of bad) expect(passes(eventEnvelopeSchema('episode.created'), event), JSON.stringify(event).slice(0, 80)).to.equal(false);
    expect(passes(eventEnvelopeSchema('episode.created'), { ...good, dataschema: EVENT_DATA_SCHEMAS['episode.created'].$id })).to.equal(true);
  });

  it('When any event is checked by the generic envelope, then its type must be known but its data is left to the type schema', () => {
    expect(passes(EventEnvelope, envelope('access.recorded', { anything: 1 }))).to.equal(true);
    expect(passes(EventEnvelope, { ...envelope('access.recorded', {}), type: 'thumbnail.exploded' })).to.equal(false);
    expect(passes(EventEnvelope, { ...envelope('access.recorded', {}), data: 'text' })).to.equal(false);
  });

  it('When code handles an event, then the derived types follow the schemas', () => {
    const updated: EventDataOf<'episode.updated'> = { before: episode, after: episode, changed: ['rating'] };
    // @ts-expect-error `changed` names columns only
    const unknownColumn: EventDataOf<'episode.updated'> = { before: episode, after: episode, changed: ['colour'] };
    const access: EventOf<'access.recorded'>['data']['outcome'] = 'denied';
    expect(passes(EVENT_DATA_SCHEMAS['episode.updated'], updated)).to.equal(true);
    expect(passes(EVENT_DATA_SCHEMAS['episode.updated'], unknownColumn)).to.equal(false);
    expect(access).to.equal('denied');
  });
});
