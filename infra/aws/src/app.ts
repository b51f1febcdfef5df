import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeReviewedFindings } from './nag-suppressions.ts';
import { readSettings } from './settings.ts';
import { EpisodicStack } from './stack.ts';

export interface EpisodicApp {
  app: App;
  stacks: EpisodicStack[];
}

/**
 * The CDK app: one stack holding the whole deployment, checked by cdk-nag's AwsSolutions pack.
 * `context` adds to (and loses to) what the CLI passes with `-c` and cdk.json; tests pass theirs
 * here and synthesize in-process.
 *
 *   const { app, stacks } = createEpisodicApp({ consumers: 'audit:fargate' });
 *   Template.fromStack(stacks[0]);
 */
export function createEpisodicApp(context: Record<string, unknown> = {}): EpisodicApp {
  const app = new App({ context });
  const settings = readSettings((key) => app.node.tryGetContext(key));
  const stack = new EpisodicStack(app, settings.stackName, {
    settings,
    env: { account: settings.account, region: settings.region },
    description: 'Episodic: episode catalog, thumbnails, processing and audit services (infra/aws)',
  });
  Tags.of(app).add('project', 'episodic');
  acknowledgeReviewedFindings(stack);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stacks: [stack] };
}
