import { guard } from '@episodic/core';

/** How media asks catalog whether an episode is live. */
export interface CatalogEpisodes {
  /**
   * True when catalog has the episode live, false when it answers 404. The caller's own bearer
   * token goes along, so catalog applies its usual checks; an outage or a slow answer is a 503.
   */
  isLive(episodeId: number, request: { authorization: string; requestId: string }): Promise<boolean>;
}

/**
 * The peer call behind media's episode check, used only for an id the projection has not heard
 * of yet (an episode created a moment ago whose event is still on its way). It sits behind an
 * opossum breaker with a timeout, like every call that can hang.
 *
 *   const catalog = catalogEpisodes('http://127.0.0.1:3001', 3000);
 *   await catalog.isLive(42, { authorization: 'Bearer …', requestId });
 */
export function catalogEpisodes(baseUrl: string, timeoutMs: number): CatalogEpisodes {
  const ask = guard(
    'catalog',
    async (episodeId: number, request: { authorization: string; requestId: string }) => {
      const response = await fetch(new URL(`/api/v1/episodes/${episodeId}`, baseUrl), {
        headers: { authorization: request.authorization, 'x-request-id': request.requestId, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.body?.cancel();
      if (response.status === 200) return true;
      if (response.status === 404) return false;
      throw new Error(`catalog answered ${response.status} for episode ${episodeId}`);
    },
    { timeoutMs },
  );
  return {
    isLive: (episodeId, request) => ask(episodeId, request),
  };
}
