import type { Logger } from './logger.ts';
import { sleep } from './time.ts';

export interface PeriodicTaskOptions {
  /** Named in the log line of a failed pass. */
  name: string;
  intervalMs: number;
  logger: Logger;
  /** One pass; resolves true when more work is waiting (the next pass starts at once). */
  pass: () => Promise<boolean>;
}

/**
 * Background work that runs a pass every `intervalMs`, at once after `kick()`, and back to back
 * while a pass reports more waiting. A failed pass is logged and retried at the next interval;
 * `stop()` waits for the pass in hand.
 *
 *   const sweep = new PeriodicTask({ name: 'object sweep', intervalMs: 5000, logger, pass: () => sweepOnce() });
 *   sweep.start();  sweep.kick();  ...  await sweep.stop();
 */
export class PeriodicTask {
  readonly #options: PeriodicTaskOptions;
  #loop: Promise<void> | undefined;
  #abort = new AbortController();
  #wake: AbortController | undefined;
  #kicked = false;

  constructor(options: PeriodicTaskOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#loop) return;
    this.#abort = new AbortController();
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    await this.#loop;
    this.#loop = undefined;
  }

  /** Runs a pass now instead of at the next interval. */
  kick(): void {
    this.#kicked = true;
    this.#wake?.abort();
  }

  async #run(): Promise<void> {
    const { name, intervalMs, logger, pass } = this.#options;
    while (!this.#abort.signal.aborted) {
      this.#kicked = false;
      let more = false;
      try {
        more = await pass();
      } catch (error) {
        logger.warn({ err: error }, `${name} failed; will retry`);
      }
      if (more || this.#kicked) continue;
      this.#wake = new AbortController();
      await sleep(intervalMs, AbortSignal.any([this.#abort.signal, this.#wake.signal])).catch(() => undefined);
    }
  }
}
