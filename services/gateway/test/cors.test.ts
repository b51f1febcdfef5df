import { expect } from 'chai';
import { corsFor } from '../src/edge/cors.ts';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: CORS', () => {
  let closed: RunningGateway;
  let open: RunningGateway;
  const tool = 'https://tools.example.com';

  before(async () => {
    closed = await startGateway();
    open = await startGateway({ env: { CORS_ORIGINS: `${tool}, http://localhost:5173` } });
  });
  after(async () => {
    await closed.close();
    await open.close();
  });

  const preflight = (running: RunningGateway, origin: string) =>
    running.call('/api/v1/episodes', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });

  it('When no origin is configured (the default), then a preflight gets no CORS headers', async () => {
    const response = await preflight(closed, tool);
    expect(response.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('When an allowed origin sends a preflight, then the gateway answers it (204) without a token', async () => {
    const response = await preflight(open, tool);
    expect(response.status).to.equal(204);
    expect(response.headers.get('access-control-allow-origin')).to.equal(tool);
    expect(response.headers.get('access-control-allow-methods')).to.contain('POST');
    expect(response.headers.get('access-control-allow-headers')).to.contain('authorization');
    expect(response.headers.get('access-control-allow-credentials')).to.equal(null);
  });

  it('When another origin sends a preflight, then it gets no CORS headers', async () => {
    const response = await preflight(open, 'https://evil.example');
    expect(response.headers.get('access-control-allow-origin')).to.equal(null);
  });

  it('When an allowed origin calls, then the answer (a 401 included) names it and exposes the request id and rate-limit headers', async () => {
    for (const as of ['viewer', undefined] as const) {
      const response = await open.call('/api/v1/episodes', { ...(as && { as }), headers: { origin: tool } });
      await response.body?.cancel();
      expect(response.headers.get('access-control-allow-origin')).to.equal(tool);
      expect(response.headers.get('access-control-expose-headers')).to.contain('x-request-id').and.contain('ratelimit');
      expect(response.headers.get('vary')).to.match(/origin/i);
    }
  });

  it('When credentials are asked for together with the wildcard origin, then the gateway refuses to start', () => {
    expect(() => corsFor({ origins: ['*'], allowCredentials: true })).to.throw(/CORS_ALLOW_CREDENTIALS/);
  });
});
