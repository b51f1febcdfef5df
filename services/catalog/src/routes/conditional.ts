import type { Context } from 'koa';
import type { Episode } from '../contract-types.ts';
import { episodeVersion } from '../domain/versions.ts';

/** The ETag of an episode's current state: a strong tag of its version, e.g. "42-1767225600000". */
export function etagOf(episode: Pick<Episode, 'id' | 'last_modified'>): string {
  return `"${episodeVersion(episode)}"`;
}

/**
 * The versions an If-Match header names, or undefined without one. Tags are compared by
 * their opaque value, so a weak W/"…" copy of our tag is accepted too; '*' stands for any.
 */
export function expectedVersions(ctx: Pick<Context, 'get'>): string[] | undefined {
  const header = ctx.get('if-match').trim();
  if (header === '') return undefined;
  if (header === '*') return ['*'];
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'))
    .filter(Boolean);
}

/**
 * Whether the client's If-None-Match names the episode's current version (or '*'): its copy is
 * fresh and a GET answers 304 without a body. Weak comparison, as RFC 9110 asks for GET.
 */
export function matchesIfNoneMatch(ctx: Pick<Context, 'get'>, episode: Pick<Episode, 'id' | 'last_modified'>): boolean {
  const header = ctx.get('if-none-match').trim();
  if (header === '') return false;
  if (header === '*') return true;
  const current = episodeVersion(episode);
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1') === current);
}

/** Sets the validators a client needs for its next conditional request. */
export function setValidators(ctx: Pick<Context, 'set'>, episode: Pick<Episode, 'id' | 'last_modified'>): void {
  ctx.set('ETag', etagOf(episode));
  ctx.set('Last-Modified', new Date(episode.last_modified).toUTCString());
}
