import type { Logger } from '@episodic/core';

/** What Episodic middleware puts on `ctx.state`. */
export interface RequestState {
  /** The request id: from a valid inbound `x-request-id`, or new. Echoed, logged, put on events. */
  requestId: string;
  /** The client's ip: at the gateway from the socket (or trusted proxies), behind it from the signed gateway context. */
  clientIp: string;
  /** The request's logger, bound to its request id. */
  log: Logger;
  /** Inputs that passed `validate()`, coerced and with defaults applied. */
  valid: { params: Record<string, unknown>; query: Record<string, unknown>; body: unknown };
  [key: string]: unknown;
}
