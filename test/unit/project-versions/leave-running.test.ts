import {
  DeleteProjectVersionCommand,
  DescribeProjectVersionsCommand,
  ListTagsForResourceCommand,
  type ProjectVersionStatus,
  RekognitionClient,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import type { ProjectVersionTarget, VersionProgress, WorkItem } from '../../../lambdas/core/contracts';
import { advanceProjectVersion } from '../../../lambdas/core/project-versions/advance-project-version';

/** A selector's target without stopRunning: planned while stopped, found serving when the worker acts. */
const VERSION_ARN = 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/version/v1/1714557600000';
const TARGET: ProjectVersionTarget = {
  versionArn: VERSION_ARN,
  projectArn: 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/1714550000000',
  versionName: 'v1',
  statusAtPlan: 'STOPPED',
  reasons: ['projectVersions[0]: every version of project "door-cam"'],
  leaveRunning: true,
};
const client = new RekognitionClient({ region: 'eu-west-1' });
const mock = mockClient(client);

function advance(status: ProjectVersionStatus, target: ProjectVersionTarget = TARGET) {
  mock.on(DescribeProjectVersionsCommand).resolves({
    ProjectVersionDescriptions: [{ ProjectVersionArn: VERSION_ARN, Status: status }],
  });
  const item = { target, executionId: 'e', dryRun: false, progress: { done: false } } as WorkItem<
    ProjectVersionTarget,
    VersionProgress
  >;
  return advanceProjectVersion(
    client,
    item,
    { protectTagKey: 'cleanup:protect', protectTagValue: 'true' },
    { maxPolls: 50, maxWaitSeconds: 3600 },
    new Date('2026-03-01T12:00:00.000Z'),
  );
}

beforeEach(() => {
  mock.reset();
  mock.on(ListTagsForResourceCommand).resolves({ Tags: {} });
  mock.on(StopProjectVersionCommand).resolves({ Status: 'STOPPING' });
  mock.on(DeleteProjectVersionCommand).resolves({ Status: 'DELETING' });
});

test.each(['RUNNING', 'STARTING'] as const)(
  'started since the plan (%s): left alone, SKIPPED_RUNNING',
  async (status) => {
    expect(await advance(status)).toMatchObject({ done: true, outcome: 'SKIPPED_RUNNING', stopRequested: false });
    expect(mock.commandCalls(StopProjectVersionCommand)).toHaveLength(0);
    expect(mock.commandCalls(DeleteProjectVersionCommand)).toHaveLength(0);
  },
);

test('still stopped: deleted as usual', async () => {
  expect(await advance('STOPPED')).toMatchObject({ done: false, deleteRequested: true });
  expect(mock.commandCalls(DeleteProjectVersionCommand)).toHaveLength(1);
});

test('without leaveRunning (explicit arns, stopRunning) a running version is stopped', async () => {
  const { leaveRunning: _, ...mayStop } = TARGET;
  expect(await advance('RUNNING', mayStop)).toMatchObject({ done: false, stopRequested: true });
  expect(mock.commandCalls(StopProjectVersionCommand)).toHaveLength(1);
});
