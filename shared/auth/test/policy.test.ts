import { expect } from 'chai';
import { POLICY, isAllowed, matchRoute, type PolicyRule, type Role } from '../src/index.ts';

/** Who may call a route, per the DESIGN §5 table; `system` only where machine clients need it. */
const EXPECTED: [method: string, path: string, allowed: Role[]][] = [
  ['GET', '/api/v1/episodes', ['admin', 'editor', 'viewer', 'system']],
  ['GET', '/api/v1/episodes/7', ['admin', 'editor', 'viewer', 'system']],
  ['POST', '/api/v1/episodes', ['admin', 'editor']],
  ['PUT', '/api/v1/episodes/7', ['admin', 'editor']],
  ['PATCH', '/api/v1/episodes/7', ['admin', 'editor']],
  ['DELETE', '/api/v1/episodes/7', ['admin']],
  ['POST', '/api/v1/episodes/7/video', ['admin', 'editor']],
  ['POST', '/api/v1/episodes/7/video/uploads', ['admin', 'editor']],
  ['GET', '/api/v1/episodes/7/video/uploads/4', ['admin', 'editor']],
  ['GET', '/api/v1/episodes/7/video/uploads/4/part-urls', ['admin', 'editor']],
  ['POST', '/api/v1/episodes/7/video/uploads/4/complete', ['admin', 'editor']],
  ['DELETE', '/api/v1/episodes/7/video/uploads/4', ['admin', 'editor']],
  ['GET', '/api/v1/episodes/7/thumbnails', ['admin', 'editor', 'viewer']],
  ['POST', '/api/v1/episodes/7/thumbnails', ['admin', 'editor']],
  ['GET', '/api/v1/thumbnails/3', ['admin', 'editor', 'viewer']],
  ['GET', '/api/v1/thumbnails/3/content', ['admin', 'editor', 'viewer']],
  ['DELETE', '/api/v1/thumbnails/3', ['admin']],
  ['GET', '/api/v1/episodes/7/metadata', ['admin', 'editor', 'viewer', 'system']],
  ['POST', '/api/v1/episodes/7/metadata', ['admin', 'system']],
  ['PUT', '/api/v1/episodes/7/metadata', ['admin']],
  ['GET', '/api/v1/processing-queue', ['admin', 'editor']],
  ['GET', '/api/v1/processing-queue/5', ['admin', 'editor']],
  ['POST', '/api/v1/episodes/7/process', ['admin', 'editor']],
  ['GET', '/api/v1/audit/activity', ['admin']],
  ['GET', '/api/v1/audit/verify', ['admin']],
  ['GET', '/api/v1/audit/reports/summary', ['admin']],
  ['GET', '/api/v1/audit/legal-holds', ['admin']],
  ['POST', '/api/v1/audit/legal-holds', ['admin']],
  ['DELETE', '/api/v1/audit/legal-holds/3', ['admin']],
  ['GET', '/api/v1/admin/dead-letters', ['admin']],
  ['GET', '/api/v1/admin/dead-letters/audit-events-dlq', ['admin']],
  ['POST', '/api/v1/admin/dead-letters/audit-events-dlq/redrive', ['admin']],
  ['POST', '/api/v1/admin/replays', ['admin']],
];
const ROLES: Role[] = ['admin', 'editor', 'viewer', 'system'];

function ruleFor(method: string, path: string): PolicyRule {
  const match = matchRoute(method, path);
  if (!('rule' in match)) throw new Error(`${method} ${path} matched no rule (${match.status})`);
  return match.rule;
}

describe('auth/policy', () => {
  for (const [method, path, allowed] of EXPECTED) {
    it(`When each role calls ${method} ${path}, then only ${allowed.join('/')} may`, () => {
      const rule = ruleFor(method, path);
      const granted = ROLES.filter((role) => isAllowed({ roles: [role] }, rule));
      expect(granted).to.deep.equal(allowed);
    });
  }

  it('When the table is read, then every rule is covered above and the hierarchy is written out', () => {
    expect(POLICY).to.have.length(EXPECTED.length);
    for (const rule of POLICY) {
      expect(rule.roles, `${rule.method} ${rule.path}`).to.include('admin');
      if (rule.roles.includes('viewer')) expect(rule.roles, `${rule.method} ${rule.path}`).to.include('editor');
    }
  });

  it('When rules are matched, then actions and resources are the ones the audit trail records', () => {
    expect(ruleFor('GET', '/api/v1/thumbnails/3/content')).to.include({ action: 'download', resource: 'thumbnail' });
    expect(ruleFor('POST', '/api/v1/episodes/7/process')).to.include({ action: 'process', resource: 'processing_job' });
    expect(ruleFor('POST', '/api/v1/episodes/7/video')).to.include({ action: 'edit', resource: 'episode' });
    expect(ruleFor('DELETE', '/api/v1/episodes/7')).to.include({ action: 'delete', resource: 'episode' });
  });

  it('When a principal has no role or several, then it is allowed if any role is', () => {
    const rule = ruleFor('DELETE', '/api/v1/episodes/7');
    expect(isAllowed({ roles: [] }, rule)).to.equal(false);
    expect(isAllowed({ roles: ['viewer', 'admin'] }, rule)).to.equal(true);
  });

  it('When a path has parameters, then they are returned decoded', () => {
    expect(matchRoute('GET', '/api/v1/episodes/42/metadata')).to.deep.include({ params: { id: '42' } });
    expect(matchRoute('GET', '/api/v1/thumbnails/a%20b')).to.deep.include({ params: { id: 'a b' } });
    expect(matchRoute('GET', '/api/v1/episodes')).to.deep.include({ params: {} });
  });

  it('When the path has a trailing slash or the method is lower case or HEAD, then it still matches', () => {
    expect(ruleFor('get', '/api/v1/episodes/')).to.include({ method: 'GET', path: '/api/v1/episodes' });
    expect(ruleFor('HEAD', '/api/v1/episodes/7')).to.include({ method: 'GET', path: '/api/v1/episodes/:id' });
  });

  it('When no route has the path, then the answer is 404', () => {
    for (const path of ['/api/v1/nothing', '/api/v1/episodes/7/8', '/api/v1/episodes//7', '/api/v1/episodes/7/metadata/x', '/', '']) {
      expect(matchRoute('GET', path), path).to.deep.equal({ status: 404 });
    }
  });

  it('When the path exists with other methods only, then the answer is 405 listing them', () => {
    expect(matchRoute('PUT', '/api/v1/episodes')).to.deep.equal({ status: 405, allowed: ['GET', 'HEAD', 'POST'] });
    expect(matchRoute('POST', '/api/v1/audit/activity')).to.deep.equal({ status: 405, allowed: ['GET', 'HEAD'] });
    expect(matchRoute('OPTIONS', '/api/v1/thumbnails/3')).to.deep.equal({ status: 405, allowed: ['DELETE', 'GET', 'HEAD'] });
  });
});
