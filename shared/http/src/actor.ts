import type { Context } from 'koa';

/** The actor of an event, taken from the request that caused it (shape of contracts' `actor`). */
export interface RequestActor {
  user_id: string | null;
  roles: string[];
  ip: string | null;
  user_agent: string | null;
}

/**
 * Who made this request: the verified principal's subject and roles, the client's ip (at the
 * gateway its own finding; behind it only what a signed gateway context says) and its user agent.
 */
export function requestActor(ctx: Context): RequestActor {
  const principal = ctx.state['principal'] as { sub?: string; roles?: string[] } | undefined;
  return {
    user_id: principal?.sub ?? null,
    roles: principal?.roles ?? [],
    ip: (ctx.state['clientIp'] as string | undefined) || null,
    user_agent: ctx.get('user-agent') || null,
  };
}
