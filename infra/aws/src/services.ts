import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { TOPOLOGY } from '@episodic/infra';
import type { Database } from './database.ts';
import type { Identity } from './identity.ts';
import type { Messaging } from './messaging.ts';
import { MEDIA_PREFIX, SERVICE_SPECS, type ServiceName, type ServiceSpec } from './service-specs.ts';
import type { DeploymentSettings } from './settings.ts';
import type { Storage } from './storage.ts';

export interface ServicesProps {
  vpc: ec2.IVpc;
  image: ecs.ContainerImage;
  settings: DeploymentSettings;
  messaging: Messaging;
  storage: Storage;
  database: Database;
  identity: Identity;
  gatewayContextKey: secretsmanager.ISecret;
  /** Services whose event consumer runs as a Lambda: their tasks get `<consumerSwitch>=false` and no queue rights. */
  lambdaConsumers: ReadonlySet<ServiceName>;
}

/** Seconds between SIGTERM and SIGKILL: the outbox drain and, for processing, JOB_HAND_BACK_AFTER_MS (20 s) plus a margin. */
const STOP_TIMEOUT = { default: Duration.seconds(30), processing: Duration.seconds(60) };

/**
 * One ECS Fargate cluster with one task definition and service per Episodic service, all from one
 * container image, in private subnets. Services find each other through ECS Service Connect under
 * the names the gateway's settings use (http://catalog:3001 ...).
 */
export class Services extends Construct {
  readonly cluster: ecs.Cluster;
  readonly services = new Map<ServiceName, ecs.FargateService>();
  readonly taskDefinitions = new Map<ServiceName, ecs.FargateTaskDefinition>();

  private readonly props: ServicesProps;

  constructor(scope: Construct, id: string, props: ServicesProps) {
    super(scope, id);
    this.props = props;
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: props.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      defaultCloudMapNamespace: { name: 'episodic.internal', useForServiceConnect: true },
    });
    for (const spec of SERVICE_SPECS) this.addService(spec);
    this.connectTo('catalog', ['gateway', 'media', 'processing']);
    for (const name of ['audit', 'media', 'processing'] as const) this.connectTo(name, ['gateway']);
  }

  service(name: ServiceName): ecs.FargateService {
    return this.services.get(name)!;
  }

  /** The environment (settings by name) the task definition of `spec` sets. */
  environmentOf(spec: ServiceSpec): Record<string, string> {
    const { settings, messaging, storage, database, identity } = this.props;
    const stack = Stack.of(this);
    const env: Record<string, string> = {
      HOST: '0.0.0.0',
      PORT: String(spec.port),
      LOG_LEVEL: 'info',
      NODE_OPTIONS: '--max-semi-space-size=4',
      AWS_REGION: stack.region,
      COGNITO_ISSUER: identity.issuer,
      COGNITO_JWKS_URL: identity.jwksUrl,
      COGNITO_CLIENT_IDS: `${identity.peopleClient.userPoolClientId},${identity.systemClient.userPoolClientId}`,
    };
    if (spec.publishes) {
      env[spec.publishes.setting] = messaging.topic(spec.publishes.topic).topicName;
      env['SNS_TOPIC_ARN_PREFIX'] = `arn:${stack.partition}:sns:${stack.region}:${stack.account}:`;
    }
    for (const consumed of spec.consumes) env[consumed.setting] = messaging.queue(consumed.queue).queue.queueName;
    if (spec.lambdaConsumer && this.props.lambdaConsumers.has(spec.name)) env[spec.lambdaConsumer.consumerSwitch] = 'false';
    if (spec.database) {
      Object.assign(env, {
        DATABASE_HOST: database.instance.dbInstanceEndpointAddress,
        DATABASE_PORT: database.instance.dbInstanceEndpointPort,
        DATABASE_NAME: spec.name,
        DATABASE_SSL: 'verify-full',
        // With a login of its own, the init container migrates (as the owner) before the service starts.
        ...(!spec.serviceLogin && { MIGRATE_ON_START: 'true' }),
      });
    }
    if (spec.mediaBucket) Object.assign(env, { S3_BUCKET: storage.media.bucketName, CATALOG_URL: 'http://catalog:3001' });
    if (spec.archiveBucket) env['AUDIT_ARCHIVE_BUCKET'] = storage.archive.bucketName;
    if (spec.name === 'gateway') {
      Object.assign(env, { CATALOG_URL: 'http://catalog:3001', AUDIT_URL: 'http://audit:3002', MEDIA_URL: 'http://media:3003', PROCESSING_URL: 'http://processing:3004', GATEWAY_TRUSTED_PROXIES: '1' });
      if (settings.domainName) env['PUBLIC_URL'] = `https://${settings.domainName}`;
    }
    return env;
  }

  private addService(spec: ServiceSpec): void {
    const { settings } = this.props;
    const processing = spec.name === 'processing';
    const taskDefinition = new ecs.FargateTaskDefinition(this, `Task-${spec.name}`, {
      cpu: processing ? settings.processingCpu : settings.taskCpu,
      memoryLimitMiB: processing ? settings.processingMemoryMiB : settings.taskMemoryMiB,
      runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.X86_64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    taskDefinition.addVolume({ name: 'tmp' });
    const logGroup = new logs.LogGroup(this, `Logs-${spec.name}`, { retention: settings.logRetentionDays as logs.RetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    const container = taskDefinition.addContainer(spec.name, {
      containerName: spec.name,
      image: this.props.image,
      command: ['node', `services/${spec.name}/src/main.ts`],
      environment: this.environmentOf(spec),
      secrets: this.secretsOf(spec),
      portMappings: [{ name: 'http', containerPort: spec.port, appProtocol: ecs.AppProtocol.http }],
      readonlyRootFilesystem: true,
      stopTimeout: processing ? STOP_TIMEOUT.processing : STOP_TIMEOUT.default,
      healthCheck: {
        command: ['CMD', 'node', '-e', `fetch('http://127.0.0.1:${spec.port}/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        retries: 3,
        startPeriod: Duration.seconds(60),
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: spec.name, logGroup }),
    });
    container.addMountPoints({ sourceVolume: 'tmp', containerPath: '/tmp', readOnly: false });
    if (spec.serviceLogin) this.addMigrateContainer(spec, taskDefinition, container, logGroup);
    this.grantRights(spec, taskDefinition.taskRole);
    const service = new ecs.FargateService(this, `Service-${spec.name}`, {
      cluster: this.cluster,
      serviceName: spec.name,
      taskDefinition,
      desiredCount: settings.minTasks,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      circuitBreaker: { rollback: true },
      minHealthyPercent: 100,
      maxHealthyPercent: 200,
      serviceConnectConfiguration: spec.name === 'gateway'
        ? {}
        : { services: [{ portMappingName: 'http', dnsName: spec.name, port: spec.port }] },
    });
    if (spec.database) {
      this.props.database.instance.connections.allowDefaultPortFrom(service, spec.name);
      // A task that starts before its role exists fails to log in, and the circuit breaker would roll the first deployment back.
      // (The ECS service resource alone: its security group must not wait, the database's ingress rules name it.)
      service.node.defaultChild!.node.addDependency(this.props.database.provisioned);
    }
    this.services.set(spec.name, service);
    this.taskDefinitions.set(spec.name, taskDefinition);
  }

  /**
   * The init container of a service with a login of its own (`serviceLogin`): as the database's
   * owner it applies the migrations and creates or re-grants the login from the login secret, then
   * exits; the service's container starts only once it exited 0, and never sees the owner's secret.
   */
  private addMigrateContainer(spec: ServiceSpec, taskDefinition: ecs.FargateTaskDefinition, service: ecs.ContainerDefinition, logGroup: logs.ILogGroup): void {
    const { database } = this.props;
    const owner = database.secrets.get(spec.name)!;
    const login = database.loginSecrets.get(spec.name)!;
    const prefix = spec.name.toUpperCase();
    const env = this.environmentOf(spec);
    const migrate = taskDefinition.addContainer(`${spec.name}-migrate`, {
      containerName: `${spec.name}-migrate`,
      image: this.props.image,
      command: ['node', `services/${spec.name}/src/migrate.ts`],
      essential: false,
      environment: Object.fromEntries(['LOG_LEVEL', 'NODE_OPTIONS', 'DATABASE_HOST', 'DATABASE_PORT', 'DATABASE_NAME', 'DATABASE_SSL'].map((name) => [name, env[name]!])),
      secrets: {
        ...loginSecrets(owner),
        [`${prefix}_SERVICE_LOGIN_USER`]: ecs.Secret.fromSecretsManager(login, 'username'),
        [`${prefix}_SERVICE_LOGIN_PASSWORD`]: ecs.Secret.fromSecretsManager(login, 'password'),
      },
      readonlyRootFilesystem: true,
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: `${spec.name}-migrate`, logGroup }),
    });
    service.addContainerDependencies({ container: migrate, condition: ecs.ContainerDependencyCondition.SUCCESS });
  }

  /** Only through ECS secrets: the service's database login (its own login's secret where it has one, else the owner's), and the gateway context key. */
  private secretsOf(spec: ServiceSpec): Record<string, ecs.Secret> {
    const secrets: Record<string, ecs.Secret> = { GATEWAY_CONTEXT_KEY: ecs.Secret.fromSecretsManager(this.props.gatewayContextKey) };
    if (!spec.database) return secrets;
    const { database } = this.props;
    return { ...secrets, ...loginSecrets(database.loginSecrets.get(spec.name) ?? database.secrets.get(spec.name)!) };
  }

  /** Least privilege from the topology: its own topic, its own queues (+ its DLQs to quarantine poison), its bucket prefix. */
  private grantRights(spec: ServiceSpec, role: iam.IRole): void {
    const { messaging, storage } = this.props;
    if (spec.publishes) messaging.topic(spec.publishes.topic).grantPublish(role);
    const lambdaQueues = this.props.lambdaConsumers.has(spec.name) ? (spec.lambdaConsumer?.queues ?? []) : [];
    for (const consumed of spec.consumes.filter((entry) => !lambdaQueues.includes(entry.queue))) {
      const { queue, dlq } = messaging.queue(consumed.queue);
      queue.grantConsumeMessages(role);
      dlq.grantSendMessages(role);
    }
    if (spec.mediaBucket) grantMediaObjects(role, storage);
    if (spec.archiveBucket) grantArchiveObjects(role, storage);
    if (spec.publishes) this.grantReplays(spec.publishes.topic, role);
    if (spec.name === 'gateway') this.grantDeadLetterOperations(role);
  }

  /**
   * POST /admin/replays (@episodic/operations): a producer sends events of its outbox history
   * again to one subscriber queue, so it may send to the queues subscribed to its own topic.
   */
  private grantReplays(topic: string, role: iam.IRole): void {
    for (const spec of TOPOLOGY.queues.filter((queue) => queue.subscriptions.some((subscription) => subscription.topic === topic))) {
      this.props.messaging.queue(spec.name).queue.grantSendMessages(role);
    }
  }

  /**
   * The gateway answers the admin dead-letter routes itself (@episodic/operations): list and peek
   * every DLQ, and redrive it to its source queue (a message move task, or by id: receive from
   * the DLQ, send to the source, delete from the DLQ). It may not receive from a source queue.
   */
  private grantDeadLetterOperations(role: iam.IRole): void {
    for (const { queue, dlq } of this.props.messaging.queues.values()) {
      dlq.grantConsumeMessages(role);
      dlq.grant(role, 'sqs:StartMessageMoveTask', 'sqs:ListMessageMoveTasks', 'sqs:CancelMessageMoveTask');
      queue.grantSendMessages(role);
    }
  }

  /** Opens `name`'s port to the services that call it (security group to security group). */
  private connectTo(name: ServiceName, callers: ServiceName[]): void {
    const port = SERVICE_SPECS.find((spec) => spec.name === name)!.port;
    for (const caller of callers) this.service(name).connections.allowFrom(this.service(caller), ec2.Port.tcp(port), `${caller} calls ${name}`);
  }
}

/** DATABASE_USER and DATABASE_PASSWORD from an RDS-style secret's fields. */
function loginSecrets(secret: secretsmanager.ISecret): Record<string, ecs.Secret> {
  return { DATABASE_USER: ecs.Secret.fromSecretsManager(secret, 'username'), DATABASE_PASSWORD: ecs.Secret.fromSecretsManager(secret, 'password') };
}

/** The archive bucket: write and read objects (Object Lock keeps them), list it; never delete. */
function grantArchiveObjects(role: iam.IGrantable, storage: Storage): void {
  role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject', 's3:GetObject'], resources: [storage.archive.arnForObjects('*')] }));
  role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [storage.archive.bucketArn] }));
}

/** Objects under `episodes/` of the media bucket: read, write, delete, multipart uploads, and listing that prefix (objects and open uploads). */
export function grantMediaObjects(role: iam.IGrantable, storage: Storage): void {
  const bucket = storage.media;
  role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
    resources: [bucket.arnForObjects(`${MEDIA_PREFIX}*`)],
  }));
  role.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({
    // ListBucketMultipartUploads: processing's sweeper finds multipart uploads nobody completed.
    actions: ['s3:ListBucket', 's3:ListBucketMultipartUploads'],
    resources: [bucket.bucketArn],
    conditions: { StringLike: { 's3:prefix': [`${MEDIA_PREFIX}*`] } },
  }));
}
