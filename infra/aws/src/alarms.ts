import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Messaging } from './messaging.ts';

export interface AlarmsProps {
  messaging: Messaging;
  loadBalancer: elbv2.ApplicationLoadBalancer;
  targetGroup: elbv2.ApplicationTargetGroup;
  database: rds.DatabaseInstance;
  email: string | undefined;
}

/** Oldest-message age (seconds) that means a consumer is stuck; jobs may wait behind long ffmpeg runs. */
const OLDEST_MESSAGE_SECONDS: Record<string, number> = { default: 300, 'processing-jobs': 1800 };
const FREE_STORAGE_BYTES = 2 * 1024 ** 3;

/**
 * The alarms docs/DEPLOYMENT.md has a runbook for, all sent to one SNS topic: a message in any
 * DLQ, a queue's oldest message too old, ALB 5xx rate, unhealthy gateway targets, RDS CPU and
 * free storage.
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    const key = new kms.Key(this, 'Key', { description: 'Episodic alarm topic', enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
    key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:GenerateDataKey*', 'kms:Decrypt');
    this.topic = new sns.Topic(this, 'Topic', { masterKey: key, enforceSSL: true });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
    for (const [name, { queue, dlq }] of props.messaging.queues) {
      this.add(`Dlq-${name}`, dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }), 0, `${name}-dlq holds messages: see the DLQ runbook`);
      const seconds = OLDEST_MESSAGE_SECONDS[name] ?? OLDEST_MESSAGE_SECONDS['default']!;
      this.add(`OldestMessage-${name}`, queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(1), statistic: 'Maximum' }), seconds, `${name}: oldest message older than ${seconds} s`, 5);
    }
    const alb = props.loadBalancer.metrics;
    const errorRate = new cloudwatch.MathExpression({
      expression: '100 * (target5xx + elb5xx) / MAX([requests, 1])',
      usingMetrics: { target5xx: alb.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT), elb5xx: alb.httpCodeElb(elbv2.HttpCodeElb.ELB_5XX_COUNT), requests: alb.requestCount() },
      period: Duration.minutes(5),
    });
    this.add('Alb5xxRate', errorRate, 5, 'more than 5% of requests answered 5xx', 2);
    this.add('UnhealthyTargets', props.targetGroup.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }), 0, 'a gateway target fails its /health check', 3);
    this.add('DbCpu', props.database.metricCPUUtilization({ period: Duration.minutes(5) }), 80, 'RDS CPU above 80%', 3);
    this.add('DbFreeStorage', props.database.metricFreeStorageSpace({ period: Duration.minutes(5), statistic: 'Minimum' }), FREE_STORAGE_BYTES, 'RDS free storage below 2 GiB', 1, cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD);
  }

  private add(id: string, metric: cloudwatch.IMetric, threshold: number, description: string, periods = 1, comparison = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: periods,
      comparisonOperator: comparison,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
