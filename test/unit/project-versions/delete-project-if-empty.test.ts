import {
  DeleteProjectCommand,
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import type { ProjectProgress, ProjectTarget, WorkItem } from '../../../lambdas/core/contracts';
import { RekognitionUnavailableError, UnsafeOperationError } from '../../../lambdas/core/errors';
import { deleteProjectIfEmpty } from '../../../lambdas/core/project-versions/delete-project-if-empty';

const PROJECT_ARN = 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/1714550000000';
const client = new RekognitionClient({ region: 'eu-west-1' });
const mock = mockClient(client);
const sdkError = (name: string, httpStatusCode = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
/** No default for dryRun: `undefined` must reach the worker as it would from a broken caller. */
const item = (dryRun: boolean | undefined) =>
  ({
    target: { projectArn: PROJECT_ARN, source: 'projectVersions[0]' },
    executionId: 'e',
    dryRun,
    progress: { done: false },
  }) as WorkItem<ProjectTarget, ProjectProgress>;
const version = (n: number) => ({
  ProjectVersionArn: `arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/version/v${n}/${n}`,
});

beforeEach(() => {
  mock.reset();
  mock.on(DeleteProjectCommand).resolves({ Status: 'DELETING' });
  mock.on(DescribeProjectsCommand).resolves({ ProjectDescriptions: [{ ProjectArn: PROJECT_ARN, Status: 'CREATED' }] });
});

test('no version left: the project is deleted', async () => {
  mock.on(DescribeProjectVersionsCommand).resolves({ ProjectVersionDescriptions: [] });
  expect(await deleteProjectIfEmpty(client, item(false))).toEqual({ done: true, outcome: 'DELETED' });
  expect(mock.commandCalls(DeleteProjectCommand)[0]?.args[0].input).toEqual({ ProjectArn: PROJECT_ARN });
});

test('versions left (on any page): NOT_EMPTY with the count, and the project is kept', async () => {
  mock
    .on(DescribeProjectVersionsCommand)
    .resolvesOnce({ ProjectVersionDescriptions: [], NextToken: 't1' })
    .resolvesOnce({ ProjectVersionDescriptions: [version(1), version(2)], NextToken: 't2' })
    .resolves({ ProjectVersionDescriptions: [version(3)] });
  expect(await deleteProjectIfEmpty(client, item(false))).toEqual({
    done: true,
    outcome: 'NOT_EMPTY',
    remainingVersions: 3,
  });
  expect(mock.commandCalls(DeleteProjectCommand)).toHaveLength(0);
  expect(mock.commandCalls(DescribeProjectVersionsCommand).map((c) => c.args[0].input.NextToken)).toEqual([
    undefined,
    't1',
    't2',
  ]);
});

test("a project someone is already deleting: ALREADY_ABSENT, not counted as this job's deletion", async () => {
  mock.on(DescribeProjectVersionsCommand).resolves({ ProjectVersionDescriptions: [] });
  mock.on(DescribeProjectsCommand).resolves({ ProjectDescriptions: [{ ProjectArn: PROJECT_ARN, Status: 'DELETING' }] });
  expect(await deleteProjectIfEmpty(client, item(false))).toEqual({ done: true, outcome: 'ALREADY_ABSENT' });
  expect(mock.commandCalls(DeleteProjectCommand)).toHaveLength(0);
  expect(mock.commandCalls(DescribeProjectsCommand)[0]?.args[0].input).toMatchObject({ ProjectNames: ['door-cam'] });
});

test('the project is gone: ALREADY_ABSENT, nothing deleted', async () => {
  mock.on(DescribeProjectVersionsCommand).rejects(sdkError('ResourceNotFoundException'));
  expect(await deleteProjectIfEmpty(client, item(false))).toEqual({ done: true, outcome: 'ALREADY_ABSENT' });
  expect(mock.commandCalls(DeleteProjectCommand)).toHaveLength(0);
});

test('deleted by someone between the listing and the delete: ALREADY_ABSENT', async () => {
  mock.on(DescribeProjectVersionsCommand).resolves({ ProjectVersionDescriptions: [] });
  mock.on(DeleteProjectCommand).rejects(sdkError('ResourceNotFoundException'));
  expect(await deleteProjectIfEmpty(client, item(false))).toEqual({ done: true, outcome: 'ALREADY_ABSENT' });
});

test('in use (a version appeared meanwhile): NOT_EMPTY', async () => {
  mock.on(DescribeProjectVersionsCommand).resolves({ ProjectVersionDescriptions: [] });
  mock.on(DeleteProjectCommand).rejects(sdkError('ResourceInUseException'));
  expect(await deleteProjectIfEmpty(client, item(false))).toEqual({ done: true, outcome: 'NOT_EMPTY' });
});

test('a server fault is classified for the state machine', async () => {
  mock.on(DescribeProjectVersionsCommand).rejects(sdkError('InternalServerError', 500));
  await expect(deleteProjectIfEmpty(client, item(false))).rejects.toBeInstanceOf(RekognitionUnavailableError);
});

test.each([true, undefined])('dryRun %s: UnsafeOperationError before any call', async (dryRun) => {
  await expect(deleteProjectIfEmpty(client, item(dryRun))).rejects.toBeInstanceOf(UnsafeOperationError);
  expect(mock.calls()).toHaveLength(0);
});
