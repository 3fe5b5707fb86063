#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { CleanupStack } from '../lib/cleanup-stack';
import { refuseDuplicateKeysInCdkJson } from '../lib/config/cdk-json-keys';
import { parseStrictJson } from '../lib/json/parse-strict-json';
import { addSecurityChecks } from '../lib/security-checks';

try {
  refuseDuplicateKeysInCdkJson();
  const app = new App();
  new CleanupStack(app, app.node.tryGetContext('stackName') ?? 'RekognitionCleanup', {
    description: 'rekognition-cleanup: deletes Rekognition faces, collections and Custom Labels versions reliably.',
    workflow: { rekognitionTps: jsonContext(app, 'rekognitionTps') },
  });
  addSecurityChecks(app, { verbose: true });
  app.synth();
} catch (error) {
  // A configuration error (context, cdk.json, props validated at synth) is the message alone, for the person to
  // fix; the stack, for whoever debugs the app, with CDK_DEBUG=true.
  const debug = process.env.CDK_DEBUG === 'true';
  const text = error instanceof Error ? (debug ? error.stack : error.message) : String(error);
  process.stderr.write(`rekognition-cleanup: ${text}\n`);
  process.exit(1);
}

/** A context value given in cdk.json (an object) or with `-c key='{"...": ...}'` (a string). */
function jsonContext<T>(scope: App, key: string): T | undefined {
  const value: unknown = scope.node.tryGetContext(key);
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return parseStrictJson(value) as T;
  } catch (error) {
    throw new Error(
      `context ${key} must be JSON without duplicate keys, e.g. -c ${key}='{"*":5,"DeleteFaces":10}': ` +
        (error as Error).message,
    );
  }
}
