import { Duration } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';

export interface EdgeProps {
  vpc: ec2.IVpc;
  gateway: ecs.FargateService;
  gatewayPort: number;
  /** HTTPS on 443 (and 80 redirects) when given; plain HTTP on 80 otherwise. */
  certificateArn: string | undefined;
  logBucket: s3.IBucket;
  /** Requests one client IP may make in 5 minutes before WAF blocks it. */
  rateLimitPer5Min: number;
}

/** The only public entry: an internet-facing ALB in front of the gateway, behind an AWS WAF web ACL. */
export class Edge extends Construct {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: EdgeProps) {
    super(scope, id);
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'Alb', {
      vpc: props.vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      dropInvalidHeaderFields: true,
    });
    this.loadBalancer.logAccessLogs(props.logBucket, 'alb');
    const listener = props.certificateArn
      ? this.httpsListener(props.certificateArn)
      : this.loadBalancer.addListener('Http', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: true });
    this.targetGroup = listener.addTargets('Gateway', {
      port: props.gatewayPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targets: [props.gateway.loadBalancerTarget({ containerName: 'gateway', containerPort: props.gatewayPort })],
      healthCheck: { path: '/health', interval: Duration.seconds(15), healthyThresholdCount: 2, unhealthyThresholdCount: 3 },
      // Shorter than the gateway's stop timeout: in-flight requests finish before SIGKILL.
      deregistrationDelay: Duration.seconds(20),
    });
    this.webAcl = this.createWebAcl(props.rateLimitPer5Min);
    new wafv2.CfnWebACLAssociation(this, 'WafAlb', { resourceArn: this.loadBalancer.loadBalancerArn, webAclArn: this.webAcl.attrArn });
  }

  private httpsListener(certificateArn: string): elbv2.ApplicationListener {
    this.loadBalancer.addRedirect({ sourcePort: 80, targetPort: 443 });
    return this.loadBalancer.addListener('Https', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [acm.Certificate.fromCertificateArn(this, 'Certificate', certificateArn)],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: true,
    });
  }

  private createWebAcl(limit: number): wafv2.CfnWebACL {
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    return new wafv2.CfnWebACL(this, 'Waf', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('episodic-waf'),
      rules: [
        { name: 'rate-per-ip', priority: 0, action: { block: {} }, statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP' } }, visibilityConfig: visibility('episodic-rate-per-ip') },
        // The common rule set is left out: its 8 KB body rule would block thumbnail uploads.
        {
          name: 'known-bad-inputs', priority: 1, overrideAction: { none: {} },
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesKnownBadInputsRuleSet' } },
          visibilityConfig: visibility('episodic-known-bad-inputs'),
        },
      ],
    });
  }
}
