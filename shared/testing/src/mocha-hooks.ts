import { stopTestEnvironment } from './environment-lifecycle.ts';

/**
 * Root hooks for every mocha run (listed in .mocharc.json and in `npm run test:one`): once all
 * suites are done, the shared PostgreSQL, emulator and issuer are stopped, so the run exits
 * cleanly and leaves no server behind. Runs that never used the environment stop nothing.
 */
export const mochaHooks = {
  async afterAll(): Promise<void> {
    await stopTestEnvironment();
  },
};
