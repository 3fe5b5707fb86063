#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { CleanupStack } from '../lib/cleanup-stack';
import { addSecurityChecks } from '../lib/security-checks';

const app = new App();
new CleanupStack(app, app.node.tryGetContext('stackName') ?? 'RekognitionCleanup', {
  description: 'rekognition-cleanup: deletes Rekognition faces, collections and Custom Labels versions reliably.',
});
addSecurityChecks(app, { verbose: true });
app.synth();
