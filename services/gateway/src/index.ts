export { buildApp } from './app.ts';
export type { GatewayDependencies } from './app.ts';
export { createGateway } from './gateway.ts';
export type { Gateway } from './gateway.ts';
export { GATEWAY_CONFIG, readGatewayConfig } from './config.ts';
export type { GatewayConfig } from './config.ts';
export { UPSTREAM_ROUTES, upstreamFor } from './routing/upstream-routes.ts';
export type { UpstreamName, UpstreamRoute } from './routing/upstream-routes.ts';
