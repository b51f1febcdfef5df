import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';

/**
 * How every Lambda of the app is bundled: the local esbuild (no Docker), ESM for Node 24, and
 * the optional modules nothing here loads left out.
 */
export function bundlingOf(): BundlingOptions {
  return {
    forceDockerBundling: false,
    format: OutputFormat.ESM,
    target: 'node24',
    // No source map: Lambda would need --enable-source-maps (slower cold starts) to use it, and it doubles the package.
    sourceMap: false,
    // pg-hstore: sequelize loads it only for HSTORE columns, which no service has.
    externalModules: ['pg-native', 'pg-hstore', '@aws-sdk/*'],
    // ESM bundles of CommonJS packages need a `require` for their dynamic requires.
    banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    mainFields: ['module', 'main'],
  };
}
