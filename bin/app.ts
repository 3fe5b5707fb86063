#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { CleanupStack } from '../lib/cleanup-stack';
import { addSecurityChecks } from '../lib/security-checks';

const app = new App();
new CleanupStack(app, app.node.tryGetContext('stackName') ?? 'RekognitionCleanup', {
  description: 'rekognition-cleanup: deletes Rekognition faces, collections and Custom Labels versions reliably.',
  workflow: { rekognitionTps: jsonContext(app, 'rekognitionTps') },
});
addSecurityChecks(app, { verbose: true });
app.synth();

/** A context value given in cdk.json (an object) or with `-c key='{"...": ...}'` (a string). */
function jsonContext<T>(scope: App, key: string): T | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    throw new Error(`context ${key} must be JSON, e.g. -c ${key}='{"*":5,"DeleteFaces":10}'`);
  }
}
