/** The services behind the gateway. */
export type UpstreamName = 'catalog' | 'audit' | 'media' | 'processing';

/** One line of the routing table: requests whose path matches `path` go to `upstream`. */
export interface UpstreamRoute {
  /** Segments: a literal, `:name` (any one segment) or a trailing `**` (zero or more segments). */
  path: string;
  upstream: UpstreamName;
}

/**
 * Which service answers which part of `/api/v1`, first match wins (so the specific episode
 * sub-resources come before the catalog's catch-all). Only routes the RBAC policy allows reach
 * this table; the policy decides what exists, this table decides where it lives.
 */
export const UPSTREAM_ROUTES: readonly UpstreamRoute[] = [
  { path: '/api/v1/audit/**', upstream: 'audit' },
  { path: '/api/v1/episodes/:id/thumbnails/**', upstream: 'media' },
  { path: '/api/v1/thumbnails/**', upstream: 'media' },
  { path: '/api/v1/processing-queue/**', upstream: 'processing' },
  { path: '/api/v1/episodes/:id/process/**', upstream: 'processing' },
  { path: '/api/v1/episodes/:id/video/**', upstream: 'processing' },
  { path: '/api/v1/episodes/**', upstream: 'catalog' },
];

type Matcher = (segments: string[]) => boolean;

function compile(path: string): Matcher {
  const pattern = path.split('/').filter(Boolean);
  const rest = pattern.at(-1) === '**';
  const fixed = rest ? pattern.slice(0, -1) : pattern;
  return (segments) => {
    if (rest ? segments.length < fixed.length : segments.length !== fixed.length) return false;
    return fixed.every((part, index) => part.startsWith(':') || part === segments[index]);
  };
}

const compiled = UPSTREAM_ROUTES.map((route) => ({ ...route, matches: compile(route.path) }));

/**
 * The service that owns a path, or undefined when none does.
 *
 *   upstreamFor('/api/v1/episodes/42/thumbnails')  // 'media'
 */
export function upstreamFor(path: string): UpstreamName | undefined {
  const segments = path.split('/').filter(Boolean);
  return compiled.find((route) => route.matches(segments))?.upstream;
}
