import { App } from 'aws-cdk-lib';
import { CleanupStack, type CleanupStackProps } from '../lib/cleanup-stack';
import type { CloudFormationTemplate } from '../local/runner/definition-from-template';

export type { CloudFormationTemplate };

const cache = new Map<string, CloudFormationTemplate>();

/**
 * Synthesis is for the build (scripts/build.ts writes dist/workflow.json from it), the tests and the source tree's
 * local runs: the compiled CLI never loads aws-cdk-lib, it reads that artefact.
 *
 * Synthesizes the stack in-process, exactly as `cdk synth` does, except that Lambda bundling is skipped: the runner
 * executes the handlers' source, so bundles are not needed, and synth stays fast. The state machine definition is
 * the same one that deploys.
 */
export function synthCleanupTemplate(props: CleanupStackProps = {}): CloudFormationTemplate {
  const key = JSON.stringify(props);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new CleanupStack(app, 'RekognitionCleanup', props);
  const template = app.synth().getStackByName(stack.stackName).template as CloudFormationTemplate;
  cache.set(key, template);
  return template;
}
