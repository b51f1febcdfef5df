import { expect } from 'chai';
import { startGateway, type Caller, type RunningGateway } from './gateway-fixture.ts';

/** Representative routes of the POLICY table and who may call them. */
const MATRIX: { method: string; path: string; allowed: Caller[] }[] = [
  { method: 'GET', path: '/api/v1/episodes', allowed: ['admin', 'editor', 'viewer', 'system'] },
  { method: 'GET', path: '/api/v1/episodes/7', allowed: ['admin', 'editor', 'viewer', 'system'] },
  { method: 'POST', path: '/api/v1/episodes', allowed: ['admin', 'editor'] },
  { method: 'PUT', path: '/api/v1/episodes/7', allowed: ['admin', 'editor'] },
  { method: 'DELETE', path: '/api/v1/episodes/7', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/episodes/7/metadata', allowed: ['admin', 'system'] },
  { method: 'PUT', path: '/api/v1/episodes/7/metadata', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/processing-queue', allowed: ['admin', 'editor'] },
  { method: 'GET', path: '/api/v1/audit/activity', allowed: ['admin'] },
];
const CALLERS: Caller[] = ['admin', 'editor', 'viewer', 'system', 'nobody'];

describe('gateway: authentication and the RBAC table', () => {
  let gateway: RunningGateway;

  before(async () => {
    gateway = await startGateway({ services: ['catalog', 'audit', 'processing'] });
  });
  after(() => gateway.close());

  async function expectProblem(response: Response, status: number): Promise<any> {
    expect(response.status).to.equal(status);
    expect(response.headers.get('content-type')).to.contain('application/problem+json');
    const problem = (await response.json()) as any;
    expect(problem.status).to.equal(status);
    return problem;
  }

  it('When a route is not in the API, then 404 problem+json, and no service is called', async () => {
    const before = gateway.echo.catalog!.calls();
    await expectProblem(await gateway.call('/api/v1/nothing-here', { as: 'admin' }), 404);
    await expectProblem(await gateway.call('/api/v1/episodes/7/unknown', { as: 'admin' }), 404);
    expect(gateway.echo.catalog!.calls()).to.equal(before);
  });

  it('When a path is outside /api/v1, then 404 problem+json even without a token', async () => {
    for (const path of ['/', '/episodes', '/api/v2/episodes', '/api/v1x']) {
      const problem = await expectProblem(await gateway.call(path), 404);
      expect(problem.type).to.equal('urn:problem:episodic:not-found');
    }
  });

  it('When the method is not allowed on a route, then 405 problem+json with Allow', async () => {
    const response = await gateway.call('/api/v1/episodes', { method: 'DELETE', as: 'admin' });
    await expectProblem(response, 405);
    expect(response.headers.get('allow')).to.equal('GET, HEAD, POST');
  });

  it('When each role calls representative routes, then the POLICY table decides 403 or a proxied 2xx', async () => {
    for (const { method, path, allowed } of MATRIX) {
      for (const caller of CALLERS) {
        const response = await gateway.call(path, { method, as: caller, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
        const expected = allowed.includes(caller) ? 'allowed' : 'denied';
        const got = response.status === 403 ? 'denied' : response.status < 300 ? 'allowed' : `status ${response.status}`;
        expect(got, `${caller} ${method} ${path}`).to.equal(expected);
        if (got === 'denied') expect((await response.json()) as any).to.include({ type: 'urn:problem:episodic:forbidden' });
        else await response.body?.cancel();
      }
    }
  });

  it('When the token is missing, garbage, expired, foreign or not Bearer, then 401 problem+json with a challenge', async () => {
    const { issuer } = gateway.env;
    const expired = await issuer.sign({ role: 'admin', expiresInSec: -120 });
    const foreign = await issuer.signWithForeignKey({ role: 'admin' });
    const before = gateway.echo.catalog!.calls();
    const attempts: (string | undefined)[] = [undefined, 'Bearer not.a.jwt', `Bearer ${expired}`, `Bearer ${foreign}`, 'Basic YWRtaW46YWRtaW4='];
    for (const authorization of attempts) {
      const response = await gateway.call('/api/v1/episodes', { headers: authorization ? { authorization } : {} });
      await expectProblem(response, 401);
      expect(response.headers.get('www-authenticate')).to.match(/^Bearer/);
    }
    expect(gateway.echo.catalog!.calls()).to.equal(before);
  });
});
