import {
  DescribeCollectionCommand,
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  ListCollectionsCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-rekognition';
import { ACCOUNT, cliHarness, sdkError } from './support/cli-harness';

const cli = cliHarness();
const REGION_ARN = `arn:aws:rekognition:eu-west-1:${ACCOUNT}`;
const collectionArn = (id: string) => `${REGION_ARN}:collection/${id}`;
const DOOR_CAM = `${REGION_ARN}:project/door-cam/1714550000000`;
const MODERATION = `${REGION_ARN}:project/mod-adapter/1714550000001`;
const version = (project: string, name: string, ts: number) => `${REGION_ARN}:project/${project}/version/${name}/${ts}`;

const tagsByArn: Record<string, Record<string, string>> = {
  [collectionArn('kiosk')]: { team: 'kiosk', 'cleanup:protect': 'TRUE' },
  [collectionArn('tmp-1')]: { team: 'tmp', 'legal-hold': 'yes' },
  [version('door-cam', 'v1', 1714557600000)]: { stage: 'retired' },
  [version('door-cam', 'v2', 1718181000000)]: { 'cleanup:protect': 'true' },
};

function account() {
  cli.mocks.rekognition
    .on(ListCollectionsCommand)
    .callsFake((input) =>
      input.NextToken === undefined
        ? { CollectionIds: ['tmp-1', 'kiosk'], FaceModelVersions: ['7.0', '6.0'], NextToken: 'c2' }
        : { CollectionIds: ['gone'], FaceModelVersions: ['7.0'] },
    );
  cli.mocks.rekognition.on(DescribeCollectionCommand).callsFake((input) => {
    if (input.CollectionId === 'gone') throw sdkError('ResourceNotFoundException');
    const big = input.CollectionId === 'tmp-1';
    return {
      CollectionARN: collectionArn(input.CollectionId),
      FaceCount: big ? 40960 : 12,
      UserCount: big ? 0 : 3,
      FaceModelVersion: big ? '7.0' : '6.0',
      CreationTimestamp: new Date(big ? '2026-10-01T08:15:00Z' : '2024-01-02T03:04:05Z'),
    };
  });
  cli.mocks.rekognition
    .on(ListTagsForResourceCommand)
    .callsFake((input) => ({ Tags: tagsByArn[input.ResourceArn] ?? {} }));
  cli.mocks.rekognition.on(DescribeProjectsCommand).callsFake((input) =>
    input.NextToken === undefined
      ? {
          ProjectDescriptions: [
            {
              ProjectArn: MODERATION,
              Feature: 'CONTENT_MODERATION',
              Status: 'CREATED',
              CreationTimestamp: new Date('2025-01-01T00:00:00Z'),
            },
          ],
          NextToken: 'p2',
        }
      : {
          ProjectDescriptions: [
            {
              ProjectArn: DOOR_CAM,
              Feature: 'CUSTOM_LABELS',
              Status: 'CREATED',
              CreationTimestamp: new Date('2024-05-01T09:00:00Z'),
            },
          ],
        },
  );
  cli.mocks.rekognition.on(DescribeProjectVersionsCommand).callsFake((input) => {
    if (input.ProjectArn !== DOOR_CAM) return { ProjectVersionDescriptions: [] };
    return input.NextToken === undefined
      ? {
          ProjectVersionDescriptions: [
            {
              ProjectVersionArn: version('door-cam', 'v1', 1714557600000),
              Status: 'STOPPED',
              CreationTimestamp: new Date('2024-05-01T10:00:00Z'),
              // Started once, then stopped: the units stay in the description, the bill does not.
              MinInferenceUnits: 2,
            },
          ],
          NextToken: 'v2',
        }
      : {
          ProjectVersionDescriptions: [
            {
              ProjectVersionArn: version('door-cam', 'v2', 1718181000000),
              Status: 'RUNNING',
              CreationTimestamp: new Date('2024-06-12T08:30:00Z'),
              MinInferenceUnits: 1,
              MaxInferenceUnits: 3,
            },
          ],
        };
  });
}

beforeEach(() => {
  cli.reset();
  account();
});

test('--json: every page of collections, projects and versions, with tags and the protection flag', async () => {
  const result = await cli.run(['inventory', '--json']);
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual({
    protectTag: { key: 'cleanup:protect', value: 'true' },
    collections: [
      {
        collectionId: 'kiosk',
        collectionArn: collectionArn('kiosk'),
        faceCount: 12,
        userCount: 3,
        faceModelVersion: '6.0',
        createdAt: '2024-01-02T03:04:05.000Z',
        tags: { team: 'kiosk', 'cleanup:protect': 'TRUE' },
        protected: true,
      },
      {
        collectionId: 'tmp-1',
        collectionArn: collectionArn('tmp-1'),
        faceCount: 40960,
        userCount: 0,
        faceModelVersion: '7.0',
        createdAt: '2026-10-01T08:15:00.000Z',
        tags: { team: 'tmp', 'legal-hold': 'yes' },
        protected: false,
      },
    ],
    projects: [
      {
        projectArn: DOOR_CAM,
        projectName: 'door-cam',
        feature: 'CUSTOM_LABELS',
        status: 'CREATED',
        createdAt: '2024-05-01T09:00:00.000Z',
        versions: [
          {
            versionArn: version('door-cam', 'v2', 1718181000000),
            versionName: 'v2',
            status: 'RUNNING',
            createdAt: '2024-06-12T08:30:00.000Z',
            inferenceUnits: { min: 1, max: 3 },
            estimatedHourlyCost: { min: 4, max: 12 },
            tags: { 'cleanup:protect': 'true' },
            protected: true,
          },
          {
            versionArn: version('door-cam', 'v1', 1714557600000),
            versionName: 'v1',
            status: 'STOPPED',
            createdAt: '2024-05-01T10:00:00.000Z',
            inferenceUnits: { min: 2 },
            tags: { stage: 'retired' },
            protected: false,
          },
        ],
      },
      {
        projectArn: MODERATION,
        projectName: 'mod-adapter',
        feature: 'CONTENT_MODERATION',
        status: 'CREATED',
        createdAt: '2025-01-01T00:00:00.000Z',
        versions: [],
      },
    ],
    running: { versions: 1, estimatedHourlyCost: { min: 4, max: 12 } },
    pricePerInferenceUnitHour: 4,
  });
  expect(cli.mocks.rekognition.commandCalls(ListCollectionsCommand).map((c) => c.args[0].input.NextToken)).toEqual([
    undefined,
    'c2',
  ]);
  const describeProjects = cli.mocks.rekognition.commandCalls(DescribeProjectsCommand).map((c) => c.args[0].input);
  expect(describeProjects.map((input) => input.NextToken)).toEqual([undefined, 'p2']);
  // Without Features, DescribeProjects hides adapters (CONTENT_MODERATION projects).
  for (const input of describeProjects)
    expect(input.Features).toEqual(expect.arrayContaining(['CUSTOM_LABELS', 'CONTENT_MODERATION']));
  expect(
    cli.mocks.rekognition
      .commandCalls(DescribeProjectVersionsCommand, { ProjectArn: DOOR_CAM })
      .map((c) => c.args[0].input.NextToken),
  ).toEqual([undefined, 'v2']);
});

test('--protect-tag-key/--protect-tag-value change what counts as protected', async () => {
  const result = await cli.run([
    'inventory',
    '--json',
    '--protect-tag-key',
    'legal-hold',
    '--protect-tag-value',
    'YES',
  ]);
  const inventory = JSON.parse(result.stdout);
  expect(inventory.protectTag).toEqual({ key: 'legal-hold', value: 'YES' });
  expect(
    inventory.collections.map((c: { collectionId: string; protected: boolean }) => [c.collectionId, c.protected]),
  ).toEqual([
    ['kiosk', false],
    ['tmp-1', true],
  ]);
});

test('the human table: sizes, ages, tags and protection at a glance', async () => {
  const result = await cli.run(['inventory']);
  expect(result.code).toBe(0);
  const lines = result.stdout.split('\n');
  expect(lines).toContain('Collections (2):');
  expect(lines.find((line) => line.includes('tmp-1'))).toMatch(
    /^ {2}tmp-1 +40,960 +0 +7\.0 +2026-10-01 08:15Z +no +legal-hold=yes, team=tmp$/,
  );
  expect(lines.find((line) => line.startsWith('  kiosk'))).toMatch(/ yes +cleanup:protect=TRUE, team=kiosk$/);
  expect(result.stdout).toContain('Projects (2, 2 versions):');
  expect(result.stdout).toContain('  door-cam  CUSTOM_LABELS  CREATED  created 2024-05-01 09:00Z');
  expect(lines.find((line) => line.includes(' v2 '))).toMatch(
    /RUNNING +2024-06-12 08:30Z +1-3 +4\.00-12\.00 +yes +cleanup:protect=true$/,
  );
  expect(lines.find((line) => line.includes(' v1 '))).toMatch(/STOPPED +2024-05-01 10:00Z +2 +- +no +stage=retired$/);
  expect(lines).toContain(
    'Running Custom Labels models: 1, estimated 4.00-12.00 USD per hour at 4.00 USD per inference unit-hour ' +
      "(an estimate: min to max inference units; the units in service are in CloudWatch's InServiceInferenceUnits; " +
      'set the price with --price-per-inference-unit-hour).',
  );
  expect(result.stdout).toContain('Protected (tag cleanup:protect=true): 2;');
});

describe('the ML team: status, inference units, cost', () => {
  test('--status RUNNING lists only running versions, and no collections (they have no status)', async () => {
    const result = await cli.run(['inventory', '--status', 'RUNNING', '--json']);
    expect(result.code).toBe(0);
    const inventory = JSON.parse(result.stdout);
    expect(inventory.collections).toBeUndefined();
    expect(inventory.statusFilter).toEqual(['RUNNING']);
    expect(inventory.projects.map((p: { projectName: string }) => p.projectName)).toEqual(['door-cam']);
    expect(inventory.projects[0].versions.map((v: { versionName: string }) => v.versionName)).toEqual(['v2']);
    // Not read at all: the filter saves the collection calls.
    expect(cli.mocks.rekognition.commandCalls(ListCollectionsCommand)).toHaveLength(0);
  });

  test('--status takes several statuses, repeated or comma-separated; a version in none of them is left out', async () => {
    const result = await cli.run(['inventory', '--status', 'STOPPED,STARTING', '--status', 'RUNNING']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Projects (1, 2 STOPPED or STARTING or RUNNING versions):');
    expect(result.stdout).toContain(
      'Collections: not listed (--status STOPPED,STARTING,RUNNING lists model versions only).',
    );
    const none = await cli.run(['inventory', '--status', 'TRAINING_IN_PROGRESS']);
    expect(none.stdout).toContain('Projects (0, 0 TRAINING_IN_PROGRESS versions):');
  });

  test('--price-per-inference-unit-hour sets the price the estimate uses', async () => {
    const result = await cli.run(['inventory', '--json', '--price-per-inference-unit-hour', '1.25']);
    const inventory = JSON.parse(result.stdout);
    expect(inventory.pricePerInferenceUnitHour).toBe(1.25);
    expect(inventory.running).toEqual({ versions: 1, estimatedHourlyCost: { min: 1.25, max: 3.75 } });
  });

  test.each([
    [['--status', 'running'], '--status "running" is not a model version status', 'did you mean RUNNING?'],
    [['--status', 'PAUSED'], '--status "PAUSED" is not a model version status', 'STOPPED'],
    [['--price-per-inference-unit-hour', 'free'], '--price-per-inference-unit-hour must be a positive number', ''],
    [['--price-per-inference-unit-hour', '0'], '--price-per-inference-unit-hour must be a positive number', ''],
  ])('%j is a usage error before any call', async (options, message, hint) => {
    const result = await cli.run(['inventory', ...options]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain(hint);
    expect(cli.awsCalls()).toBe(0);
  });
});

test('--rekognition-endpoint and --region reach the client factory', async () => {
  await cli.run(['inventory', '--json', '--rekognition-endpoint', 'http://127.0.0.1:4599', '--region', 'eu-west-1']);
  expect(cli.clientRequests).toEqual([{ region: 'eu-west-1', rekognitionEndpoint: 'http://127.0.0.1:4599' }]);
});

test('at most 8 Rekognition calls in flight, however many collections there are', async () => {
  const ids = Array.from({ length: 60 }, (_, i) => `c-${String(i).padStart(2, '0')}`);
  let inFlight = 0;
  let peak = 0;
  const slow = async <T>(value: T): Promise<T> => {
    inFlight += 1;
    peak = Math.max(peak, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2));
    inFlight -= 1;
    return value;
  };
  cli.mocks.rekognition.on(ListCollectionsCommand).callsFake(() => slow({ CollectionIds: ids }));
  cli.mocks.rekognition
    .on(DescribeCollectionCommand)
    .callsFake((input) => slow({ CollectionARN: collectionArn(input.CollectionId), FaceCount: 1 }));
  cli.mocks.rekognition.on(ListTagsForResourceCommand).callsFake(() => slow({ Tags: {} }));
  cli.mocks.rekognition.on(DescribeProjectsCommand).callsFake(() => slow({ ProjectDescriptions: [] }));

  const result = await cli.run(['inventory', '--json']);

  expect(JSON.parse(result.stdout).collections).toHaveLength(60);
  expect(peak).toBeGreaterThan(1);
  expect(peak).toBeLessThanOrEqual(8);
});

test('an unknown option is a usage error', async () => {
  const result = await cli.run(['inventory', '--all']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('unknown option --all');
  expect(cli.awsCalls()).toBe(0);
});
