import { performance } from 'node:perf_hooks';
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export interface IdleCollectorOptions {
  /** How often the process looks at itself (ms). */
  everyMs?: number;
  /** Event-loop utilization below which the last interval counts as quiet (0..1). */
  quietBelow?: number;
  /** Growth of the heap V8 holds since the last collection that is worth giving back (bytes). */
  growthBytes?: number;
  /** The collection to run (tests); default V8's full collection. */
  collect?: () => void;
}

let running: NodeJS.Timeout | undefined;

/**
 * After a burst, V8 keeps the heap it grew to (it may collect the garbage by itself but keeps the
 * pages), and memory outside the heap that only a full collection frees stays too: a gateway that
 * served 60 s of reads sat at 268 MB, 33 MB of it alive. This runs one full collection when the
 * event loop was quiet for an interval and the heap V8 holds grew by `growthBytes` since the last
 * one, so an idle service gives that memory back (the same gateway: 136 MB about 13 s after the
 * load). A busy process is never touched; an idle one pays one collection (tens of ms) per burst.
 * Once per process; the timer never keeps it alive.
 *
 *   collectWhenIdle();   // in a service's listen()
 */
export function collectWhenIdle(options: IdleCollectorOptions = {}): void {
  if (running) return;
  const { everyMs = 2000, quietBelow = 0.05, growthBytes = 16 * 1024 * 1024 } = options;
  const gc = options.collect ?? exposedGc();
  let last = performance.eventLoopUtilization();
  // The heap V8 holds (heapTotal), not what is alive in it: after a burst V8 often collects by
  // itself but keeps the pages; a full collection when quiet compacts and gives them back.
  let baseline = heapHeld();
  running = setInterval(() => {
    const now = performance.eventLoopUtilization();
    const quiet = performance.eventLoopUtilization(now, last).utilization < quietBelow;
    last = now;
    const held = heapHeld();
    if (held < baseline) baseline = held;
    if (!quiet || held - baseline < growthBytes) return;
    gc();
    baseline = heapHeld();
  }, everyMs);
  running.unref();
}

/** The heap V8 holds, in bytes (no RSS read from /proc, unlike process.memoryUsage()). */
function heapHeld(): number {
  return getHeapStatistics().total_heap_size;
}

/** Stops the collector (tests start it again with their own options). */
export function stopCollectingWhenIdle(): void {
  clearInterval(running);
  running = undefined;
}

/** V8's collector as a function: `--expose-gc` if the process was started with it, else enabled now. */
function exposedGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
