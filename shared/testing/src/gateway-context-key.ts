/**
 * The gateway context key of in-process test services: a harness that calls a service directly
 * signs its requests with it, as the gateway would (`signGatewayContext` of @episodic/http).
 */
export const TEST_GATEWAY_CONTEXT = { key: 'episodic-test-gateway-context-key-not-secret', maxAgeSeconds: 30 } as const;
