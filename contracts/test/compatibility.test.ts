import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { EVENT_DATA_SCHEMAS } from '../src/index.ts';
import { breakingChanges, canonical } from '../src/compatibility/breaking-changes.ts';
import { compatibilityBreaks, currentContracts, readPublished, type ContractSet } from '../src/compatibility/published-contracts.ts';

/* Real before/after pairs: today's schemas, and each changed the way a careless edit would. */
const created = canonical(EVENT_DATA_SCHEMAS['episode.created'], true) as { properties: { episode: Record<string, any> } };
const episode = created.properties.episode;

function withEpisode(change: (copy: Record<string, any>) => void): unknown {
  const copy = structuredClone(created);
  change(copy.properties.episode);
  return copy;
}

function messages(published: unknown, current: unknown): string[] {
  return breakingChanges(published, current).map((change) => `${change.path}: ${change.message}`);
}

describe('contracts: compatibility check', () => {
  it('When a field is removed from an event, then the check fails naming it', () => {
    const current = withEpisode((copy) => {
      delete copy['properties'].plot_summary;
      copy['required'] = copy['required'].filter((name: string) => name !== 'plot_summary');
    });
    expect(messages(created, current)).to.include('/episode/plot_summary: field removed');
  });

  it('When a field is retyped, then the check fails', () => {
    const current = withEpisode((copy) => { copy['properties'].season_number = { type: 'string' }; });
    expect(messages(created, current).some((line) => line.startsWith('/episode/season_number: type changed'))).to.equal(true);
  });

  it('When an event gains a required field, then the check fails', () => {
    const current = withEpisode((copy) => {
      copy['properties'].language = { type: 'string' };
      copy['required'] = [...copy['required'], 'language'];
    });
    expect(messages(created, current)).to.include('/episode: new required field language');
  });

  it('When a REST response gains a required field, then the set passes; when a field stops being required, then it fails', () => {
    const published: ContractSet = { 'rest/v1/getEpisode.200.json': episode };
    const more = structuredClone(episode);
    more['properties'].language = { type: 'string' };
    more['required'] = [...more['required'], 'language'];
    expect(compatibilityBreaks(published, { 'rest/v1/getEpisode.200.json': more })).to.deep.equal([]);
    const fewer = structuredClone(episode);
    fewer['required'] = fewer['required'].filter((name: string) => name !== 'rating');
    expect(compatibilityBreaks(published, { 'rest/v1/getEpisode.200.json': fewer })).to.deep.equal([
      { contract: 'rest/v1/getEpisode.200.json', path: '/', message: 'field rating is no longer required' },
    ]);
  });

  it('When an enum is narrowed, then the check fails; when it is widened, then it passes', () => {
    const statuses: unknown[] = episode['properties'].processing_status.enum;
    const narrowed = withEpisode((copy) => { copy['properties'].processing_status.enum = statuses.slice(1); });
    expect(messages(created, narrowed).some((line) => line.includes('enum narrowed'))).to.equal(true);
    const widened = withEpisode((copy) => { copy['properties'].processing_status.enum = [...statuses, 'archived']; });
    expect(messages(created, widened)).to.deep.equal([]);
  });

  it('When an optional field is added (and descriptions change), then the check passes', () => {
    const current = withEpisode((copy) => {
      copy['properties'].language = { type: 'string', description: 'BCP 47' };
      copy['properties'].rating.description = 'reworded';
    });
    expect(messages(created, current)).to.deep.equal([]);
  });

  it('When metadata.stored is compared with its schema before technical_metadata (commit 57e035a), then that change is reported as breaking', () => {
    const before = JSON.parse(readFileSync(new URL('./fixtures/metadata.stored.v1.before-57e035a.json', import.meta.url), 'utf8'));
    expect(messages(before, EVENT_DATA_SCHEMAS['metadata.stored'])).to.include('/metadata: new required field technical_metadata');
  });

  it('When a v2 is added beside a published v1, then the set passes; when v1 is dropped, then it fails', () => {
    const published: ContractSet = { 'events/episode.updated.v1.json': created };
    const v2 = withEpisode((copy) => { copy['properties'].season_number = { type: 'string' }; });
    expect(compatibilityBreaks(published, { ...published, 'events/episode.updated.v2.json': v2 })).to.deep.equal([]);
    expect(compatibilityBreaks(published, { 'events/episode.updated.v2.json': v2 })).to.deep.equal([
      { contract: 'events/episode.updated.v1.json', path: '/', message: 'published contract removed' },
    ]);
  });

  it('When the current contracts are compared with contracts/published, then nothing published is broken', () => {
    const breaks = compatibilityBreaks(readPublished(), currentContracts());
    expect(breaks.map((change) => `${change.contract} ${change.path}: ${change.message}`)).to.deep.equal([]);
  });

  it('When the current contracts are compared with contracts/published, then the snapshot is up to date (npm run contracts:publish)', () => {
    const published = readPublished();
    const current = currentContracts();
    expect(Object.keys(current).filter((name) => !(name in published)), 'contracts missing from the snapshot').to.deep.equal([]);
    const stale = Object.keys(current).filter((name) => JSON.stringify(published[name]) !== JSON.stringify(current[name]));
    expect(stale, 'contracts whose snapshot is stale').to.deep.equal([]);
  });
});
