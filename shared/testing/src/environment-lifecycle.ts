/**
 * Who stops the shared test environment. Kept apart from environment.ts so that the root mocha
 * hook loads nothing heavy (PostgreSQL, the emulator, jose) in runs that never start it.
 */
let stopCurrent: (() => Promise<void>) | undefined;

/** Called by testEnvironment() when it starts the environment. */
export function whenStopping(stop: () => Promise<void>): void {
  stopCurrent = stop;
}

/** Stops the shared environment if one was started; otherwise does nothing. The root mocha hook calls it. */
export async function stopTestEnvironment(): Promise<void> {
  const stop = stopCurrent;
  stopCurrent = undefined;
  await stop?.();
}
