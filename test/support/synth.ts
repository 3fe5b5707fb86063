import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CleanupStack, type CleanupStackProps } from '../../lib/cleanup-stack';

/** Synthesizes the stack without bundling (assets are irrelevant to template assertions, and bundling is slow). */
export function synthStack(props: CleanupStackProps = {}): { stack: CleanupStack; template: Template } {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CleanupStack(app, 'TestCleanup', props);
  return { stack, template: Template.fromStack(stack) };
}

/** The IAM actions granted to the role of the function whose logical id starts with `prefix`. */
export function actionsOfFunction(template: Template, prefix: string): string[] {
  const functions = template.findResources('AWS::Lambda::Function');
  const [, fn] = Object.entries(functions).find(([id]) => id.startsWith(prefix)) ?? [];
  if (fn === undefined) throw new Error(`no function ${prefix}`);
  const roleId = fn.Properties.Role['Fn::GetAtt'][0] as string;
  const policies = template.findResources('AWS::IAM::Policy');
  const statements = Object.values(policies)
    .filter((p) => (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleId))
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[] }[]);
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
}
