import {
  CreateProjectCommand,
  CreateProjectVersionCommand,
  DeleteProjectCommand,
  DeleteProjectVersionCommand,
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  InvalidPaginationTokenException,
  ResourceInUseException,
  ResourceNotFoundException,
  StartProjectVersionCommand,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import type { World } from '../../local/emulator';
import {
  caught,
  expectValidationError,
  sleep,
  startTestEmulator,
  stopTestEmulator,
  type TestEmulator,
} from './emulator-test-kit';

// Long enough that a loaded CI machine does not miss a transitional status between two calls.
const TRANSITION_MS = 200;
const ARN_PREFIX = 'arn:aws:rekognition:us-east-1:123456789012:project/';
const OUTPUT = { S3Bucket: 'models-bucket', S3KeyPrefix: 'out/' };
/** Seeded statuses; transitional ones settle `transitionMs` after the emulator starts. */
const SEED: World = {
  projects: [
    {
      name: 'seeded',
      createdDaysAgo: 100,
      tags: { owner: 'ml' },
      versions: [
        { name: 'running', status: 'RUNNING', createdDaysAgo: 90, minInferenceUnits: 2 },
        { name: 'training', status: 'TRAINING_IN_PROGRESS', createdDaysAgo: 1 },
        { name: 'failing', status: 'TRAINING_IN_PROGRESS', trainingResult: 'TRAINING_FAILED', createdDaysAgo: 2 },
        { name: 'leaving', status: 'DELETING', createdDaysAgo: 3 },
        { name: 'broken', status: 'FAILED', createdDaysAgo: 50, statusMessage: 'quota' },
      ],
    },
    { name: 'moderation', feature: 'CONTENT_MODERATION', createdDaysAgo: 5 },
    { name: 'vanishing', status: 'DELETING' },
  ],
};

describe('emulator: projects and model versions', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator({
      transitionMs: TRANSITION_MS,
      seed: SEED,
    });
  });
  afterAll(() => stopTestEmulator(test));

  const describeVersions = (projectArn: string | undefined, names?: string[]) =>
    test.client.send(new DescribeProjectVersionsCommand({ ProjectArn: projectArn, VersionNames: names }));
  const statusOf = async (projectArn: string | undefined, name: string) =>
    (await describeVersions(projectArn, [name])).ProjectVersionDescriptions?.[0]?.Status;

  it('runs the whole lifecycle: train, start, stop, delete the version, delete the project', async () => {
    const { ProjectArn } = await test.client.send(new CreateProjectCommand({ ProjectName: 'lifecycle' }));
    expect(ProjectArn).toMatch(new RegExp(`^${ARN_PREFIX}lifecycle/\\d{13}$`));
    const { ProjectVersionArn } = await test.client.send(
      new CreateProjectVersionCommand({ ProjectArn, VersionName: 'v1', OutputConfig: OUTPUT, Tags: { a: 'b' } }),
    );
    expect(ProjectVersionArn).toMatch(new RegExp(`^${ARN_PREFIX}lifecycle/version/v1/\\d{13}$`));
    expect(await statusOf(ProjectArn, 'v1')).toBe('TRAINING_IN_PROGRESS');
    await sleep(TRANSITION_MS + 10);
    const trained = (await describeVersions(ProjectArn)).ProjectVersionDescriptions?.[0];
    expect(trained).toMatchObject({
      Status: 'TRAINING_COMPLETED',
      OutputConfig: OUTPUT,
      StatusMessage: expect.any(String),
    });
    expect(trained?.TrainingEndTimestamp).toBeInstanceOf(Date);

    const start = () => test.client.send(new StartProjectVersionCommand({ ProjectVersionArn, MinInferenceUnits: 1 }));
    expect((await start()).Status).toBe('STARTING');
    expect(await caught(start)).toBeInstanceOf(ResourceInUseException);
    const remove = () => test.client.send(new DeleteProjectVersionCommand({ ProjectVersionArn }));
    expect(await caught(remove)).toBeInstanceOf(ResourceInUseException);
    await sleep(TRANSITION_MS + 10);
    expect(await statusOf(ProjectArn, 'v1')).toBe('RUNNING');
    expect(await caught(remove)).toBeInstanceOf(ResourceInUseException);

    const stop = () => test.client.send(new StopProjectVersionCommand({ ProjectVersionArn }));
    expect((await stop()).Status).toBe('STOPPING');
    expect(await caught(remove)).toBeInstanceOf(ResourceInUseException);
    await sleep(TRANSITION_MS + 10);
    expect(await statusOf(ProjectArn, 'v1')).toBe('STOPPED');
    expect(await caught(stop)).toBeInstanceOf(ResourceInUseException);

    const deleteProject = () => test.client.send(new DeleteProjectCommand({ ProjectArn }));
    expect(await caught(deleteProject)).toBeInstanceOf(ResourceInUseException);
    expect((await remove()).Status).toBe('DELETING');
    expect((await remove()).Status).toBe('DELETING');
    await sleep(TRANSITION_MS + 10);
    expect((await describeVersions(ProjectArn)).ProjectVersionDescriptions).toEqual([]);
    expect(await caught(remove)).toBeInstanceOf(ResourceNotFoundException);

    expect((await deleteProject()).Status).toBe('DELETING');
    const deleting = await test.client.send(new DescribeProjectsCommand({ ProjectNames: ['lifecycle'] }));
    expect(deleting.ProjectDescriptions?.[0]?.Status).toBe('DELETING');
    await sleep(TRANSITION_MS + 10);
    const gone = await test.client.send(new DescribeProjectsCommand({ ProjectNames: ['lifecycle'] }));
    expect(gone.ProjectDescriptions).toEqual([]);
    expect(await caught(deleteProject)).toBeInstanceOf(ResourceNotFoundException);
  });

  it('stops a version that is still STARTING', async () => {
    const { ProjectArn } = await test.client.send(new CreateProjectCommand({ ProjectName: 'quick-stop' }));
    const { ProjectVersionArn } = await test.client.send(
      new CreateProjectVersionCommand({ ProjectArn, VersionName: 'v1', OutputConfig: OUTPUT }),
    );
    await sleep(TRANSITION_MS + 10);
    await test.client.send(new StartProjectVersionCommand({ ProjectVersionArn, MinInferenceUnits: 1 }));
    expect((await test.client.send(new StopProjectVersionCommand({ ProjectVersionArn }))).Status).toBe('STOPPING');
    expect(test.emulator.world.versionByArn(ProjectVersionArn ?? '')?.status).toBe('STOPPING');
  });

  it('settles seeded statuses: training completes or fails, DELETING disappears, others stay', async () => {
    // A world of its own with slower transitions, so nothing settles before the first look.
    const slow = await startTestEmulator({ transitionMs: 400, seed: SEED });
    const describeSlow = async (projectArn: string | undefined) =>
      (await slow.client.send(new DescribeProjectVersionsCommand({ ProjectArn: projectArn })))
        .ProjectVersionDescriptions ?? [];
    const project = (await slow.client.send(new DescribeProjectsCommand({ ProjectNames: ['seeded'] })))
      .ProjectDescriptions?.[0];
    const before = await describeSlow(project?.ProjectArn);
    expect(before.map((version) => version.Status)).toEqual([
      'TRAINING_IN_PROGRESS',
      'TRAINING_IN_PROGRESS',
      'DELETING',
      'FAILED',
      'RUNNING',
    ]);
    expect(before[3]?.StatusMessage).toBe('quota');
    expect(before[4]?.MinInferenceUnits).toBe(2);
    await sleep(410);
    const after = await describeSlow(project?.ProjectArn);
    expect(after.map((version) => [version.ProjectVersionArn?.split('/')[3], version.Status])).toEqual([
      ['training', 'TRAINING_COMPLETED'],
      ['failing', 'TRAINING_FAILED'],
      ['broken', 'FAILED'],
      ['running', 'RUNNING'],
    ]);
    const vanished = await slow.client.send(new DescribeProjectsCommand({ ProjectNames: ['vanishing'] }));
    expect(vanished.ProjectDescriptions).toEqual([]);
    await stopTestEmulator(slow);
  });

  it('describes projects with features and filters, newest first, page by page', async () => {
    const all = await test.client.send(new DescribeProjectsCommand({}));
    const created = all.ProjectDescriptions?.map((project) => project.CreationTimestamp?.getTime() ?? 0) ?? [];
    expect(created).toEqual([...created].sort((a, b) => b - a));
    const moderation = await test.client.send(new DescribeProjectsCommand({ Features: ['CONTENT_MODERATION'] }));
    expect(moderation.ProjectDescriptions).toEqual([
      {
        ProjectArn: expect.stringContaining(`${ARN_PREFIX}moderation/`),
        CreationTimestamp: expect.any(Date),
        Status: 'CREATED',
        Datasets: [],
        Feature: 'CONTENT_MODERATION',
      },
    ]);
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await test.client.send(new DescribeProjectsCommand({ MaxResults: 1, NextToken: token }));
      names.push(...(page.ProjectDescriptions ?? []).map((project) => project.ProjectArn ?? ''));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(all.ProjectDescriptions?.map((project) => project.ProjectArn));
    for (const input of [{ MaxResults: 101 }, { ProjectNames: Array.from({ length: 11 }, (_, i) => `p${i}`) }]) {
      expectValidationError(await caught(() => test.client.send(new DescribeProjectsCommand(input))));
    }
    const badToken = await caught(() => test.client.send(new DescribeProjectsCommand({ NextToken: 'abc' })));
    expect(badToken).toBeInstanceOf(InvalidPaginationTokenException);
  });

  it('pages DescribeProjectVersions newest first and validates its limits', async () => {
    const { ProjectArn } = await test.client.send(new CreateProjectCommand({ ProjectName: 'many' }));
    for (const name of ['a', 'b', 'c']) {
      await test.client.send(new CreateProjectVersionCommand({ ProjectArn, VersionName: name, OutputConfig: OUTPUT }));
      await sleep(2);
    }
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await test.client.send(
        new DescribeProjectVersionsCommand({ ProjectArn, MaxResults: 2, NextToken: token }),
      );
      names.push(...(page.ProjectVersionDescriptions ?? []).map((v) => v.ProjectVersionArn?.split('/')[3] ?? ''));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(['c', 'b', 'a']);
    const tooMany = Array.from({ length: 11 }, (_, i) => `v${i}`);
    for (const input of [{ MaxResults: 0 }, { VersionNames: tooMany }]) {
      const error = await caught(() => test.client.send(new DescribeProjectVersionsCommand({ ProjectArn, ...input })));
      expectValidationError(error);
    }
    const missing = await caught(() => describeVersions(`${ARN_PREFIX}nope/1700000000000`));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('refuses duplicates and bad names', async () => {
    const duplicate = await caught(() => test.client.send(new CreateProjectCommand({ ProjectName: 'moderation' })));
    expect(duplicate).toBeInstanceOf(ResourceInUseException);
    const badName = await caught(() => test.client.send(new CreateProjectCommand({ ProjectName: 'has space' })));
    expectValidationError(badName, 'projectName');
    const project = (await test.client.send(new DescribeProjectsCommand({ ProjectNames: ['seeded'] })))
      .ProjectDescriptions?.[0];
    const version = await caught(() =>
      test.client.send(
        new CreateProjectVersionCommand({
          ProjectArn: project?.ProjectArn,
          VersionName: 'running',
          OutputConfig: OUTPUT,
        }),
      ),
    );
    expect(version).toBeInstanceOf(ResourceInUseException);
    const unknownVersion = await caught(() =>
      test.client.send(
        new StopProjectVersionCommand({ ProjectVersionArn: `${ARN_PREFIX}seeded/version/zzz/1700000000000` }),
      ),
    );
    expect(unknownVersion).toBeInstanceOf(ResourceNotFoundException);
  });
});
