import { expect } from 'chai';
import * as contracts from '../src/index.ts';
import { EpisodeCreate, EpisodeUpdate } from '../src/index.ts';
import { HTTP_URL_PATTERN } from '../src/rest/episodes.ts';
import { minimalCreate, passes } from './examples.ts';

/** Every `format: 'uri'` property under `schema`, by its path. */
function uriFields(schema: unknown, path: string, found: Map<string, Record<string, unknown>>, seen = new Set<unknown>()): void {
  if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
  seen.add(schema);
  const node = schema as Record<string, unknown>;
  if (node['format'] === 'uri') found.set(path, node);
  for (const [key, value] of Object.entries(node)) uriFields(value, `${path}/${key}`, found, seen);
}

/** The request schemas: what clients write (answers and events show what was written). */
const WRITTEN = /(Create|Update|Request|Fields|Upsert)$/;

describe('contracts: URL fields', () => {
  it('When any request schema has a format uri field, then it allows http: and https: only', () => {
    const found = new Map<string, Record<string, unknown>>();
    for (const [name, value] of Object.entries(contracts)) if (WRITTEN.test(name)) uriFields(value, name, found);
    expect([...found.keys()]).to.include.members(['EpisodeCreate/properties/thumbnail_url', 'EpisodeUpdate/properties/video_url']);
    const unguarded = [...found].filter(([, field]) => field['pattern'] !== HTTP_URL_PATTERN);
    expect(unguarded.map(([path]) => path)).to.deep.equal([]);
  });

  it('When thumbnail_url, poster_url or video_url has another scheme, then the body is invalid; http and https (any case) pass', () => {
    for (const field of ['thumbnail_url', 'poster_url', 'video_url']) {
      for (const bad of ['javascript:alert(1)', 'data:text/html,<b>x</b>', 'file:///etc/passwd', 'ftp://example.com/x', 'vbscript:msgbox', '//cdn.example.com/x.jpg', 'https://']) {
        expect(passes(EpisodeCreate, { ...minimalCreate, [field]: bad }), `${field}=${bad}`).to.equal(false);
        expect(passes(EpisodeUpdate, { [field]: bad }), `update ${field}=${bad}`).to.equal(false);
      }
      for (const good of ['https://cdn.example.com/t.jpg', 'http://cdn.example.com/t.jpg', 'HTTPS://CDN.EXAMPLE.COM/T.JPG', null]) {
        expect(passes(EpisodeCreate, { ...minimalCreate, [field]: good }), `${field}=${good}`).to.equal(true);
      }
    }
  });
});
