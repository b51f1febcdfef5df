import type Router from '@koa/router';
import type { Context } from 'koa';
import { IdParams, ThumbnailListQuery, type ThumbnailUploadFields as UploadFields } from '@episodic/contracts';
import { decodeCursor, encodeCursor, requestActor, validate, type RequestState } from '@episodic/http';
import type { CallerRequest } from '@episodic/episodes';
import type { WriteMeta } from '../domain/events.ts';
import { isPosition, type ThumbnailReads } from '../domain/thumbnail-reads.ts';
import type { ThumbnailWrites } from '../domain/thumbnail-writes.ts';
import type { ThumbnailPosition } from '../data/thumbnail-repository.ts';
import { readMultipart } from './multipart-upload.ts';
import { checkUploadFields } from './upload-fields.ts';
import type { Release, UploadAdmission } from './upload-admission.ts';

type Ctx = Context & { state: RequestState };

export interface ThumbnailRouteDeps {
  reads: ThumbnailReads;
  writes: ThumbnailWrites;
  maxUploadBytes: number;
  /** Bounds the uploads (and bytes) buffered at once; beyond it, 503 before the body is read. */
  admission: UploadAdmission;
}

/**
 * The thumbnail routes: thin (validate, call the domain, answer). Paths are the public ones;
 * the gateway forwards them unchanged.
 */
export function thumbnailRoutes(router: Router<RequestState>, deps: ThumbnailRouteDeps): void {
  const { reads, writes } = deps;

  router.get('/api/v1/episodes/:id/thumbnails', validate({ params: IdParams, query: ThumbnailListQuery }), async (ctx) => {
    const query = ctx.state.valid.query as { limit: number; cursor?: string; thumbnail_type?: string };
    const after = query.cursor ? decodeCursor<ThumbnailPosition & Record<string, unknown>>(query.cursor, isPosition) : undefined;
    const page = await reads.list({ episodeId: idOf(ctx), type: query.thumbnail_type, after, limit: query.limit }, callerOf(ctx));
    ctx.body = { items: page.items, limit: query.limit, next_cursor: page.next ? encodeCursor({ ...page.next }) : null };
  });

  router.post('/api/v1/episodes/:id/thumbnails', validate({ params: IdParams }), async (ctx) => {
    const release = admit(ctx, deps.admission);
    let thumbnail;
    try {
      const { fields, file } = await readMultipart(ctx.req, { maxFileBytes: deps.maxUploadBytes, fileField: 'file' });
      const form: UploadFields = checkUploadFields(fields, file !== undefined);
      thumbnail = await writes.upload(
        { episodeId: idOf(ctx), bytes: file!.bytes, declaredType: file!.declaredType, thumbnailType: form.thumbnail_type, positionSeconds: form.position_seconds ?? null },
        callerOf(ctx),
        writeMeta(ctx),
      );
    } finally {
      release();
    }
    ctx.status = 201;
    ctx.set('Location', `/api/v1/thumbnails/${thumbnail.id}`);
    ctx.body = thumbnail;
  });

  router.get('/api/v1/thumbnails/:id', validate({ params: IdParams }), async (ctx) => {
    ctx.set('Cache-Control', 'private, no-store');
    ctx.body = await reads.details(idOf(ctx));
  });

  router.get('/api/v1/thumbnails/:id/content', validate({ params: IdParams }), async (ctx) => {
    const { object, filename } = await reads.content(idOf(ctx));
    ctx.type = object.contentType;
    ctx.length = object.contentLength;
    if (object.etag) ctx.set('ETag', object.etag);
    ctx.set('Content-Disposition', `inline; filename="${filename}"`);
    ctx.set('Cache-Control', 'private, max-age=300');
    ctx.body = object.body;
  });

  router.delete('/api/v1/thumbnails/:id', validate({ params: IdParams }), async (ctx) => {
    await writes.remove(idOf(ctx), writeMeta(ctx));
    ctx.status = 204;
  });
}

/** A place for this upload, or 503 with Retry-After; the unread body is not worth reading, so the connection closes. */
function admit(ctx: Ctx, admission: UploadAdmission): Release {
  try {
    return admission.admit(ctx.req);
  } catch (error) {
    const seconds = (error as { extensions?: { retry_after_seconds?: number } }).extensions?.retry_after_seconds;
    if (seconds !== undefined) ctx.set('Retry-After', String(seconds));
    ctx.set('Connection', 'close');
    ctx.state.log.warn({ inFlight: admission.inFlight }, 'upload refused: media is full');
    throw error;
  }
}

const idOf = (ctx: { state: RequestState }) => ctx.state.valid.params['id'] as number;

const writeMeta = (ctx: Ctx): WriteMeta => ({ actor: requestActor(ctx), correlationId: ctx.state.requestId });

/** The caller's own token and request id, for media's one question to catalog. */
const callerOf = (ctx: Ctx): CallerRequest => ({ authorization: ctx.get('authorization'), requestId: ctx.state.requestId });
