import { expect } from 'chai';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildOpenApi, EpisodeCreate, OPERATIONS } from '../src/index.ts';
import { inlined, refsIn, target } from './document-refs.ts';
import { minimalCreate, passes } from './examples.ts';

const ROLES: Record<string, string[]> = { 'DELETE /api/v1/episodes/:id': ['admin'], 'POST /api/v1/episodes': ['admin', 'editor'] };
const build = (): any => buildOpenApi({ serverUrl: 'https://api.example.com', rolesFor: (method, path) => ROLES[`${method} ${path}`] ?? ['admin'] });

describe('contracts: OpenAPI document', () => {
  it('When the document is built, then it is a valid OpenAPI 3.1 document (official schema, refs resolved)', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(build())));
    expect(result.errors, JSON.stringify(result.errors)).to.equal(undefined);
    expect(result.valid).to.equal(true);
  });

  it('When the document is built, then every $ref points at something and no $id is left to collide', () => {
    const document = build();
    const refs = refsIn(document);
    expect(refs).to.include('#/components/schemas/Episode');
    for (const ref of new Set(refs)) expect(target(document, ref), ref).to.not.equal(undefined);
    expect(JSON.stringify(document)).to.not.contain('"$id"');
    expect(document.components.schemas.EpisodeList.properties.items).to.deep.equal({ type: 'array', items: { $ref: '#/components/schemas/Episode' } });
  });

  it('When the document is built, then every operation is there with its roles, success and problem answers', () => {
    const document = build();
    const count = Object.values(document.paths).reduce((sum: number, item) => sum + Object.keys(item as object).length, 0);
    expect(count).to.equal(OPERATIONS.length);
    for (const operation of OPERATIONS) {
      const entry = document.paths[operation.path][operation.method];
      expect(entry.operationId).to.equal(operation.operationId);
      expect(entry.responses[operation.success.status], operation.operationId).to.exist;
      for (const status of [...operation.errors, 401, 403, 503]) {
        expect(entry.responses[status].content, `${operation.operationId} ${status}`).to.have.all.keys('application/problem+json');
      }
      expect(entry.description).to.match(/^Roles: /);
    }
    expect(document.paths['/api/v1/episodes/{id}'].delete['x-roles']).to.deep.equal(['admin']);
    expect(document.paths['/api/v1/episodes'].post['x-roles']).to.deep.equal(['admin', 'editor']);
    expect(document.paths['/api/v1/episodes'].post.responses[201].headers).to.include.keys('Location');
    expect(document.paths['/api/v1/episodes/{id}'].delete.responses[204].content).to.equal(undefined);
    expect(document.paths['/api/v1/audit/activity'].get.responses[200].content).to.have.all.keys('application/json', 'text/csv');
  });

  it('When the thumbnail routes are documented, then the upload is multipart with a file field and the download is image bytes', () => {
    const document = build();
    const upload = document.paths['/api/v1/episodes/{id}/thumbnails'].post;
    expect(upload.requestBody.content).to.have.all.keys('multipart/form-data');
    const form = inlined(document, upload.requestBody.content['multipart/form-data'].schema) as { required: string[]; properties: Record<string, unknown> };
    expect(form.required).to.include.members(['file', 'thumbnail_type']);
    expect(form.properties).to.have.all.keys('file', 'thumbnail_type', 'position_seconds');
    expect(Object.keys(upload.responses)).to.include.members(['201', '413', '415', '422']);
    expect(document.paths['/api/v1/thumbnails/{id}/content'].get.responses[200].content).to.have.all.keys('image/*');
    expect(document.paths['/api/v1/thumbnails/{id}'].get.responses[200].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/ThumbnailDetails' });
  });

  it('When no roles function is given, then no x-roles are claimed', () => {
    const document = buildOpenApi({ serverUrl: 'http://localhost:3000' }) as { paths: Record<string, Record<string, object>> };
    expect(JSON.stringify(document)).to.not.contain('x-roles');
    expect(document.paths['/api/v1/episodes']!['get']).to.not.have.property('description');
  });

  it('When parameters are documented, then path ids are required, query defaults show, and If-Match is offered on conditional writes', () => {
    const document = build();
    const names = (path: string, method: string) => document.paths[path][method].parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`);
    expect(names('/api/v1/episodes/{id}', 'put')).to.deep.equal(['path:id', 'header:If-Match']);
    expect(names('/api/v1/episodes', 'get')).to.include.members(['query:limit', 'query:cursor', 'query:sort', 'query:air_date_from']);
    const limit = document.paths['/api/v1/episodes'].get.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).to.include({ default: 20, maximum: 100 });
    expect(document.paths['/api/v1/episodes/{id}'].get.parameters[0]).to.include({ in: 'path', required: true });
  });

  it('When a request body schema is taken from the document, then it validates exactly like the contract schema', () => {
    const document = build();
    const fromDocument = inlined(document, document.paths['/api/v1/episodes'].post.requestBody.content['application/json'].schema) as object;
    for (const body of [minimalCreate, { ...minimalCreate, id: 1 }, { ...minimalCreate, rating: 11 }, { ...minimalCreate, air_date: '2025-02-30' }]) {
      expect(passes(fromDocument, body), JSON.stringify(body)).to.equal(passes(EpisodeCreate, body));
    }
  });
});
