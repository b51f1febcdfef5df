import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import { QUEUES, TOPOLOGY } from '@episodic/infra';
import { bundlingOf } from './bundling.ts';
import type { Database } from './database.ts';
import type { Messaging } from './messaging.ts';
import type { ServiceSpec } from './service-specs.ts';
import { grantMediaObjects } from './services.ts';
import type { Storage } from './storage.ts';

export interface LambdaConsumerProps {
  spec: ServiceSpec;
  /** The service's task environment; the Lambda takes the settings in FOR_LAMBDA. */
  environment: Record<string, string>;
  vpc: ec2.IVpc;
  messaging: Messaging;
  database: Database;
  storage: Storage;
  logRetentionDays: number;
  /**
   * What must be up before events flow: for a service with a login of its own, its ECS service,
   * whose tasks' init container creates that login (the provisioner cannot: the migrations that
   * create its group role must run first). The ECS service resource itself, not its construct:
   * its security group and scaling must not wait.
   */
  after?: IConstruct;
}

/** Seconds a Lambda batch may run: under the visibility timeout of each of its queues, as Lambda requires. */
function timeoutFor(queueNames: string[]): Duration {
  const visibilities = queueNames.map((name) => TOPOLOGY.queues.find((queue) => queue.name === name)!.visibilityTimeoutSeconds);
  return Duration.seconds(Math.min(...visibilities) - 5);
}

/**
 * The task settings a consumer Lambda takes: it only handles events into its database (and, for
 * media and processing, the bucket). It serves no HTTP, verifies no tokens, publishes nothing
 * (its outbox rows are relayed by the service's tasks), and Lambda sets AWS_REGION itself.
 */
const FOR_LAMBDA = ['LOG_LEVEL', 'DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_NAME', 'S3_BUCKET'];

export function lambdaEntryOf(service: string): string {
  return fileURLToPath(new URL(`../../../services/${service}/src/lambda.ts`, import.meta.url));
}

/**
 * A service's event consumer as a Lambda: the same handler as its long-polling consumer, exported
 * from services/<service>/src/lambda.ts, on an SQS event source with partial batch responses.
 */
export class LambdaConsumer extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: LambdaConsumerProps) {
    super(scope, id);
    const { spec, messaging, database } = props;
    const entry = lambdaEntryOf(spec.name);
    if (!existsSync(entry)) throw new Error(`context consumers: ${spec.name}:lambda needs ${entry}, which does not exist`);
    const { queues } = spec.lambdaConsumer!;
    // A service with a login of its own connects with that login, never as its database's owner.
    const secret = database.loginSecrets.get(spec.name) ?? database.secrets.get(spec.name)!;
    // Audit appends to one hash chain under an advisory lock: more concurrent batches would only
    // queue on that lock. Two per queue is the least an SQS event source's maxConcurrency allows,
    // and the reserve covers both queues, so access records never take a domain event's turn.
    const serialized = spec.name === 'audit';
    const environment = Object.fromEntries(Object.entries(props.environment).filter(([name]) => FOR_LAMBDA.includes(name)));
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: timeoutFor(queues),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      environment: { ...environment, DATABASE_SECRET_ARN: secret.secretArn, DATABASE_SSL: 'verify-full' },
      logGroup: new logs.LogGroup(this, 'Logs', { retention: props.logRetentionDays as logs.RetentionDays, removalPolicy: RemovalPolicy.DESTROY }),
      bundling: bundlingOf(),
      ...(serialized && { reservedConcurrentExecutions: 2 * queues.length }),
    });
    secret.grantRead(this.function);
    database.instance.connections.allowDefaultPortFrom(this.function, `${spec.name} consumer (Lambda)`);
    if (spec.mediaBucket) grantMediaObjects(this.function, props.storage);
    for (const name of queues) {
      this.function.addEventSource(new SqsEventSource(messaging.queue(name).queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        ...(serialized && { maxConcurrency: 2 }),
        // Access records trickle in one per read: waiting up to a second fills the batch (one
        // transaction per ten rows), as AUDIT_ACCESS_BATCH_WINDOW_MS does on Fargate. Domain events never wait.
        ...(name === QUEUES.auditAccess && { maxBatchingWindow: Duration.seconds(1) }),
      }));
    }
    // Events flow only once the database role exists (the function's security group must not wait: the database names it).
    for (const mapping of this.function.node.findAll().filter((child) => child instanceof lambda.CfnEventSourceMapping)) {
      mapping.node.addDependency(database.provisioned);
      if (props.after) mapping.node.addDependency(props.after);
    }
  }
}
