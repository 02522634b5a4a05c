// The standard controller worker loop: take a key, sync it, forget it on success, retry it with
// per-key backoff on failure (client-go's processNextWorkItem).
import type { WorkQueue } from '../../client/workqueue.js';

export type SyncResult = void | { requeueAfterMs?: number };

export async function runWorker(
  queue: WorkQueue<string>,
  sync: (key: string) => SyncResult | Promise<SyncResult>,
  onError: (key: string, err: unknown) => void,
): Promise<void> {
  for (;;) {
    const key = await queue.get();
    if (key === undefined) return;
    try {
      const r = await sync(key);
      queue.forget(key);
      if (r && r.requeueAfterMs !== undefined) queue.addAfter(key, r.requeueAfterMs);
    } catch (err) {
      onError(key, err);
      queue.addRateLimited(key);
    } finally {
      queue.done(key);
    }
  }
}
