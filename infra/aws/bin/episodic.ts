// The CDK app's entry: `npm run synth` (or `npx cdk synth|deploy` in infra/aws) runs it.
import { createEpisodicApp } from '../src/app.ts';

createEpisodicApp().app.synth();
