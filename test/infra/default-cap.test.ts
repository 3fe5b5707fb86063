import './support/skip-builtin-validation';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HANDLER_ENTRY_METADATA } from '../../lib/constructs/cleanup-function';
import { deployedApp } from './support/deployed-app';

/** The Plan function's environment: where the default cap of selector jobs comes from. */
function planEnvironment(template: Template): Record<string, string> {
  const functions = template.findResources('AWS::Lambda::Function', {
    Metadata: { [HANDLER_ENTRY_METADATA]: Match.stringLikeRegexp('^lambdas/plan/') },
  });
  const [plan] = Object.values(functions) as { Properties: { Environment: { Variables: Record<string, string> } } }[];
  if (plan === undefined) throw new Error('no plan function');
  return plan.Properties.Environment.Variables;
}

test('workflow.defaultMaxDeletions reaches the Plan function, 100,000 when not set', () => {
  const byDefault = Template.fromStack(deployedApp().stack);
  const configured = Template.fromStack(deployedApp({ workflow: { defaultMaxDeletions: 2_500 } }).stack);

  expect(planEnvironment(byDefault).DEFAULT_MAX_DELETIONS).toBe('100000');
  expect(planEnvironment(configured).DEFAULT_MAX_DELETIONS).toBe('2500');
});
