/*
 * Request schemas of the admin routes, from @episodic/contracts (so the OpenAPI document and the
 * validation agree); validated with @episodic/http's `validate`.
 */
export { PeekQuery, QueueParams, RedriveRequest, ReplayRequest as ReplayRequestBody } from '@episodic/contracts';
