import { expect } from 'chai';
import { Match } from 'aws-cdk-lib/assertions';
import { QUEUES, TOPOLOGY } from '@episodic/infra';
import { SERVICE_SPECS } from '../src/service-specs.ts';
import { RAW_VIDEO_MIN_BYTES } from '../src/storage.ts';
import { containerOf, environmentOf, mentions, synthesize, SYNTH_TIMEOUT_MS, type Synthesized } from './synthesized.ts';

const CERTIFICATE = 'arn:aws:acm:eu-west-1:111122223333:certificate/abc';
/** A production-like deployment: HTTPS on a domain, Multi-AZ, alarm mail, the image built from the Dockerfile. */
const PRODUCTION = { imageUri: '', certificateArn: CERTIFICATE, domainName: 'api.example.org', alarmEmail: 'oncall@example.org', multiAz: 'true', region: 'eu-west-1' };

describe('infra/aws: the resources of a deployment', () => {
  let app: Synthesized;
  let production: Synthesized;
  before(function () {
    this.timeout(SYNTH_TIMEOUT_MS);
    app = synthesize();
    production = synthesize(PRODUCTION);
  });

  describe('S3', () => {
    it('When synthesized, then the media bucket blocks public access, is encrypted, TLS-only, logged, and CORS-open to presigned PUTs', () => {
      const media = app.template.findResources('AWS::S3::Bucket')[app.idOf(app.stack.storage.media)] as any;
      expect(media.Properties.PublicAccessBlockConfiguration).to.deep.equal({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(media.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).to.equal('AES256');
      expect(mentions(media.Properties.LoggingConfiguration.DestinationBucketName, app.idOf(app.stack.storage.logs))).to.equal(true);
      expect(media.Properties.CorsConfiguration.CorsRules[0].AllowedMethods).to.include('PUT');
      app.template.hasResourceProperties('AWS::S3::BucketPolicy', {
        Bucket: { Ref: app.idOf(app.stack.storage.media) },
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    });

    it('When synthesized, then incomplete multipart uploads are aborted and raw video (by size) moves to infrequent access', () => {
      const rules = (app.template.findResources('AWS::S3::Bucket')[app.idOf(app.stack.storage.media)] as any).Properties.LifecycleConfiguration.Rules;
      expect(rules.find((rule: any) => rule.AbortIncompleteMultipartUpload)).to.deep.include({ Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 } });
      expect(rules.find((rule: any) => rule.Transitions)).to.deep.include({ ObjectSizeGreaterThan: RAW_VIDEO_MIN_BYTES, Transitions: [{ StorageClass: 'STANDARD_IA', TransitionInDays: 30 }] });
    });

    it('When synthesized, then the archive bucket has Object Lock with the default retention from context', () => {
      app.template.hasResourceProperties('AWS::S3::Bucket', {
        ObjectLockEnabled: true,
        ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2555 } } },
        VersioningConfiguration: { Status: 'Enabled' },
      });
      const compliance = synthesize({ archiveLockMode: 'COMPLIANCE', archiveRetentionDays: '400' });
      compliance.template.hasResourceProperties('AWS::S3::Bucket', { ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 400 } } } });
    });
  });

  describe('RDS', () => {
    it('When synthesized, then PostgreSQL is encrypted, backed up (PITR), TLS-only and Multi-AZ as the context says', () => {
      app.template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'postgres', StorageEncrypted: true, BackupRetentionPeriod: 7, MultiAZ: false, DeletionProtection: true });
      production.template.hasResourceProperties('AWS::RDS::DBInstance', { MultiAZ: true });
      app.template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
    });

    it('When synthesized, then each database service has its own RDS-style secret and a trigger provisions them after the instance', () => {
      const secrets = Object.values(app.template.findResources('AWS::SecretsManager::Secret')) as any[];
      for (const spec of SERVICE_SPECS.filter((entry) => entry.database)) {
        const template = secrets.map((secret) => secret.Properties.GenerateSecretString?.SecretStringTemplate).find((text) => text && JSON.parse(text).username === spec.name);
        expect(JSON.parse(template), spec.name).to.deep.equal({ username: spec.name, dbname: spec.name });
      }
      // The four owners' secrets, the admin's, and audit's own login (created by its init container, not the trigger).
      app.template.resourceCountIs('AWS::SecretsManager::SecretTargetAttachment', 6);
      const login = secrets.map((secret) => secret.Properties.GenerateSecretString?.SecretStringTemplate).filter((text) => text && JSON.parse(text).username === 'episodic_audit_service');
      expect(login.map((text) => JSON.parse(text))).to.deep.equal([{ username: 'episodic_audit_service', dbname: 'audit' }]);
      const trigger = Object.values(app.template.findResources('Custom::Trigger'))[0] as any;
      expect(mentions(trigger.DependsOn, app.idOf(app.stack.database.instance))).to.equal(true);
      const provisioner = app.template.findResources('AWS::Lambda::Function')[app.idOf(app.stack.database.provisioner)] as any;
      expect(provisioner.Properties.VpcConfig.SubnetIds).to.have.length(2);
      expect(provisioner.Properties.Environment.Variables).to.have.all.keys('ADMIN_SECRET_ARN', 'SERVICE_SECRET_ARNS', 'ROLE_CREATORS');
      expect(provisioner.Properties.Environment.Variables.ROLE_CREATORS).to.equal('audit');
      const triggerId = app.idOf(app.stack.database.provisioned);
      const services = app.template.findResources('AWS::ECS::Service') as Record<string, any>;
      for (const spec of SERVICE_SPECS.filter((entry) => entry.database)) {
        expect(mentions(services[app.idOf(app.stack.services.service(spec.name))].DependsOn, triggerId), `${spec.name} starts after provisioning`).to.equal(true);
      }
    });
  });

  describe('Cognito', () => {
    it('When synthesized, then the pool has the three groups, a PKCE client for people and a client-credentials client for system', () => {
      for (const group of ['admin', 'editor', 'viewer']) app.template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
      app.template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', { Identifier: 'episodic', Scopes: [Match.objectLike({ ScopeName: 'system' })] });
      app.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: false, AllowedOAuthFlows: ['code'] });
      app.template.hasResourceProperties('AWS::Cognito::UserPoolClient', { GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: [{ 'Fn::Join': ['', [{ Ref: Match.anyValue() }, '/system']] }] });
    });

    it("When synthesized, then every service's COGNITO_* settings name the pool and both clients", () => {
      for (const spec of SERVICE_SPECS) {
        const env = environmentOf(app.template, spec.name);
        expect(mentions(env['COGNITO_ISSUER'], app.idOf(app.stack.identity.userPool)), spec.name).to.equal(true);
        expect(JSON.stringify(env['COGNITO_JWKS_URL'])).to.include('/.well-known/jwks.json');
        expect(mentions(env['COGNITO_CLIENT_IDS'], app.idOf(app.stack.identity.peopleClient))).to.equal(true);
        expect(mentions(env['COGNITO_CLIENT_IDS'], app.idOf(app.stack.identity.systemClient))).to.equal(true);
      }
    });
  });

  describe('ECS Fargate', () => {
    it('When synthesized, then each of the five services runs from one image in private subnets, with health check, stop timeout and logs', () => {
      app.template.resourceCountIs('AWS::ECS::Service', 5);
      const images = new Set<string>();
      for (const spec of SERVICE_SPECS) {
        const container = containerOf(app.template, spec.name);
        images.add(JSON.stringify(container.Image));
        expect(container.Command).to.deep.equal(['node', `services/${spec.name}/src/main.ts`]);
        expect(container.HealthCheck.Command.join(' ')).to.include(`127.0.0.1:${spec.port}/health`);
        expect(container.StopTimeout, spec.name).to.be.within(30, 120);
        expect(container.ReadonlyRootFilesystem).to.equal(true);
        expect(container.LogConfiguration.LogDriver).to.equal('awslogs');
        app.template.hasResourceProperties('AWS::ECS::Service', { ServiceName: spec.name, NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) } });
      }
      expect([...images]).to.deep.equal(['"registry.example/episodic:test"']);
      app.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
      expect(JSON.stringify(containerOf(production.template, 'gateway').Image)).to.include('cdk-hnb659fds-container-assets');
    });

    it('When synthesized, then the settings of the environment contract are set on each task', () => {
      for (const spec of SERVICE_SPECS) {
        const env = environmentOf(app.template, spec.name);
        expect(env, spec.name).to.include({ HOST: '0.0.0.0', PORT: String(spec.port), LOG_LEVEL: 'info', NODE_OPTIONS: '--max-semi-space-size=4', AWS_REGION: 'us-east-1' });
        expect(env).not.to.have.any.keys('AWS_ENDPOINT', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY');
        for (const consumed of spec.consumes) expect(mentions(env[consumed.setting], app.idOf(app.stack.messaging.queue(consumed.queue).queue)), consumed.setting).to.equal(true);
        if (spec.publishes) expect(mentions(env[spec.publishes.setting], app.idOf(app.stack.messaging.topic(spec.publishes.topic)))).to.equal(true);
        if (spec.database) expect(env).to.include({ DATABASE_NAME: spec.name, DATABASE_SSL: 'verify-full' }).and.to.have.any.keys('DATABASE_HOST');
        // Audit's init container migrates as the owner; the others migrate as they start.
        if (spec.database) expect(env['MIGRATE_ON_START'], spec.name).to.equal(spec.serviceLogin ? undefined : 'true');
        if (spec.mediaBucket) expect(mentions(env['S3_BUCKET'], app.idOf(app.stack.storage.media))).to.equal(true);
      }
      expect(environmentOf(app.template, 'gateway')).to.include({ CATALOG_URL: 'http://catalog:3001', AUDIT_URL: 'http://audit:3002', MEDIA_URL: 'http://media:3003', PROCESSING_URL: 'http://processing:3004', GATEWAY_TRUSTED_PROXIES: '1' });
      expect(environmentOf(production.template, 'gateway')).to.include({ PUBLIC_URL: 'https://api.example.org', AWS_REGION: 'eu-west-1' });
    });

    it('When synthesized, then only the gateway may call audit, media and processing, and catalog also takes media and processing', () => {
      const ingress = Object.values(app.template.findResources('AWS::EC2::SecurityGroupIngress')) as any[];
      const sgOf = (name: (typeof SERVICE_SPECS)[number]['name']) => app.idOf(app.stack.services.service(name).connections.securityGroups[0]!);
      const callers = (name: (typeof SERVICE_SPECS)[number]['name']) => ingress
        .filter((rule) => mentions(rule.Properties.GroupId, sgOf(name)))
        .map((rule) => SERVICE_SPECS.find((spec) => mentions(rule.Properties.SourceSecurityGroupId, sgOf(spec.name)))?.name ?? 'other');
      expect(callers('catalog')).to.have.members(['gateway', 'media', 'processing']);
      for (const name of ['audit', 'media', 'processing'] as const) expect(callers(name), name).to.deep.equal(['gateway']);
      expect(callers('gateway').every((caller) => caller === 'other')).to.equal(true);
      for (const spec of SERVICE_SPECS.filter((entry) => entry.name !== 'gateway')) {
        app.template.hasResourceProperties('AWS::ECS::Service', { ServiceName: spec.name, ServiceConnectConfiguration: { Enabled: true, Services: [Match.objectLike({ ClientAliases: [{ DnsName: spec.name, Port: spec.port }] })] } });
      }
    });

    it('When synthesized, then gateway scales on CPU and ALB requests and processing on its jobs backlog', () => {
      const targets = app.template.findResources('AWS::ApplicationAutoScaling::ScalableTarget') as Record<string, any>;
      const targetOf = (name: string) => Object.keys(targets).find((id) => mentions(targets[id].Properties.ResourceId, app.idOf(app.stack.services.service(name as 'gateway'))))!;
      const policies = Object.entries(app.template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')) as [string, any][];
      const policiesOf = (name: string) => policies.filter(([, policy]) => mentions(policy.Properties.ScalingTargetId, targetOf(name)));
      const tracked = policiesOf('gateway').map(([, policy]) => policy.Properties.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType);
      expect(tracked).to.include.members(['ECSServiceAverageCPUUtilization', 'ALBRequestCountPerTarget']);
      const steps = policiesOf('processing').filter(([, policy]) => policy.Properties.PolicyType === 'StepScaling').map(([id]) => id);
      expect(steps).to.have.length(2);
      const jobsQueue = app.idOf(app.stack.messaging.queue(QUEUES.jobs).queue);
      const alarms = Object.values(app.template.findResources('AWS::CloudWatch::Alarm')) as any[];
      const backlog = alarms.filter((alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && mentions(alarm.Properties.Dimensions, jobsQueue));
      expect(backlog.flatMap((alarm) => alarm.Properties.AlarmActions).filter((action) => steps.some((id) => mentions(action, id)))).to.have.length(2);
    });
  });

  describe('edge', () => {
    it('When no certificate is given, then an internet-facing ALB listens on HTTP 80; with one, HTTPS 443 and 80 redirects', () => {
      app.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
      app.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
      production.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERTIFICATE }] });
      production.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, DefaultActions: [Match.objectLike({ Type: 'redirect' })] });
      app.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckPath: '/health', Port: 3000 });
    });

    it('When synthesized, then a WAF web ACL with a per-IP rate rule is associated with the ALB', () => {
      app.template.hasResourceProperties('AWS::WAFv2::WebACL', { Scope: 'REGIONAL', Rules: Match.arrayWith([Match.objectLike({ Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } })]) });
      app.template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', { ResourceArn: { Ref: app.idOf(app.stack.edge.loadBalancer) } });
    });
  });

  describe('alarms', () => {
    it('When synthesized, then every DLQ, every queue age, ALB 5xx, unhealthy targets and RDS CPU/storage alarm to one topic', () => {
      const alarms = Object.values(app.template.findResources('AWS::CloudWatch::Alarm')) as any[];
      const topicId = app.idOf(app.stack.alarms.topic);
      const toTopic = alarms.filter((alarm) => mentions(alarm.Properties.AlarmActions, topicId));
      for (const spec of TOPOLOGY.queues) {
        const { queue, dlq } = app.stack.messaging.queue(spec.name);
        expect(toTopic.some((alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible' && mentions(alarm.Properties.Dimensions, app.idOf(dlq)) && alarm.Properties.Threshold === 0), `${spec.name}-dlq`).to.equal(true);
        expect(toTopic.some((alarm) => alarm.Properties.MetricName === 'ApproximateAgeOfOldestMessage' && mentions(alarm.Properties.Dimensions, app.idOf(queue))), `${spec.name} age`).to.equal(true);
      }
      for (const metric of ['UnHealthyHostCount', 'CPUUtilization', 'FreeStorageSpace']) expect(toTopic.some((alarm) => alarm.Properties.MetricName === metric), metric).to.equal(true);
      expect(toTopic.some((alarm) => JSON.stringify(alarm.Properties.Metrics ?? []).includes('HTTPCode_Target_5XX_Count'))).to.equal(true);
      production.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.org' });
    });
  });
});
