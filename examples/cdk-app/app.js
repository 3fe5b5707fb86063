// A platform team's CDK app, with rekognition-cleanup added to a stack of its own. Install the package first:
//   npm install /path/to/rekognition-cleanup-0.1.0.tgz   (the tarball `npm pack` makes in the project)
const { App, CfnOutput, Duration, Stack } = require('aws-cdk-lib');
const { RekognitionCleanup } = require('rekognition-cleanup');

const app = new App();
const stack = new Stack(app, 'PlatformFaces', { description: 'Faces platform, with its Rekognition cleanup.' });

const cleanup = new RekognitionCleanup(stack, 'Cleanup', {
  workflow: { rekognitionTps: { '*': 5, DeleteFaces: 5 } },
  retentionPolicies: [
    {
      name: 'tmp-collections-30d',
      schedule: 'cron(0 3 * * ? *)',
      timeZone: 'UTC',
      dryRun: true,
      job: {
        maxDeletions: 100000,
        collections: [{ select: { prefix: 'tmp-', olderThanDays: 30 }, action: 'DELETE_FACES' }],
      },
    },
  ],
  erasureSla: Duration.hours(24),
});

// What the CLI needs to find it: `rekognition-cleanup run --state-machine-arn <this output> --input job.json`.
new CfnOutput(stack, 'CleanupStateMachineArn', {
  value: cleanup.stateMachine.stateMachineArn,
});

app.synth();
