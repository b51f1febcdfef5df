import type { Principal, Role } from './principal.ts';

/** One row of the access policy: who may call a route, and what the audit trail calls it. */
export interface PolicyRule {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A template such as `/api/v1/episodes/:id`; a `:param` matches exactly one segment. */
  path: string;
  /** Every role that may, written out (admin ⊇ editor ⊇ viewer is expanded, not implied). */
  roles: readonly Role[];
  action: 'view' | 'create' | 'edit' | 'delete' | 'download' | 'process';
  resource: 'episode' | 'metadata' | 'thumbnail' | 'processing_job' | 'activity_log' | 'legal_hold' | 'dead_letter' | 'event_replay';
}

const VIEWER_UP = ['admin', 'editor', 'viewer'] as const;
const EDITOR_UP = ['admin', 'editor'] as const;
const ADMIN = ['admin'] as const;
const VIEWER_UP_AND_SYSTEM = ['admin', 'editor', 'viewer', 'system'] as const;

/**
 * THE access policy of the public API (DESIGN §5; documented in docs/AUTHENTICATION.md).
 * The gateway and every service enforce this same table.
 */
export const POLICY: readonly PolicyRule[] = Object.freeze([
  { method: 'GET', path: '/api/v1/episodes', roles: VIEWER_UP_AND_SYSTEM, action: 'view', resource: 'episode' },
  { method: 'POST', path: '/api/v1/episodes', roles: EDITOR_UP, action: 'create', resource: 'episode' },
  { method: 'GET', path: '/api/v1/episodes/:id', roles: VIEWER_UP_AND_SYSTEM, action: 'view', resource: 'episode' },
  { method: 'PUT', path: '/api/v1/episodes/:id', roles: EDITOR_UP, action: 'edit', resource: 'episode' },
  { method: 'PATCH', path: '/api/v1/episodes/:id', roles: EDITOR_UP, action: 'edit', resource: 'episode' },
  { method: 'DELETE', path: '/api/v1/episodes/:id', roles: ADMIN, action: 'delete', resource: 'episode' },
  { method: 'POST', path: '/api/v1/episodes/:id/video', roles: EDITOR_UP, action: 'edit', resource: 'episode' },
  { method: 'POST', path: '/api/v1/episodes/:id/video/uploads', roles: EDITOR_UP, action: 'edit', resource: 'episode' },
  { method: 'GET', path: '/api/v1/episodes/:id/video/uploads/:upload_id', roles: EDITOR_UP, action: 'view', resource: 'episode' },
  { method: 'GET', path: '/api/v1/episodes/:id/video/uploads/:upload_id/part-urls', roles: EDITOR_UP, action: 'edit', resource: 'episode' },
  { method: 'POST', path: '/api/v1/episodes/:id/video/uploads/:upload_id/complete', roles: EDITOR_UP, action: 'edit', resource: 'episode' },
  { method: 'DELETE', path: '/api/v1/episodes/:id/video/uploads/:upload_id', roles: EDITOR_UP, action: 'edit', resource: 'episode' },

  { method: 'GET', path: '/api/v1/episodes/:id/thumbnails', roles: VIEWER_UP, action: 'view', resource: 'thumbnail' },
  { method: 'POST', path: '/api/v1/episodes/:id/thumbnails', roles: EDITOR_UP, action: 'create', resource: 'thumbnail' },
  { method: 'GET', path: '/api/v1/thumbnails/:id', roles: VIEWER_UP, action: 'view', resource: 'thumbnail' },
  { method: 'GET', path: '/api/v1/thumbnails/:id/content', roles: VIEWER_UP, action: 'download', resource: 'thumbnail' },
  { method: 'DELETE', path: '/api/v1/thumbnails/:id', roles: ADMIN, action: 'delete', resource: 'thumbnail' },

  { method: 'GET', path: '/api/v1/episodes/:id/metadata', roles: VIEWER_UP_AND_SYSTEM, action: 'view', resource: 'metadata' },
  { method: 'POST', path: '/api/v1/episodes/:id/metadata', roles: ['admin', 'system'], action: 'create', resource: 'metadata' },
  { method: 'PUT', path: '/api/v1/episodes/:id/metadata', roles: ADMIN, action: 'edit', resource: 'metadata' },

  { method: 'GET', path: '/api/v1/processing-queue', roles: EDITOR_UP, action: 'view', resource: 'processing_job' },
  { method: 'GET', path: '/api/v1/processing-queue/:id', roles: EDITOR_UP, action: 'view', resource: 'processing_job' },
  { method: 'POST', path: '/api/v1/episodes/:id/process', roles: EDITOR_UP, action: 'process', resource: 'processing_job' },

  { method: 'GET', path: '/api/v1/audit/activity', roles: ADMIN, action: 'view', resource: 'activity_log' },
  { method: 'GET', path: '/api/v1/audit/verify', roles: ADMIN, action: 'view', resource: 'activity_log' },
  { method: 'GET', path: '/api/v1/audit/reports/summary', roles: ADMIN, action: 'view', resource: 'activity_log' },
  { method: 'GET', path: '/api/v1/audit/legal-holds', roles: ADMIN, action: 'view', resource: 'legal_hold' },
  { method: 'POST', path: '/api/v1/audit/legal-holds', roles: ADMIN, action: 'create', resource: 'legal_hold' },
  { method: 'DELETE', path: '/api/v1/audit/legal-holds/:id', roles: ADMIN, action: 'delete', resource: 'legal_hold' },

  { method: 'GET', path: '/api/v1/admin/dead-letters', roles: ADMIN, action: 'view', resource: 'dead_letter' },
  { method: 'GET', path: '/api/v1/admin/dead-letters/:queue', roles: ADMIN, action: 'view', resource: 'dead_letter' },
  { method: 'POST', path: '/api/v1/admin/dead-letters/:queue/redrive', roles: ADMIN, action: 'process', resource: 'dead_letter' },
  { method: 'POST', path: '/api/v1/admin/replays', roles: ADMIN, action: 'process', resource: 'event_replay' },
] satisfies PolicyRule[]);

/** The rule a request falls under, with its path parameters (decoded). */
export interface RouteMatch {
  rule: PolicyRule;
  params: Record<string, string>;
}

/** No rule: 404 if no route has this path, 405 (with the methods it has) if only the method is wrong. */
export interface RouteMiss {
  status: 404 | 405;
  allowed?: string[];
}

interface CompiledRule {
  rule: PolicyRule;
  segments: string[];
}

const COMPILED: readonly CompiledRule[] = POLICY.map((rule) => ({ rule, segments: splitPath(rule.path) }));

/**
 * Finds the policy rule for a request. `path` excludes the query string; a trailing slash
 * is ignored; HEAD is treated as GET.
 *
 *   matchRoute('PUT', '/api/v1/episodes/42')   // { rule: {...PUT...}, params: { id: '42' } }
 *   matchRoute('PUT', '/api/v1/episodes')      // { status: 405, allowed: ['GET', 'HEAD', 'POST'] }
 */
export function matchRoute(method: string, path: string): RouteMatch | RouteMiss {
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const segments = splitPath(path);
  const allowed = new Set<string>();
  for (const { rule, segments: template } of COMPILED) {
    const params = matchSegments(template, segments);
    if (params === undefined) continue;
    if (rule.method === wanted) return { rule, params };
    allowed.add(rule.method);
    if (rule.method === 'GET') allowed.add('HEAD');
  }
  if (allowed.size === 0) return { status: 404 };
  return { status: 405, allowed: [...allowed].sort() };
}

/** Whether any of the caller's roles is one the rule names; no role at all is never allowed. */
export function isAllowed(principal: Pick<Principal, 'roles'>, rule: PolicyRule): boolean {
  return principal.roles.some((role) => rule.roles.includes(role));
}

/** `/a/b/` and `/a/b` both give `['a', 'b']`; an empty inner segment stays, so `/a//b` matches nothing. */
function splitPath(path: string): string[] {
  const trimmed = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return trimmed.split('/').slice(1);
}

function matchSegments(template: string[], segments: string[]): Record<string, string> | undefined {
  if (template.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of template.entries()) {
    const segment = segments[index]!;
    if (part.startsWith(':')) {
      if (segment === '') return undefined;
      params[part.slice(1)] = decodeSegment(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
