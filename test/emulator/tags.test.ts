import {
  CreateProjectCommand,
  CreateProjectVersionCommand,
  ListTagsForResourceCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
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

describe('emulator: tags', () => {
  let test: TestEmulator;
  const collectionArn = 'arn:aws:rekognition:us-east-1:123456789012:collection/tagged';
  beforeAll(async () => {
    test = await startTestEmulator({ seed: { collections: [{ id: 'tagged', tags: { env: 'test' } }] } });
  });
  afterAll(() => stopTestEmulator(test));

  const listTags = async (arn: string | undefined) =>
    (await test.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags;

  it('tags, lists and untags collections, projects and project versions', async () => {
    const { ProjectArn } = await test.client.send(new CreateProjectCommand({ ProjectName: 'tagme', Tags: { p: '1' } }));
    const { ProjectVersionArn } = await test.client.send(
      new CreateProjectVersionCommand({
        ProjectArn,
        VersionName: 'v1',
        OutputConfig: { S3Bucket: 'bkt' },
        Tags: { v: '1' },
      }),
    );
    expect(await listTags(collectionArn)).toEqual({ env: 'test' });
    expect(await listTags(ProjectArn)).toEqual({ p: '1' });
    expect(await listTags(ProjectVersionArn)).toEqual({ v: '1' });
    for (const arn of [collectionArn, ProjectArn, ProjectVersionArn]) {
      await test.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { added: 'yes', env: 'prod' } }));
      await test.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['added', 'never-there'] }));
      expect(await listTags(arn)).toMatchObject({ env: 'prod' });
      expect(await listTags(arn)).not.toHaveProperty('added');
    }
  });

  it('answers ResourceNotFoundException for an ARN that names nothing', async () => {
    const missing = await caught(() => listTags('arn:aws:rekognition:us-east-1:123456789012:collection/nope'));
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
    const otherAccount = await caught(() => listTags('arn:aws:rekognition:us-east-1:999999999999:collection/tagged'));
    expect(otherAccount).toBeInstanceOf(ResourceNotFoundException);
  });

  it('enforces tag rules: at most 50 tags, no aws: prefix', async () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    const quota = await caught(() =>
      test.client.send(new TagResourceCommand({ ResourceArn: collectionArn, Tags: many })),
    );
    expect(quota).toBeInstanceOf(ServiceQuotaExceededException);
    const reserved = await caught(() =>
      test.client.send(new TagResourceCommand({ ResourceArn: collectionArn, Tags: { 'aws:owner': 'x' } })),
    );
    expectValidationError(reserved, 'tags');
    expect(await listTags(collectionArn)).toEqual({ env: 'prod' });
  });
});
