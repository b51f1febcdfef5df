import { fileURLToPath } from 'node:url';
import { CfnOutput, Duration, IgnoreMode, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DockerImageAsset, Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { QUEUES, TOPOLOGY } from '@episodic/infra';
import { Alarms } from './alarms.ts';
import { Database } from './database.ts';
import { Edge } from './edge.ts';
import { Identity } from './identity.ts';
import { LambdaConsumer } from './lambda-consumers.ts';
import { Messaging } from './messaging.ts';
import { DATABASE_SERVICES, ROLE_CREATING_SERVICES, SERVICE_LOGINS, SERVICE_SPECS, type ServiceName } from './service-specs.ts';
import { Services } from './services.ts';
import type { DeploymentSettings } from './settings.ts';
import { Storage } from './storage.ts';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface EpisodicStackProps extends StackProps {
  settings: DeploymentSettings;
}

/** Everything Episodic needs in one account and region: what `npm start` runs locally, on AWS. */
export class EpisodicStack extends Stack {
  readonly messaging: Messaging;
  readonly storage: Storage;
  readonly database: Database;
  readonly identity: Identity;
  readonly services: Services;
  readonly edge: Edge;
  readonly alarms: Alarms;
  readonly lambdaConsumers = new Map<ServiceName, LambdaConsumer>();

  constructor(scope: Construct, id: string, props: EpisodicStackProps) {
    super(scope, id, props);
    const { settings } = props;
    const vpc = this.createVpc(settings);
    this.messaging = new Messaging(this, 'Messaging', { topology: TOPOLOGY, namePrefix: settings.namePrefix });
    this.storage = new Storage(this, 'Storage', settings);
    this.database = new Database(this, 'Database', {
      vpc, services: DATABASE_SERVICES, roleCreators: ROLE_CREATING_SERVICES, serviceLogins: SERVICE_LOGINS, multiAz: settings.multiAz, instanceClass: settings.dbInstanceClass,
      allocatedStorageGiB: settings.dbAllocatedStorageGiB, backupRetentionDays: settings.dbBackupRetentionDays,
      logRetention: settings.logRetentionDays as logs.RetentionDays,
    });
    const publicUrl = settings.domainName ? `https://${settings.domainName}` : undefined;
    this.identity = new Identity(this, 'Identity', { callbackUrls: publicUrl ? [`${publicUrl}/api/v1/docs/oauth2-redirect.html`] : ['http://localhost:3000/api/v1/docs/oauth2-redirect.html'] });
    const gatewayContextKey = new secretsmanager.Secret(this, 'GatewayContextKey', {
      description: 'HMAC key of the signed gateway context (GATEWAY_CONTEXT_KEY) shared by the five services',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    const lambdaServices = new Set(SERVICE_SPECS.filter((spec) => spec.lambdaConsumer && settings.consumers[spec.lambdaConsumer.service] === 'lambda').map((spec) => spec.name));
    for (const name of lambdaServices) {
      const spec = SERVICE_SPECS.find((entry) => entry.name === name)!;
      if (!spec.lambdaConsumer!.consumerSwitch) throw new Error(`context consumers: ${name}:lambda needs a setting in services/${name}/src/config.ts that stops its tasks consuming (like AUDIT_CONSUMER_ENABLED); ${name} has none yet`);
    }
    this.services = new Services(this, 'Services', {
      vpc, image: this.image(settings), settings, messaging: this.messaging, storage: this.storage, database: this.database,
      identity: this.identity, gatewayContextKey, lambdaConsumers: lambdaServices,
    });
    for (const name of lambdaServices) {
      const spec = SERVICE_SPECS.find((entry) => entry.name === name)!;
      this.lambdaConsumers.set(name, new LambdaConsumer(this, `Consumer-${name}`, {
        spec, environment: this.services.environmentOf(spec), vpc, messaging: this.messaging, database: this.database,
        storage: this.storage, logRetentionDays: settings.logRetentionDays, ...(spec.serviceLogin && { after: this.services.service(name).node.defaultChild! }),
      }));
    }
    this.edge = new Edge(this, 'Edge', {
      vpc, gateway: this.services.service('gateway'), gatewayPort: 3000, certificateArn: settings.certificateArn,
      logBucket: this.storage.logs, rateLimitPer5Min: settings.wafRateLimitPer5Min,
    });
    this.scale(settings);
    this.alarms = new Alarms(this, 'Alarms', {
      messaging: this.messaging, loadBalancer: this.edge.loadBalancer, targetGroup: this.edge.targetGroup,
      database: this.database.instance, email: settings.alarmEmail,
    });
    this.outputs(settings);
  }

  private createVpc(settings: DeploymentSettings): ec2.Vpc {
    const vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: settings.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
        { name: 'database', subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
      ],
    });
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogGroup', { retention: settings.logRetentionDays as logs.RetentionDays, removalPolicy: RemovalPolicy.DESTROY })),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    return vpc;
  }

  /** One image for all five services: a prebuilt one (`-c imageUri=`) or the repo root Dockerfile. */
  private image(settings: DeploymentSettings): ecs.ContainerImage {
    if (settings.imageUri) return ecs.ContainerImage.fromRegistry(settings.imageUri);
    const asset = new DockerImageAsset(this, 'Image', { directory: REPO_ROOT, platform: Platform.LINUX_AMD64, ignoreMode: IgnoreMode.DOCKER });
    return ecs.ContainerImage.fromDockerImageAsset(asset);
  }

  /** Gateway on CPU and ALB requests per target; processing on its jobs backlog; the rest on CPU. */
  private scale(settings: DeploymentSettings): void {
    for (const spec of SERVICE_SPECS) {
      const scaling = this.services.service(spec.name).autoScaleTaskCount({ minCapacity: settings.minTasks, maxCapacity: settings.maxTasks });
      scaling.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 60 });
      if (spec.name === 'gateway') scaling.scaleOnRequestCount('Requests', { requestsPerTarget: 1000, targetGroup: this.edge.targetGroup });
      if (spec.name === 'processing') {
        const { queue } = this.messaging.queue(QUEUES.jobs);
        scaling.scaleOnMetric('JobsBacklog', {
          metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
          scalingSteps: [{ upper: 0, change: -1 }, { lower: 1, change: +1 }, { lower: 10, change: +2 }],
          cooldown: Duration.minutes(3),
        });
      }
    }
  }

  private outputs(settings: DeploymentSettings): void {
    const output = (id: string, value: string, description: string) => new CfnOutput(this, id, { value, description });
    output('ApiUrl', settings.domainName ? `https://${settings.domainName}` : `http://${this.edge.loadBalancer.loadBalancerDnsName}`, settings.certificateArn
      ? 'Base URL of the REST API (point the domain at the ALB)'
      : 'Base URL of the REST API: plain HTTP, tokens cross the internet unencrypted; deploy with -c certificateArn=... for HTTPS');
    output('LoadBalancerDns', this.edge.loadBalancer.loadBalancerDnsName, 'DNS name of the ALB (CNAME/alias target of the domain)');
    output('UserPoolId', this.identity.userPool.userPoolId, 'Cognito user pool: add people to the admin/editor/viewer groups');
    output('PeopleClientId', this.identity.peopleClient.userPoolClientId, 'App client for people (authorization code + PKCE)');
    output('SystemClientId', this.identity.systemClient.userPoolClientId, 'Client-credentials app client (scope episodic/system)');
    output('MediaBucket', this.storage.media.bucketName, 'Thumbnails and raw video (S3_BUCKET)');
    output('ArchiveBucket', this.storage.archive.bucketName, 'Object Lock bucket for audit exports');
    output('AlarmTopic', this.alarms.topic.topicArn, 'Subscribe on-call here');
  }
}
