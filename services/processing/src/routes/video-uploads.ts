import type Router from '@koa/router';
import type { Context } from 'koa';
import { IdParams, VideoPartUrlsQuery, VideoUploadComplete, VideoUploadParams, VideoUploadRequest, type VideoUploadComplete as CompleteBody, type VideoUploadRequest as UploadRequest } from '@episodic/contracts';
import type { CallerRequest } from '@episodic/episodes';
import { requestActor, validate, type RequestState } from '@episodic/http';
import { abortMultipartUpload, completeMultipartUpload, multipartUploadStatus, partUrls, startMultipartUpload } from '../domain/multipart-uploads.ts';
import type { ProcessingDeps } from '../domain/processing-deps.ts';

type Ctx = Context & { state: RequestState };

/** The multipart video upload routes: start, status (resume), part URLs, complete, abort. */
export function videoUploadRoutes(router: Router<RequestState>, deps: ProcessingDeps): void {
  const base = '/api/v1/episodes/:id/video/uploads';

  router.post(base, validate({ params: IdParams, body: VideoUploadRequest }), async (ctx) => {
    const meta = { actor: requestActor(ctx), correlationId: ctx.state.requestId };
    const upload = await startMultipartUpload(deps, episodeOf(ctx), ctx.state.valid.body as UploadRequest, callerOf(ctx), meta);
    ctx.status = 201;
    ctx.set('Location', `/api/v1/episodes/${upload.episode_id}/video/uploads/${upload.upload_id}`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = upload;
  });

  router.get(`${base}/:upload_id`, validate({ params: VideoUploadParams }), async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await multipartUploadStatus(deps, episodeOf(ctx), uploadOf(ctx));
  });

  router.get(`${base}/:upload_id/part-urls`, validate({ params: VideoUploadParams, query: VideoPartUrlsQuery }), async (ctx) => {
    const { first, last } = ctx.state.valid.query as { first: number; last?: number };
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await partUrls(deps, episodeOf(ctx), uploadOf(ctx), first, last);
  });

  router.post(`${base}/:upload_id/complete`, validate({ params: VideoUploadParams, body: VideoUploadComplete }), async (ctx) => {
    ctx.body = await completeMultipartUpload(deps, episodeOf(ctx), uploadOf(ctx), (ctx.state.valid.body ?? {}) as CompleteBody);
  });

  router.delete(`${base}/:upload_id`, validate({ params: VideoUploadParams }), async (ctx) => {
    await abortMultipartUpload(deps, episodeOf(ctx), uploadOf(ctx));
    ctx.status = 204;
  });
}

const episodeOf = (ctx: { state: RequestState }) => ctx.state.valid.params['id'] as number;
const uploadOf = (ctx: { state: RequestState }) => ctx.state.valid.params['upload_id'] as number;
const callerOf = (ctx: Ctx): CallerRequest => ({ authorization: ctx.get('authorization'), requestId: ctx.state.requestId });
