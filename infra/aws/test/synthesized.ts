import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { createEpisodicApp } from '../src/app.ts';
import type { EpisodicStack } from '../src/stack.ts';

/**
 * Tests synthesize with a prebuilt image (no Docker build context to fingerprint) and without
 * bundling the Lambdas (esbuild), unless a test asks for them: the template is the same.
 */
export const FAST: Record<string, unknown> = { imageUri: 'registry.example/episodic:test', 'aws:cdk:bundling-stacks': [] };

export interface Synthesized {
  stack: EpisodicStack;
  template: Template;
  /** The cloud assembly, with cdk-nag's validation-report.json. */
  assemblyDirectory: string;
  /** Wall time of building the constructs and synthesizing the template. */
  ms: number;
  /** The logical id of a construct (its CloudFormation resource). */
  idOf(construct: IConstruct): string;
}

/** A synth takes about 5 s of CPU; on a machine shared with other test runs its wall time varies widely. */
export const SYNTH_TIMEOUT_MS = 180_000;

const synthesized = new Map<string, Synthesized>();

/** The app synthesized with `context` (on top of FAST), once per context for the whole test run. */
export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const key = JSON.stringify(context);
  const cached = synthesized.get(key);
  if (cached) return cached;
  const started = performance.now();
  const { app, stacks } = createEpisodicApp({ ...FAST, ...context });
  const stack = stacks[0]!;
  const template = withoutDefaultCfnRules(() => Template.fromStack(stack));
  const result = {
    stack, template, assemblyDirectory: app.synth().directory, ms: performance.now() - started,
    idOf: (construct: IConstruct) => stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement),
  };
  synthesized.set(key, result);
  return result;
}

/**
 * CDK's own CloudFormation rule check (about 10 s of CPU per synth, warnings only) is left to
 * `npm run synth`; cdk-nag, registered by the app, still runs at every synth here.
 */
function withoutDefaultCfnRules<T>(synth: () => T): T {
  const before = process.env['CDK_VALIDATION'];
  process.env['CDK_VALIDATION'] = 'false';
  try {
    return synth();
  } finally {
    if (before === undefined) delete process.env['CDK_VALIDATION'];
    else process.env['CDK_VALIDATION'] = before;
  }
}

/** `{ Ref: id }` or `{ 'Fn::GetAtt': [id, ...] }` mentions the resource `id`. */
export function mentions(value: unknown, id: string): boolean {
  return JSON.stringify(value ?? null).includes(`"${id}"`);
}

/** The IAM policy statements attached to the role with logical id `roleId`. */
export function statementsOf(template: Template, roleId: string): { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown }[] {
  const policies = Object.values(template.findResources('AWS::IAM::Policy')) as any[];
  return policies
    .filter((policy) => (policy.Properties.Roles ?? []).some((role: unknown) => mentions(role, roleId)))
    .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
}

/** Whether any statement of `roleId` allows `action` on a resource mentioning `resourceId`. */
export function allows(template: Template, roleId: string, action: string, resourceId: string): boolean {
  return statementsOf(template, roleId).some((statement) => {
    const actions = [statement.Action].flat();
    return statement.Effect === 'Allow' && actions.some((granted) => matchesAction(granted, action)) && mentions(statement.Resource, resourceId);
  });
}

function matchesAction(granted: string, action: string): boolean {
  if (granted === '*') return true;
  const pattern = new RegExp(`^${granted.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return pattern.test(action);
}

/** The container definition of service `name` (container name = service name). */
export function containerOf(template: Template, name: string): any {
  const definitions = Object.values(template.findResources('AWS::ECS::TaskDefinition')) as any[];
  return definitions.flatMap((definition) => definition.Properties.ContainerDefinitions).find((container) => container.Name === name);
}

export function environmentOf(template: Template, name: string): Record<string, unknown> {
  return Object.fromEntries((containerOf(template, name).Environment as { Name: string; Value: unknown }[]).map((entry) => [entry.Name, entry.Value]));
}
