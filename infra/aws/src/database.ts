import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { bundlingOf } from './bundling.ts';

export interface DatabaseProps {
  vpc: ec2.IVpc;
  services: readonly string[];
  /** Services whose login may create roles (their migrations create a group role). */
  roleCreators: readonly string[];
  /** Services that connect as a login of their own rather than as the owner (service → login name). */
  serviceLogins: Readonly<Record<string, string>>;
  multiAz: boolean;
  instanceClass: string;
  allocatedStorageGiB: number;
  backupRetentionDays: number;
  logRetention: logs.RetentionDays;
}

/** Characters generated passwords leave out: they would need quoting in a URL or a shell. */
const PASSWORD_EXCLUDES = ' %+~`#$&*()|[]{}:;<>?!\'/@"\\';

const PROVISIONER = fileURLToPath(new URL('./provisioning/handler.ts', import.meta.url));

/**
 * RDS PostgreSQL (encrypted, TLS only, backups with point-in-time restore) and, per service, a
 * Secrets Manager secret (RDS-style JSON: username, password, host, port, dbname) whose database
 * and login role a trigger creates at every deployment that changes them.
 */
export class Database extends Construct {
  readonly instance: rds.DatabaseInstance;
  /** Each service's secret: its database owner (attached: it carries host and port too). */
  readonly secrets = new Map<string, secretsmanager.ISecret>();
  /**
   * The secret of a service's own login, where it has one (SERVICE_LOGINS): the service and its
   * Lambda connect with it; only the init container that migrates gets the owner's secret.
   * The provisioner does not create these logins: the migrations that create their group role must run first.
   */
  readonly loginSecrets = new Map<string, secretsmanager.ISecret>();
  /** The same secrets as generated, where cdk-nag's findings land. */
  readonly generatedSecrets: rds.DatabaseSecret[] = [];
  readonly provisioner: nodejs.NodejsFunction;
  /** Done once every service's database and role exist: what uses them depends on it. */
  readonly provisioned: triggers.Trigger;

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const engine = rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_18_1 });
    const parameterGroup = new rds.ParameterGroup(this, 'Parameters', { engine, parameters: { 'rds.force_ssl': '1' } });
    this.instance = new rds.DatabaseInstance(this, 'Instance', {
      engine,
      parameterGroup,
      instanceType: new ec2.InstanceType(props.instanceClass),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      credentials: rds.Credentials.fromGeneratedSecret('episodic_admin'),
      multiAz: props.multiAz,
      storageEncrypted: true,
      allocatedStorage: props.allocatedStorageGiB,
      maxAllocatedStorage: props.allocatedStorageGiB * 5,
      backupRetention: Duration.days(props.backupRetentionDays),
      deletionProtection: true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      cloudwatchLogsExports: ['postgresql'],
      cloudwatchLogsRetention: props.logRetention,
      enablePerformanceInsights: true,
      autoMinorVersionUpgrade: true,
    });
    for (const service of props.services) {
      const secret = new rds.DatabaseSecret(this, `Secret-${service}`, { username: service, dbname: service, excludeCharacters: PASSWORD_EXCLUDES });
      this.generatedSecrets.push(secret);
      this.secrets.set(service, secret.attach(this.instance));
    }
    for (const [service, login] of Object.entries(props.serviceLogins)) {
      const secret = new rds.DatabaseSecret(this, `LoginSecret-${service}`, { username: login, dbname: service, excludeCharacters: PASSWORD_EXCLUDES });
      this.generatedSecrets.push(secret);
      this.loginSecrets.set(service, secret.attach(this.instance));
    }
    this.provisioner = this.createProvisioner(props);
    this.provisioned = new triggers.Trigger(this, 'Provision', { handler: this.provisioner, executeAfter: [this.instance], executeOnHandlerChange: true, timeout: Duration.minutes(5) });
  }

  private createProvisioner(props: DatabaseProps): nodejs.NodejsFunction {
    const fn = new nodejs.NodejsFunction(this, 'Provisioner', {
      entry: PROVISIONER,
      runtime: lambda.Runtime.NODEJS_24_X,
      timeout: Duration.minutes(2),
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      logGroup: new logs.LogGroup(this, 'ProvisionerLogs', { retention: props.logRetention, removalPolicy: RemovalPolicy.DESTROY }),
      environment: {
        ADMIN_SECRET_ARN: this.instance.secret!.secretArn,
        ROLE_CREATORS: props.roleCreators.join(','),
        SERVICE_SECRET_ARNS: JSON.stringify(Object.fromEntries([...this.secrets].map(([service, secret]) => [service, secret.secretArn]))),
      },
      bundling: bundlingOf(),
    });
    this.instance.secret!.grantRead(fn);
    for (const secret of this.secrets.values()) secret.grantRead(fn);
    this.instance.connections.allowDefaultPortFrom(fn, 'provisioner');
    return fn;
  }
}
