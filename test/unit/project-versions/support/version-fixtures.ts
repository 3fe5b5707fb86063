import {
  DescribeProjectVersionsCommand,
  type ProjectVersionStatus,
  RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';
import type { ProjectVersionTarget, VersionProgress, WorkItem } from '../../../../lambdas/core/contracts';

/** The one version the advance tests (DELETE and STOP) work on, and the mocked client they share per test file. */
export const PROJECT_ARN = 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/1714550000000';
export const VERSION_ARN = 'arn:aws:rekognition:eu-west-1:123456789012:project/door-cam/version/v1/1714557600000';
export const PROTECTION = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };
export const POLLING = { maxPolls: 50, maxWaitSeconds: 3600 };
export const NOW = new Date('2026-03-01T12:00:00.000Z');

export function versionTarget(overrides: Partial<ProjectVersionTarget> = {}): ProjectVersionTarget {
  return {
    versionArn: VERSION_ARN,
    projectArn: PROJECT_ARN,
    versionName: 'v1',
    statusAtPlan: 'RUNNING',
    reasons: ['projectVersions[0]: listed by ARN'],
    ...overrides,
  };
}

export const client = new RekognitionClient({ region: 'eu-west-1' });
export const mock = mockClient(client);
export const sdkError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });
export const calls = (command: Parameters<typeof mock.commandCalls>[0]) => mock.commandCalls(command).length;

export function workItem(
  target: ProjectVersionTarget,
  progress: VersionProgress | { done: false } = { done: false },
  dryRun = false,
) {
  return { target, executionId: 'exec-1', dryRun, progress } as WorkItem<ProjectVersionTarget, VersionProgress>;
}

/** Progress after the first poll, the state most cases start from. */
export function later(overrides: Partial<VersionProgress> = {}): VersionProgress {
  return {
    done: false,
    wait: 'SHORT',
    polls: 1,
    stopRequested: false,
    deleteRequested: false,
    firstPollAt: '2026-03-01T11:59:00.000Z',
    ...overrides,
  };
}

export function describeAs(status: string | undefined, arn = VERSION_ARN) {
  mock.on(DescribeProjectVersionsCommand).resolves({
    ProjectVersionDescriptions: [
      { ProjectVersionArn: arn, ...(status !== undefined ? { Status: status as ProjectVersionStatus } : {}) },
    ],
  });
}
