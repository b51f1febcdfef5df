import type Router from '@koa/router';
import type { Context } from 'koa';
import { IdParams, ProcessingQueueQuery, ProcessRequest, VideoUploadRequest, type ProcessRequest as JobRequest, type VideoUploadRequest as UploadRequest } from '@episodic/contracts';
import { Errors } from '@episodic/core';
import type { CallerRequest } from '@episodic/episodes';
import { decodeCursor, encodeCursor, requestActor, validate, type RequestState } from '@episodic/http';
import type { WriteMeta } from '../domain/events.ts';
import { requestJob } from '../domain/job-requests.ts';
import type { ProcessingDeps } from '../domain/processing-deps.ts';
import { requestVideoUpload } from '../domain/video-uploads.ts';
import { videoUploadRoutes } from './video-uploads.ts';

type Ctx = Context & { state: RequestState };

/** The processing routes: thin (validate, call the domain, answer); paths are the public ones. */
export function processingRoutes(router: Router<RequestState>, deps: ProcessingDeps): void {
  router.post('/api/v1/episodes/:id/video', validate({ params: IdParams, body: VideoUploadRequest }), async (ctx) => {
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await requestVideoUpload(deps, idOf(ctx), ctx.state.valid.body as UploadRequest, callerOf(ctx), writeMeta(ctx));
  });
  videoUploadRoutes(router, deps);

  router.post('/api/v1/episodes/:id/process', validate({ params: IdParams, body: ProcessRequest }), async (ctx) => {
    const job = await requestJob(deps, idOf(ctx), ctx.state.valid.body as JobRequest, callerOf(ctx), writeMeta(ctx));
    ctx.status = 202;
    ctx.set('Location', `/api/v1/processing-queue/${job.id}`);
    ctx.body = job;
  });

  router.get('/api/v1/processing-queue', validate({ query: ProcessingQueueQuery }), async (ctx) => {
    const { limit, cursor, ...filters } = ctx.state.valid.query as { limit: number; cursor?: string; status?: string; job_type?: string; episode_id?: number };
    const after = cursor ? decodeCursor<{ id: number }>(cursor, (value) => Number.isInteger(value['id']) && (value['id'] as number) > 0).id : undefined;
    const rows = await deps.jobs.list(filters, after, limit + 1);
    const items = rows.slice(0, limit);
    ctx.body = { items, limit, next_cursor: rows.length > limit ? encodeCursor({ id: items.at(-1)!.id }) : null };
  });

  router.get('/api/v1/processing-queue/:id', validate({ params: IdParams }), async (ctx) => {
    const job = await deps.jobs.findById(idOf(ctx));
    if (!job) throw Errors.notFound(`Job ${idOf(ctx)}`);
    ctx.body = job;
  });
}

const idOf = (ctx: { state: RequestState }) => ctx.state.valid.params['id'] as number;
const writeMeta = (ctx: Ctx): WriteMeta => ({ actor: requestActor(ctx), correlationId: ctx.state.requestId });
const callerOf = (ctx: Ctx): CallerRequest => ({ authorization: ctx.get('authorization'), requestId: ctx.state.requestId });
