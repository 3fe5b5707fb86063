import { App } from 'aws-cdk-lib';
import { CleanupStack, type CleanupStackProps } from '../../lib/cleanup-stack';

/** The parts of a synthesized template the runner reads; values are CloudFormation JSON, checked where used. */
export interface CloudFormationTemplate {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- template JSON is loosely shaped; readers check what they use.
  Resources: Record<string, { Type: string; Properties?: any; Metadata?: any }>;
}

const cache = new Map<string, CloudFormationTemplate>();

/**
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
