import { Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { EpisodicStack } from './stack.ts';

/** One acknowledged cdk-nag finding: the rule (with its finding, if the rule is granular) and why it stands. */
function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

const KMS_WILDCARDS = ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'];

/**
 * The cdk-nag AwsSolutions findings this app accepts, each on the narrowest construct and with the
 * reason it is accepted. Everything else cdk-nag reports fails the synth (and infra/aws tests).
 */
export function acknowledgeReviewedFindings(stack: EpisodicStack): void {
  const { services, database, storage, edge, identity } = stack;
  const mediaObjects = `Resource::<${stack.getLogicalId(storage.media.node.defaultChild as CfnElement)}.Arn>/episodes/*`;
  for (const [name, taskDefinition] of services.taskDefinitions) {
    acknowledge(taskDefinition.obtainExecutionRole(), 'AwsSolutions-IAM5[Resource::*]', 'ecr:GetAuthorizationToken, which ECS needs to pull the image, has no resource but *.');
    acknowledge(taskDefinition, 'AwsSolutions-ECS2', 'Only non-secret settings (ports, names, endpoints) are plain environment values; database logins and the gateway context key come through ECS secrets.');
    for (const finding of KMS_WILDCARDS) acknowledge(taskDefinition.taskRole, `AwsSolutions-IAM5[${finding}]`, 'KMS data-key actions CDK grants for the one messaging key (SNS publish / SQS send and receive on encrypted topics and queues); the resource is that key alone.');
    if (name === 'audit') acknowledge(taskDefinition.taskRole, `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(storage.archive.node.defaultChild as CfnElement)}.Arn>/*]`, 'Anchors and segments are named by chain position; Object Lock, not IAM, keeps them from change, and no delete is granted.');
    if (name === 'media' || name === 'processing') acknowledge(taskDefinition.taskRole, `AwsSolutions-IAM5[${mediaObjects}]`, 'Object keys are generated per episode under episodes/; the grant is limited to that prefix of the media bucket.');
  }
  for (const consumer of stack.lambdaConsumers.values()) {
    lambdaRole(consumer.function.role!, 'the consumer');
    for (const finding of KMS_WILDCARDS) acknowledge(consumer.function.role!, `AwsSolutions-IAM5[${finding}]`, 'KMS data-key actions CDK grants with the SQS event source on the encrypted queue; the resource is the messaging key alone.');
    acknowledge(consumer.function.role!, `AwsSolutions-IAM5[${mediaObjects}]`, 'Object keys are generated per episode under episodes/; the grant is limited to that prefix of the media bucket.');
  }
  lambdaRole(database.provisioner.role!, 'the database provisioner');
  const rdsLogRetention = Stack.of(stack).node.children.find((child) => child.node.id.startsWith('LogRetention'));
  if (rdsLogRetention) {
    acknowledge(rdsLogRetention, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', "CDK's log-retention helper for the RDS log group; it only writes its own logs.");
    acknowledge(rdsLogRetention, 'AwsSolutions-IAM5[Resource::*]', "CDK's log-retention helper sets retention on a log group whose name RDS chooses; CDK scopes it to *.");
  }
  if (!stack.database.instance.node.tryGetContext('multiAz')) {
    acknowledge(database.instance, 'AwsSolutions-RDS3', 'Multi-AZ is a context switch (-c multiAz=true), off by default for small deployments; backups and PITR stay on.');
  }
  acknowledge(database.instance, 'AwsSolutions-RDS11', 'The default port inside isolated subnets; only the services\' and provisioner\'s security groups may reach it.');
  acknowledge(database.instance, 'AwsSolutions-SMG4', 'Rotating the admin secret is an operator step (docs/DEPLOYMENT.md: secrets rotation); nothing but the provisioner uses it.');
  for (const secret of database.generatedSecrets) {
    acknowledge(secret, 'AwsSolutions-SMG4', 'ECS injects the login at task start; rotation is rotate-then-redeploy (docs/DEPLOYMENT.md) so running tasks never hold a dead password.');
  }
  acknowledge(stack.node.findChild('GatewayContextKey'), 'AwsSolutions-SMG4', 'All five services must switch keys together: rotated by redeploying (docs/DEPLOYMENT.md).');
  acknowledge(edge.loadBalancer, 'AwsSolutions-EC23', 'The public entry of the API: an internet-facing ALB on 80/443 behind AWS WAF (rate-based rule).');
  acknowledge(identity.userPool, 'AwsSolutions-COG8', 'The Plus feature plan (threat protection) is a cost choice left to the operator; MFA is required.');
  acknowledge(storage.media, 'CloudFormation-Validate::W9003', 'CDK types ObjectSizeGreaterThan as a number; CloudFormation takes it as the same value.');
}

function lambdaRole(role: IConstruct, what: string): void {
  acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', `AWS's managed policy for ${what}'s own log writes.`);
  acknowledge(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]', `AWS's managed policy for ${what}'s network interfaces in the VPC.`);
}
