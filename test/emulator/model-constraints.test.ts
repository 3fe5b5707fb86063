/**
 * Where the emulator was stricter or looser than the service model, and the order and shape of its errors
 * (issue 12, items 5-9). The exhaustive check against the model itself is conformance/conformance.test.ts.
 */
import {
  CreateProjectCommand,
  CreateProjectVersionCommand,
  type CreateProjectVersionCommandInput,
  DeleteProjectCommand,
  DeleteProjectVersionCommand,
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  ListFacesCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  StartProjectVersionCommand,
  StopProjectVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-rekognition';
import {
  caught,
  expectValidationError,
  startTestEmulator,
  stopTestEmulator,
  type TestEmulator,
} from './emulator-test-kit';

const ACCOUNT = 'arn:aws:rekognition:us-east-1:123456789012';
const COLLECTION_ARN = `${ACCOUNT}:collection/people`;
const MISSING_PROJECT_ARN = `${ACCOUNT}:project/missing/1700000000000`;
const MISSING_VERSION_ARN = `${ACCOUNT}:project/missing/version/v1/1700000000000`;

describe('emulator: model constraints', () => {
  let test: TestEmulator;
  let projectArn: string;
  beforeAll(async () => {
    test = await startTestEmulator({ seed: { collections: [{ id: 'people' }], projects: [{ name: 'labels' }] } });
    projectArn = test.emulator.world.project('labels')?.arn ?? '';
  });
  afterAll(() => stopTestEmulator(test));

  it('accepts every ProjectName the model allows, dots and leading _ or - included', async () => {
    for (const name of ['my.project', '_underscore', '-dash', '...']) {
      await test.client.send(new CreateProjectCommand({ ProjectName: name }));
      const found = await test.client.send(new DescribeProjectsCommand({ ProjectNames: [name] }));
      expect(found.ProjectDescriptions?.map((project) => project.ProjectArn)).toEqual([
        test.emulator.world.project(name)?.arn,
      ]);
    }
  });

  it('checks ProjectArn and ProjectVersionArn against the model patterns in all six operations', async () => {
    const calls = [
      () => test.client.send(new DeleteProjectCommand({ ProjectArn: COLLECTION_ARN })),
      () => test.client.send(new DescribeProjectVersionsCommand({ ProjectArn: COLLECTION_ARN })),
      () =>
        test.client.send(
          new CreateProjectVersionCommand({ ProjectArn: COLLECTION_ARN, VersionName: 'v', OutputConfig: {} }),
        ),
      () => test.client.send(new StartProjectVersionCommand({ ProjectVersionArn: projectArn, MinInferenceUnits: 1 })),
      () => test.client.send(new StopProjectVersionCommand({ ProjectVersionArn: COLLECTION_ARN })),
      () => test.client.send(new DeleteProjectVersionCommand({ ProjectVersionArn: projectArn })),
    ];
    for (const call of calls) expect((await caught(call)).name).toBe('ValidationException');
    expectValidationError(await caught(calls[0] as () => Promise<unknown>), 'projectArn');
    expectValidationError(await caught(calls[3] as () => Promise<unknown>), 'projectVersionArn');
  });

  describe('CreateProjectVersion checks every member the model constrains', () => {
    const s3 = (s3Object: object) => ({ Assets: [{ GroundTruthManifest: { S3Object: s3Object } }] });
    const cases: [string, Partial<CreateProjectVersionCommandInput>][] = [
      ['trainingData.assets.1.member.groundTruthManifest.s3Object.bucket', { TrainingData: s3({ Bucket: 'a!' }) }],
      ['trainingData.assets.1.member.groundTruthManifest.s3Object.name', { TrainingData: s3({ Name: '' }) }],
      ['testingData.assets.1.member.groundTruthManifest.s3Object.version', { TestingData: s3({ Version: '' }) }],
      ['outputConfig.s3Bucket', { OutputConfig: { S3Bucket: 'no' } }],
      ['kmsKeyId', { KmsKeyId: '-starts-with-a-dash' }],
      ['versionDescription', { VersionDescription: 'no #hashes' }],
      [
        'featureConfig.contentModeration.confidenceThreshold',
        { FeatureConfig: { ContentModeration: { ConfidenceThreshold: 101 } } },
      ],
      ['tags', { Tags: { 'aws:reserved': 'x' } }],
    ];
    it.each(cases)('refuses a bad %s', async (member, change) => {
      const input = { ProjectArn: projectArn, VersionName: 'v1', OutputConfig: { S3Bucket: 'models' }, ...change };
      expectValidationError(await caught(() => test.client.send(new CreateProjectVersionCommand(input))), member);
      expect(test.emulator.world.project('labels')?.versions.size).toBe(0);
    });
  });

  it('lets UntagResource name up to 200 keys, as the model does', async () => {
    const keys = (count: number) => Array.from({ length: count }, (_, i) => `k${i}`);
    await test.client.send(new TagResourceCommand({ ResourceArn: projectArn, Tags: { k0: 'x', keep: 'y' } }));
    await test.client.send(new UntagResourceCommand({ ResourceArn: projectArn, TagKeys: keys(200) }));
    const left = await test.client.send(new ListTagsForResourceCommand({ ResourceArn: projectArn }));
    expect(left.Tags).toEqual({ keep: 'y' });
    const tooMany = await caught(() =>
      test.client.send(new UntagResourceCommand({ ResourceArn: projectArn, TagKeys: keys(201) })),
    );
    expectValidationError(tooMany, 'tagKeys');
  });

  it('validates the whole request before looking anything up', async () => {
    const calls: [string, () => Promise<unknown>][] = [
      ['maxResults', () => test.client.send(new ListFacesCommand({ CollectionId: 'missing', MaxResults: 5000 }))],
      [
        'versionNames',
        () =>
          test.client.send(new DescribeProjectVersionsCommand({ ProjectArn: MISSING_PROJECT_ARN, VersionNames: [] })),
      ],
      [
        'maxInferenceUnits',
        () =>
          test.client.send(
            new StartProjectVersionCommand({
              ProjectVersionArn: MISSING_VERSION_ARN,
              MinInferenceUnits: 1,
              MaxInferenceUnits: 0,
            }),
          ),
      ],
      [
        'tagKeys',
        () => test.client.send(new UntagResourceCommand({ ResourceArn: `${COLLECTION_ARN}x`, TagKeys: ['aws:x'] })),
      ],
    ];
    for (const [member, call] of calls) expectValidationError(await caught(call), member);
  });

  it('reports every violation of a request in one message', async () => {
    const error = await caught(() =>
      test.client.send(new ListFacesCommand({ CollectionId: 'bad id', MaxResults: 5000, UserId: '' })),
    );
    expectValidationError(error, 'collectionId');
    // Like the service, one entry per broken constraint: the empty UserId breaks its length and its pattern.
    expect(error.message).toMatch(/^4 validation errors detected: /);
    expect(error.message).toContain("at 'maxResults'");
    expect(error.message).toContain("at 'userId'");
  });

  it('sends Message, Code and Logref in error bodies, which the SDK exposes', async () => {
    const error = (await caught(() =>
      test.client.send(new DescribeProjectVersionsCommand({ ProjectArn: MISSING_PROJECT_ARN })),
    )) as ResourceNotFoundException;
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.Code).toBe('ResourceNotFoundException');
    expect(error.Logref).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The SDK declares `Message` on the class but puts the body's Message in `message`.
    expect(error.message).toContain(MISSING_PROJECT_ARN);
  });
});
