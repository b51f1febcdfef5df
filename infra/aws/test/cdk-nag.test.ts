import { expect } from 'chai';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { createEpisodicApp } from '../src/app.ts';
import { FAST, synthesize, SYNTH_TIMEOUT_MS, type Synthesized } from './synthesized.ts';

/** The AwsSolutions findings of a validation report that some construct still violates. */
function nagViolations(report: { pluginReports: any[] }): { ruleName: string; violatingConstructs: { constructPath: string }[] }[] {
  return report.pluginReports
    .filter((plugin) => plugin.pluginName === 'AwsSolutions')
    .flatMap((plugin) => plugin.violations ?? [])
    .filter((violation) => (violation.violatingConstructs ?? []).length > 0);
}

describe('infra/aws: cdk-nag (AwsSolutions)', () => {
  let app: Synthesized;
  before(function () {
    this.timeout(SYNTH_TIMEOUT_MS);
    app = synthesize();
  });

  it('When the app synthesizes, then cdk-nag reports no unacknowledged finding', () => {
    const report = join(app.assemblyDirectory, 'validation-report.json');
    const violations = existsSync(report) ? nagViolations(JSON.parse(readFileSync(report, 'utf8'))) : [];
    expect(violations.map((violation) => `${violation.ruleName} at ${violation.violatingConstructs[0].constructPath}`)).to.deep.equal([]);
  });

  it('When a finding is acknowledged, then it carries a one-line reason', () => {
    const acknowledged = app.stack.node.findAll().flatMap((construct) => construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(entry.data as Record<string, string>).map(([rule, reason]) => ({ path: construct.node.path, rule, reason }))));
    const ours = acknowledged.filter((entry) => entry.rule.includes('AwsSolutions'));
    expect(ours.length).to.be.greaterThan(10);
    for (const { path, rule, reason } of acknowledged) {
      expect(reason, `${path} ${rule}`).to.match(/^[^\n]{20,300}$/);
    }
    // Acknowledged on the constructs they concern, never on the whole stack.
    expect(ours.filter((entry) => entry.path === app.stack.node.path)).to.deep.equal([]);
  });

  it('When something breaks an AwsSolutions rule without an acknowledgement, then the synth fails naming the rule', function () {
    this.timeout(SYNTH_TIMEOUT_MS);
    const { app: probe, stacks } = createEpisodicApp(FAST);
    new sqs.Queue(stacks[0]!, 'UnencryptedProbe', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const previous = process.env['CDK_VALIDATION'];
    process.env['CDK_VALIDATION'] = 'false';
    try {
      expect(() => probe.synth()).to.throw(/Validation failed/);
    } finally {
      if (previous === undefined) delete process.env['CDK_VALIDATION'];
      else process.env['CDK_VALIDATION'] = previous;
    }
    const report = JSON.parse(readFileSync(join(probe.outdir, 'validation-report.json'), 'utf8'));
    const rules = nagViolations(report).map((violation) => violation.ruleName);
    expect(rules).to.include.members(['AwsSolutions-SQS2', 'AwsSolutions-SQS3', 'AwsSolutions-SQS4']);
  });
});
