import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { EpisodeCreate, EpisodeUpdate, MetadataWrite, EVENT_TYPES, eventEnvelopeSchema, buildOpenApi, buildAsyncApi, OPERATIONS, embed } from '../src/index.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const valid = (schema: object, value: unknown) => ajv.compile(embed(schema as { $id?: string }))(value);

const episode = {
  id: 1, show_name: 'S', season_number: 1, episode_number: 1, episode_title: 'T', air_date: '2024-01-01',
  plot_summary: null, director: null, writer: null, duration_minutes: 50, rating: 8.5, genre: null,
  thumbnail_url: null, poster_url: null, video_url: null, raw_video_s3_key: null, processed_video_s3_key: null,
  metadata_json_s3_key: null, processing_status: null, upload_date: '2024-01-01T00:00:00.000Z', last_modified: '2024-01-01T00:00:00.000Z',
};

describe('contracts/rest', () => {
  it('When a create body has the required fields, then it is valid; unknown and read-only fields are not', () => {
    const base = { show_name: 'S', season_number: 1, episode_number: 2, episode_title: 'T' };
    expect(valid(EpisodeCreate, base)).to.equal(true);
    expect(valid(EpisodeCreate, { ...base, foo: 1 })).to.equal(false);
    expect(valid(EpisodeCreate, { ...base, id: 5 })).to.equal(false);
    expect(valid(EpisodeCreate, { ...base, processing_status: 'complete' })).to.equal(false);
    expect(valid(EpisodeCreate, { ...base, raw_video_s3_key: 'x' })).to.equal(false);
  });

  it('When values are out of range or malformed, then the body is invalid', () => {
    const base = { show_name: 'S', season_number: 1, episode_number: 2, episode_title: 'T' };
    expect(valid(EpisodeCreate, { ...base, rating: 10.5 })).to.equal(false);
    for (let tenths = 0; tenths <= 100; tenths += 1) expect(valid(EpisodeCreate, { ...base, rating: tenths / 10 }), String(tenths / 10)).to.equal(true);
    expect(valid(EpisodeCreate, { ...base, air_date: '2024-13-01' })).to.equal(false);
    expect(valid(EpisodeCreate, { ...base, season_number: '1' })).to.equal(false);
  });

  it('When an update is empty, then it is invalid; a partial one is valid', () => {
    expect(valid(EpisodeUpdate, {})).to.equal(false);
    expect(valid(EpisodeUpdate, { rating: 9 })).to.equal(true);
    expect(valid(MetadataWrite, { tags: ['a'], scenes_detected: [{ start_seconds: 1.5 }] })).to.equal(true);
    expect(valid(MetadataWrite, { episode_id: 3 })).to.equal(false);
  });
});

describe('contracts/events', () => {
  const envelope = (type: string, data: unknown) => ({
    specversion: '1.0', id: 'e1', source: 'episodic/catalog', type, time: '2024-01-01T00:00:00Z', subject: 'episodes/1',
    datacontenttype: 'application/json', data, actor: { user_id: 'u', roles: ['admin'], ip: null, user_agent: null }, correlationid: 'r1',
  });
  const examples: Record<string, unknown> = {
    'episode.created': { episode },
    'episode.updated': { before: episode, after: { ...episode, rating: 9 }, changed: ['rating'] },
    'episode.deleted': { episode },
    'metadata.stored': { metadata: { id: 1, episode_id: 1, tags: ['x'], created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' } },
    'metadata.updated': {
      before: { id: 1, episode_id: 1, created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-01T00:00:00Z' },
      after: { id: 1, episode_id: 1, tags: ['y'], created_at: '2024-01-01T00:00:00Z', updated_at: '2024-01-02T00:00:00Z' },
    },
    'access.recorded': { action: 'view', resource_type: 'episode', resource_id: 1, method: 'GET', path: '/api/v1/episodes/1', status: 200, outcome: 'success' },
  };

  for (const type of EVENT_TYPES) {
    it(`When a ${type} event is realistic, then it is valid; with broken data, it is not`, () => {
      expect(examples[type], `an example for ${type}`).to.exist;
      expect(valid(eventEnvelopeSchema(type), envelope(type, examples[type]))).to.equal(true);
      expect(valid(eventEnvelopeSchema(type), envelope(type, {}))).to.equal(false);
      expect(valid(eventEnvelopeSchema(type), { ...envelope(type, examples[type]), correlationid: undefined })).to.equal(false);
    });
  }
});

describe('contracts/documents', () => {
  it('When the OpenAPI document is built, then every operation is there with responses and roles', () => {
    const doc = buildOpenApi({ serverUrl: 'http://localhost:3000', rolesFor: () => ['admin'] }) as any;
    expect(doc.openapi).to.equal('3.1.0');
    for (const op of OPERATIONS) {
      const entry = doc.paths[op.path][op.method];
      expect(entry.operationId).to.equal(op.operationId);
      expect(Object.keys(entry.responses)).to.not.be.empty;
      expect(entry['x-roles']).to.deep.equal(['admin']);
    }
    expect(JSON.stringify(doc)).to.not.contain('"$id"');
  });

  it('When the AsyncAPI document is built, then every event type is a message on its topic', () => {
    const doc = buildAsyncApi() as any;
    expect(Object.keys(doc.components.messages)).to.have.length(EVENT_TYPES.length);
    expect(Object.keys(doc.channels['catalog-events'].messages)).to.include('episode_updated');
  });
});
