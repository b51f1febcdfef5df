import { expect } from 'chai';
import { startGateway, type RunningGateway } from './gateway-fixture.ts';

describe('gateway: API documents and the docs page', () => {
  let gateway: RunningGateway;

  before(async () => {
    gateway = await startGateway({ services: ['catalog'], env: { PUBLIC_URL: 'https://api.episodic.example' } });
  });
  after(() => gateway.close());

  it('When the OpenAPI document is fetched without a token, then it is OpenAPI 3.1 listing the routes with their roles', async () => {
    const response = await gateway.call('/api/v1/openapi.json');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('application/json');
    const document = (await response.json()) as any;
    expect(document.openapi).to.match(/^3\.1\./);
    expect(document.servers[0].url).to.contain('https://api.episodic.example');
    expect(document.paths).to.include.keys('/api/v1/episodes', '/api/v1/episodes/{id}', '/api/v1/audit/activity');
    // Roles come from the same POLICY table the gateway enforces.
    expect(document.paths['/api/v1/episodes/{id}'].delete['x-roles']).to.deep.equal(['admin']);
    expect(document.paths['/api/v1/episodes'].post['x-roles']).to.deep.equal(['admin', 'editor']);
  });

  it('When the AsyncAPI document is fetched without a token, then it describes the events', async () => {
    const response = await gateway.call('/api/v1/asyncapi.json');
    expect(response.status).to.equal(200);
    const document = (await response.json()) as any;
    expect(document.asyncapi).to.match(/^3\./);
    expect(JSON.stringify(document)).to.contain('access.recorded');
  });

  it('When /docs is opened, then the page names no external URL, runs no inline script, and each asset loads', async () => {
    const response = await gateway.call('/docs');
    expect(response.status).to.equal(200);
    expect(response.headers.get('content-type')).to.contain('text/html');
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).to.contain("script-src 'self'").and.contain("style-src 'self'").and.not.contain('unsafe-inline');
    const html = await response.text();
    expect(html).to.not.match(/https?:\/\//);
    expect(html).to.not.match(/<script(?![^>]*\bsrc=)[^>]*>/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    expect(assets).to.include.members(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js', '/docs/swagger-initializer.js']);
    for (const asset of assets) {
      const loaded = await gateway.call(asset);
      expect(loaded.status, asset).to.equal(200);
      expect((await loaded.arrayBuffer()).byteLength, asset).to.be.greaterThan(0);
    }
    const initializer = await (await gateway.call('/docs/swagger-initializer.js')).text();
    expect(initializer).to.contain("url: '/api/v1/openapi.json'");
  });

  it('When a file beside the docs assets is asked for, then 404 problem+json', async () => {
    for (const path of ['/docs/index.html', '/docs/../package.json', '/docs/constructor', '/docs/swagger-ui.js.map']) {
      const response = await gateway.call(path);
      expect(response.status, path).to.equal(404);
      expect(response.headers.get('content-type')).to.contain('application/problem+json');
    }
  });
});
