import { join } from 'node:path';
import { auditServiceUrl } from './audit-login.ts';
import { DATABASES, LOCAL_CLIENT_ID } from './settings.ts';

export interface Endpoints {
  postgresUrl: (database: string) => string;
  emulator: string;
  issuer: string;
  jwksUrl: string;
}

export interface ServicePorts {
  gateway: number;
  catalog: number;
  media: number;
  processing: number;
  audit: number;
  /** The gateway's admin listener (/ready, /metrics); unset, none. */
  gatewayAdmin?: number;
}

export interface ServiceSpec {
  name: 'gateway' | 'catalog' | 'media' | 'processing' | 'audit';
  entry: string;
  port: number;
  env: Record<string, string>;
}

/**
 * Node's compile cache: the type-stripped and compiled code of every module, kept across starts.
 * A service that finds all its modules there never loads the TypeScript stripper (about 20 MB of
 * RSS per process) and starts faster. Not under c8: V8 coverage wants code compiled fresh.
 */
function compileCache(repoRoot: string): Record<string, string> {
  if (process.env['NODE_V8_COVERAGE']) return {};
  return { NODE_COMPILE_CACHE: join(repoRoot, 'node_modules', '.cache', 'node-compile') };
}

/** The services `npm start` runs, in start order (the gateway last), with the env each one reads. */
export function serviceSpecs(repoRoot: string, ports: ServicePorts, endpoints: Endpoints, logLevel: string, gatewayContextKey: string): ServiceSpec[] {
  const common = {
    HOST: '127.0.0.1',
    LOG_LEVEL: logLevel,
    // A 4 MB young generation (default 16) keeps each idle service under 150 MB RSS (measured by npm run bench).
    NODE_OPTIONS: '--max-semi-space-size=4',
    // Fewer glibc malloc arenas: the threads of a Node process rarely allocate at once, and each
    // arena holds on to freed memory (about 3 MB less RSS per idle service; media's libvips threads
    // keep their peak lower under upload load too). A fixed trim threshold: glibc gives freed memory
    // back after a burst instead of raising its threshold to 32 MB (gateway after 20 s of reads
    // and a quiet spell: 121 MB instead of 152).
    MALLOC_ARENA_MAX: '2',
    MALLOC_TRIM_THRESHOLD_: '131072',
    ...compileCache(repoRoot),
    AWS_REGION: 'us-east-1',
    AWS_ENDPOINT: endpoints.emulator,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    COGNITO_ISSUER: endpoints.issuer,
    COGNITO_JWKS_URL: endpoints.jwksUrl,
    COGNITO_CLIENT_IDS: LOCAL_CLIENT_ID,
    GATEWAY_CONTEXT_KEY: gatewayContextKey,
  };
  const entry = (name: string) => join(repoRoot, 'services', name, 'src', 'main.ts');
  const local = (port: number) => `http://127.0.0.1:${port}`;
  return [
    {
      name: 'catalog',
      entry: entry('catalog'),
      port: ports.catalog,
      env: { ...common, PORT: String(ports.catalog), DATABASE_URL: endpoints.postgresUrl(DATABASES.catalog) },
    },
    {
      name: 'media',
      entry: entry('media'),
      port: ports.media,
      env: {
        ...common,
        PORT: String(ports.media),
        DATABASE_URL: endpoints.postgresUrl(DATABASES.media),
        CATALOG_URL: local(ports.catalog),
        SQS_WAIT_SECONDS: '10',
      },
    },
    {
      name: 'processing',
      entry: entry('processing'),
      port: ports.processing,
      env: {
        ...common,
        PORT: String(ports.processing),
        DATABASE_URL: endpoints.postgresUrl(DATABASES.processing),
        CATALOG_URL: local(ports.catalog),
        SQS_WAIT_SECONDS: '10',
      },
    },
    {
      name: 'audit',
      entry: entry('audit'),
      port: ports.audit,
      env: { ...common, PORT: String(ports.audit), DATABASE_URL: auditServiceUrl(endpoints.postgresUrl(DATABASES.audit)), SQS_WAIT_SECONDS: '10' },
    },
    {
      name: 'gateway',
      entry: entry('gateway'),
      port: ports.gateway,
      env: {
        ...common,
        PORT: String(ports.gateway),
        CATALOG_URL: local(ports.catalog),
        AUDIT_URL: local(ports.audit),
        MEDIA_URL: local(ports.media),
        PROCESSING_URL: local(ports.processing),
        PUBLIC_URL: `http://localhost:${ports.gateway}`,
        ...(ports.gatewayAdmin !== undefined && { GATEWAY_ADMIN_PORT: String(ports.gatewayAdmin) }),
      },
    },
  ];
}
