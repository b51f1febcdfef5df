import { expect } from 'chai';
import { POLICY } from '@episodic/auth';
import { isOperationsPath } from '../src/admin/operations.ts';
import { upstreamFor } from '../src/routing/upstream-routes.ts';

describe('gateway: the routing table', () => {
  it('When any POLICY route is requested, then some service owns it, or the gateway answers it (admin operations)', () => {
    for (const rule of POLICY) {
      const path = rule.path.replace(/:[a-z_]+/g, '17');
      if (isOperationsPath(path)) continue;
      expect(upstreamFor(path), `${rule.method} ${rule.path}`).to.be.a('string');
    }
  });

  it('When a path is an episode sub-resource, then the specific service wins over the catalog', () => {
    expect(upstreamFor('/api/v1/episodes')).to.equal('catalog');
    expect(upstreamFor('/api/v1/episodes/17')).to.equal('catalog');
    expect(upstreamFor('/api/v1/episodes/17/metadata')).to.equal('catalog');
    expect(upstreamFor('/api/v1/episodes/17/thumbnails')).to.equal('media');
    expect(upstreamFor('/api/v1/thumbnails/3/content')).to.equal('media');
    expect(upstreamFor('/api/v1/episodes/17/process')).to.equal('processing');
    expect(upstreamFor('/api/v1/episodes/17/video')).to.equal('processing');
    expect(upstreamFor('/api/v1/processing-queue')).to.equal('processing');
    expect(upstreamFor('/api/v1/audit/activity')).to.equal('audit');
  });

  it('When a path is outside every service, then no service owns it', () => {
    expect(upstreamFor('/api/v1/shows')).to.equal(undefined);
    expect(upstreamFor('/api/v1')).to.equal(undefined);
    expect(upstreamFor('/api/v1/episodesX')).to.equal(undefined);
  });
});
