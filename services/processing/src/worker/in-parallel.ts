/**
 * Maps items with at most `limit` calls in flight; results keep the items' order. The first
 * failure rejects (calls already started finish on their own).
 *
 *   await inParallel([5, 10, 15], 2, (second) => tools.frameAt(url, second));
 */
export async function inParallel<T, R>(items: readonly T[], limit: number, map: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await map(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  return results;
}
