// Root mocha hooks: filled in with the shared test environment's teardown.
export const mochaHooks = {};
