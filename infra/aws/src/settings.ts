/**
 * The deployment's choices, read from CDK context (`-c key=value` or cdk.json). A bad value
 * stops the synth with a message naming the context key.
 */
const LOG_RETENTION_DAYS = ['1', '3', '5', '7', '14', '30', '60', '90', '120', '150', '180', '365', '400', '545', '731', '1827', '3653'] as const;

export const CONSUMER_SERVICES = ['audit', 'catalog', 'media', 'processing'] as const;
export type ConsumerService = (typeof CONSUMER_SERVICES)[number];
export type ConsumerRuntime = 'fargate' | 'lambda';

export interface DeploymentSettings {
  stackName: string;
  account: string | undefined;
  region: string;
  /** Put before every topic and queue name (e.g. `staging-`); '' by default. */
  namePrefix: string;
  /** `-c imageUri=...`: a prebuilt image; unset, the repo root Dockerfile is built. */
  imageUri: string | undefined;
  certificateArn: string | undefined;
  domainName: string | undefined;
  alarmEmail: string | undefined;
  multiAz: boolean;
  dbInstanceClass: string;
  dbAllocatedStorageGiB: number;
  dbBackupRetentionDays: number;
  natGateways: number;
  /** Fargate task size of every service but processing, and of processing (ffmpeg). */
  taskCpu: number;
  taskMemoryMiB: number;
  processingCpu: number;
  processingMemoryMiB: number;
  minTasks: number;
  maxTasks: number;
  /** One of the retention periods CloudWatch Logs offers (days). */
  logRetentionDays: number;
  wafRateLimitPer5Min: number;
  uploadOrigins: string[];
  archiveRetentionDays: number;
  archiveLockMode: 'COMPLIANCE' | 'GOVERNANCE';
  consumers: Record<ConsumerService, ConsumerRuntime>;
}

/** Reads one context value (`app.node.tryGetContext`). */
type Context = (key: string) => unknown;

export function readSettings(context: Context): DeploymentSettings {
  const read = contextReader(context);
  const domainName = read.text('domainName');
  return {
    stackName: read.text('stackName') ?? 'Episodic',
    account: read.text('account') ?? process.env['CDK_DEFAULT_ACCOUNT'],
    region: read.text('region') ?? process.env['CDK_DEFAULT_REGION'] ?? 'us-east-1',
    namePrefix: read.text('namePrefix') ?? '',
    imageUri: read.text('imageUri'),
    certificateArn: read.text('certificateArn'),
    domainName,
    alarmEmail: read.text('alarmEmail'),
    multiAz: read.flag('multiAz', false),
    dbInstanceClass: read.text('dbInstanceClass') ?? 't4g.micro',
    dbAllocatedStorageGiB: read.integer('dbAllocatedStorageGiB', 20, 20),
    dbBackupRetentionDays: read.integer('dbBackupRetentionDays', 7, 1),
    natGateways: read.integer('natGateways', 1, 1),
    taskCpu: read.integer('taskCpu', 256, 256),
    taskMemoryMiB: read.integer('taskMemoryMiB', 512, 512),
    processingCpu: read.integer('processingCpu', 1024, 256),
    processingMemoryMiB: read.integer('processingMemoryMiB', 2048, 512),
    minTasks: read.integer('minTasks', 1, 1),
    maxTasks: read.integer('maxTasks', 4, 1),
    logRetentionDays: Number(read.choice('logRetentionDays', LOG_RETENTION_DAYS, '30')),
    wafRateLimitPer5Min: read.integer('wafRateLimitPer5Min', 2000, 10),
    uploadOrigins: read.list('uploadOrigins') ?? (domainName ? [`https://${domainName}`] : ['*']),
    archiveRetentionDays: read.integer('archiveRetentionDays', 2555, 1),
    archiveLockMode: read.choice('archiveLockMode', ['COMPLIANCE', 'GOVERNANCE'] as const, 'GOVERNANCE'),
    consumers: readConsumers(read.text('consumers')),
  };
}

/** `audit:lambda,catalog:fargate` → every consumer's runtime; unnamed ones: audit on Lambda, the rest on Fargate. */
function readConsumers(value: string | undefined): Record<ConsumerService, ConsumerRuntime> {
  const consumers: Record<ConsumerService, ConsumerRuntime> = { audit: 'lambda', catalog: 'fargate', media: 'fargate', processing: 'fargate' };
  for (const entry of (value ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const [service, runtime] = entry.split(':');
    if (!CONSUMER_SERVICES.includes(service as ConsumerService) || (runtime !== 'lambda' && runtime !== 'fargate')) {
      throw new Error(`context consumers: "${entry}" is not <service>:lambda|fargate with a service among ${CONSUMER_SERVICES.join(', ')}`);
    }
    consumers[service as ConsumerService] = runtime;
  }
  return consumers;
}

function contextReader(context: Context) {
  const raw = (key: string): string | undefined => {
    const value = context(key);
    if (value === undefined || value === null || value === '') return undefined;
    return String(value);
  };
  return {
    text: raw,
    list: (key: string) => raw(key)?.split(',').map((item) => item.trim()).filter(Boolean),
    flag(key: string, fallback: boolean): boolean {
      const value = raw(key);
      if (value === undefined) return fallback;
      if (value !== 'true' && value !== 'false') throw new Error(`context ${key}: "${value}" is not true or false`);
      return value === 'true';
    },
    integer(key: string, fallback: number, minimum: number): number {
      const value = raw(key);
      if (value === undefined) return fallback;
      const number = Number(value);
      if (!Number.isInteger(number) || number < minimum) throw new Error(`context ${key}: "${value}" is not an integer >= ${minimum}`);
      return number;
    },
    choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
      const value = raw(key) ?? fallback;
      if (!choices.includes(value as T)) throw new Error(`context ${key}: "${value}" is not one of ${choices.join(', ')}`);
      return value as T;
    },
  };
}
