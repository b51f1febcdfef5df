import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { waitFor } from '@episodic/core';
import { bootSystem, call, roleTokens, type BootedSystem, type Role } from './system.ts';

describe('e2e: compliance-grade audit', function () {
  this.timeout(90_000);
  let system: BootedSystem;
  let tokens: Record<Role, string>;
  let episodeId: number;

  before(async function () {
    this.timeout(240_000);
    system = await bootSystem();
    tokens = await roleTokens(system);
    const created = await call(system, 'POST', '/api/v1/episodes', tokens.admin, { show_name: 'Audit E2E', season_number: 1, episode_number: 1, episode_title: 'Trail', plot_summary: 'same' });
    episodeId = created.body.id;
  });
  after(() => system?.stop());

  /** Calls through the gateway with its own request id and returns the access rows recorded under it. */
  async function accessRowsOf(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
    const requestId = `audit-e2e-${randomUUID()}`;
    const reply = await call(system, method, path, token, body, { 'x-request-id': requestId, ...headers });
    const rows = await waitFor(async () => {
      const items = (await call(system, 'GET', `/api/v1/audit/activity?correlation_id=${requestId}`, tokens.admin)).body.items as any[];
      return items.some((row) => row.event_type === 'access.recorded') ? items : undefined;
    }, { timeoutMs: 15_000, what: `the access row of ${method} ${path}` });
    return { reply, access: rows.filter((row) => row.event_type === 'access.recorded'), rows };
  }

  it('When a viewer reads an episode, then the answer comes with exactly one access row', async () => {
    const { reply, access } = await accessRowsOf('GET', `/api/v1/episodes/${episodeId}`, tokens.viewer);
    expect(reply.status).to.equal(200);
    expect(access).to.have.length(1);
    expect(access[0]).to.include({ action_type: 'view', resource_type: 'episode', resource_id: episodeId, outcome: 'success', user_id: 'viewer-e2e' });
  });

  it('When a write changes nothing, then it still leaves one access row', async () => {
    const { reply, access } = await accessRowsOf('PUT', `/api/v1/episodes/${episodeId}`, tokens.editor, { plot_summary: 'same' });
    expect(reply.status).to.equal(200);
    expect(access).to.have.length(1);
    expect(access[0]).to.include({ action_type: 'edit', outcome: 'success', user_id: 'editor-e2e' });
  });

  it('When a video upload URL is handed out, then it leaves one access row', async () => {
    const { reply, access } = await accessRowsOf('POST', `/api/v1/episodes/${episodeId}/video`, tokens.editor, { content_type: 'video/mp4', size_bytes: 1024 });
    expect(reply.status).to.be.oneOf([200, 201]);
    expect(access).to.have.length(1);
    expect(access[0].new_values).to.include({ method: 'POST', status: reply.status });
  });

  for (const [what, method, path, role, body, status, outcome] of [
    ['a refused role (403)', 'DELETE', () => `/api/v1/episodes/${episodeId}`, 'viewer', undefined, 403, 'denied'],
    ['a missing resource (404)', 'GET', () => '/api/v1/episodes/987654', 'viewer', undefined, 404, 'failure'],
    ['a duplicate (409)', 'POST', () => '/api/v1/episodes', 'editor', { show_name: 'Audit E2E', season_number: 1, episode_number: 1, episode_title: 'Again' }, 409, 'failure'],
  ] as const) {
    it(`When a request ends in ${what}, then it leaves one access row saying ${outcome}`, async () => {
      const { reply, access } = await accessRowsOf(method, path(), tokens[role], body);
      expect(reply.status).to.equal(status);
      expect(access).to.have.length(1);
      expect(access[0]).to.include({ outcome, user_id: `${role}-e2e` });
    });
  }

  it('When a genuinely signed token has expired, then the 401 is recorded against its subject', async () => {
    const expired = await system.issuer.sign({ role: 'editor', sub: 'expired-e2e', expiresInSec: -60 });
    const { reply, access } = await accessRowsOf('GET', `/api/v1/episodes/${episodeId}`, expired);
    expect(reply.status).to.equal(401);
    expect(access[0]).to.include({ user_id: 'expired-e2e', outcome: 'denied' });
  });

  it('When a user agent carries a formula, then the CSV export neutralises it; the summary counts it', async () => {
    const { reply } = await accessRowsOf('GET', `/api/v1/episodes/${episodeId}`, tokens.viewer, undefined, { 'user-agent': '=cmd|\' /C calc\'!A0' });
    expect(reply.status).to.equal(200);
    const csv = await call(system, 'GET', '/api/v1/audit/activity?format=csv&user_id=viewer-e2e', tokens.admin);
    expect(csv.headers.get('content-type')).to.contain('text/csv');
    expect(csv.body).to.contain(",'=cmd|' /C calc'!A0,");
    expect(csv.body).to.not.match(/,=cmd/);
    const summary = await call(system, 'GET', '/api/v1/audit/reports/summary?group_by=user', tokens.admin);
    expect(summary.body.groups.find((group: { key: string }) => group.key === 'viewer-e2e').count).to.be.at.least(3);
    const bad = await call(system, 'GET', '/api/v1/audit/reports/summary?group_by=ip&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', tokens.admin);
    expect(bad.status).to.equal(400);
    expect(bad.body.errors.map((error: { path: string }) => error.path)).to.include('/group_by');
  });

  it('When everything above is in the log, then verify calls the chain valid', async () => {
    const verdict = (await call(system, 'GET', '/api/v1/audit/verify', tokens.admin)).body;
    expect(verdict).to.include({ valid: true, first_broken_id: null });
    expect(verdict.rows).to.be.greaterThan(8);
  });
});
