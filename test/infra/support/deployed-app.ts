import * as fs from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { CleanupStack, type CleanupStackProps } from '../../../lib/cleanup-stack';

const CDK_JSON = path.join(__dirname, '..', '..', '..', 'cdk.json');

/**
 * The app as `cdk synth` builds it: cdk.json's context (feature flags such as minimizePolicies, and the example
 * retention policies), except that Lambda bundling is skipped (assets do not matter to these tests).
 */
export function deployedApp(props: CleanupStackProps = {}): { app: App; stack: CleanupStack } {
  const { context } = JSON.parse(fs.readFileSync(CDK_JSON, 'utf8')) as { context: Record<string, unknown> };
  const app = new App({ context: { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new CleanupStack(app, 'RekognitionCleanup', props);
  return { app, stack };
}
