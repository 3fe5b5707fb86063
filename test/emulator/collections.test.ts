import {
  CreateCollectionCommand,
  DeleteCollectionCommand,
  DescribeCollectionCommand,
  InvalidPaginationTokenException,
  InvalidParameterException,
  ListCollectionsCommand,
  ListFacesCommand,
  ListTagsForResourceCommand,
  ResourceAlreadyExistsException,
  ResourceNotFoundException,
} from '@aws-sdk/client-rekognition';
import {
  caught,
  expectValidationError,
  startTestEmulator,
  stopTestEmulator,
  type TestEmulator,
} from './emulator-test-kit';

describe('emulator: collections', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator({
      seed: {
        collections: [
          {
            id: 'old',
            createdDaysAgo: 40,
            faceModelVersion: '4.0',
            faces: [{ externalImageId: 'a' }, { userId: 'u1' }],
          },
          { id: 'dated', createdAt: '2024-01-31T12:00:00Z' },
        ],
      },
    });
  });
  afterAll(() => stopTestEmulator(test));

  it('creates a collection, returning the ARN without its arn: prefix as the real service does', async () => {
    const created = await test.client.send(
      new CreateCollectionCommand({ CollectionId: 'new-1', Tags: { team: 'hr' } }),
    );
    expect(created).toMatchObject({
      StatusCode: 200,
      CollectionArn: 'aws:rekognition:us-east-1:123456789012:collection/new-1',
      FaceModelVersion: '7.0',
    });
    const tags = await test.client.send(
      new ListTagsForResourceCommand({ ResourceArn: 'arn:aws:rekognition:us-east-1:123456789012:collection/new-1' }),
    );
    expect(tags.Tags).toEqual({ team: 'hr' });
  });

  it('refuses an existing id with ResourceAlreadyExistsException', async () => {
    const error = await caught(() => test.client.send(new CreateCollectionCommand({ CollectionId: 'old' })));
    expect(error).toBeInstanceOf(ResourceAlreadyExistsException);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  it('describes a collection with counts, ARN and creation time (epoch seconds on the wire)', async () => {
    const described = await test.client.send(new DescribeCollectionCommand({ CollectionId: 'old' }));
    expect(described).toMatchObject({
      FaceCount: 2,
      UserCount: 1,
      FaceModelVersion: '4.0',
      CollectionARN: 'arn:aws:rekognition:us-east-1:123456789012:collection/old',
    });
    const ageDays = (Date.now() - (described.CreationTimestamp?.getTime() ?? 0)) / 86_400_000;
    expect(ageDays).toBeGreaterThan(39.9);
    expect(ageDays).toBeLessThan(40.1);
    const dated = await test.client.send(new DescribeCollectionCommand({ CollectionId: 'dated' }));
    expect(dated.CreationTimestamp?.toISOString()).toBe('2024-01-31T12:00:00.000Z');
  });

  it('answers ResourceNotFoundException for a missing collection', async () => {
    const error = await caught(() => test.client.send(new DescribeCollectionCommand({ CollectionId: 'missing' })));
    expect(error).toBeInstanceOf(ResourceNotFoundException);
    expect(error.$fault).toBe('client');
  });

  it.each([
    ['a pattern violation', 'bad/id'],
    ['an empty id', ''],
    ['an id over 255 characters', 'x'.repeat(256)],
  ])('rejects %s with ValidationException', async (_, collectionId) => {
    const error = await caught(() => test.client.send(new CreateCollectionCommand({ CollectionId: collectionId })));
    expectValidationError(error, 'collectionId');
  });

  it('lists ids and face model versions in parallel arrays, page by page, in ascending order', async () => {
    for (const id of ['p-3', 'p-1', 'p-2']) await test.client.send(new CreateCollectionCommand({ CollectionId: id }));
    const ids: string[] = [];
    const versions: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await test.client.send(new ListCollectionsCommand({ MaxResults: 2, NextToken: token }));
      ids.push(...(page.CollectionIds ?? []));
      versions.push(...(page.FaceModelVersions ?? []));
      token = page.NextToken;
      pages++;
    } while (token);
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['dated', 'old', 'p-1', 'p-2', 'p-3']));
    expect(versions[ids.indexOf('old')]).toBe('4.0');
    expect(pages).toBe(Math.ceil(ids.length / 2));
  });

  it('keeps a NextToken valid while listed collections are deleted', async () => {
    for (const id of ['z-1', 'z-2', 'z-3', 'z-4'])
      await test.client.send(new CreateCollectionCommand({ CollectionId: id }));
    const all = await test.client.send(new ListCollectionsCommand({}));
    const first = await test.client.send(new ListCollectionsCommand({ MaxResults: 2 }));
    for (const id of first.CollectionIds ?? [])
      await test.client.send(new DeleteCollectionCommand({ CollectionId: id }));
    const rest = await test.client.send(new ListCollectionsCommand({ NextToken: first.NextToken }));
    expect(rest.CollectionIds).toEqual(all.CollectionIds?.slice(2));
  });

  it('rejects MaxResults 4097 (the model) and 0 (the emulator, stricter than the model)', async () => {
    const tooMany = await caught(() => test.client.send(new ListCollectionsCommand({ MaxResults: 4097 })));
    expectValidationError(tooMany, 'maxResults');
    const zero = await caught(() => test.client.send(new ListCollectionsCommand({ MaxResults: 0 })));
    expect(zero).toBeInstanceOf(InvalidParameterException);
  });

  it('rejects a garbled token and a token from another operation', async () => {
    const garbled = await caught(() => test.client.send(new ListCollectionsCommand({ NextToken: 'not-a-token' })));
    expect(garbled).toBeInstanceOf(InvalidPaginationTokenException);
    const facesPage = await test.client.send(new ListFacesCommand({ CollectionId: 'old', MaxResults: 1 }));
    expect(facesPage.NextToken).toBeDefined();
    const foreign = await caught(() =>
      test.client.send(new ListCollectionsCommand({ NextToken: facesPage.NextToken })),
    );
    expect(foreign).toBeInstanceOf(InvalidPaginationTokenException);
  });

  it('deletes a collection with everything in it', async () => {
    await test.client.send(new CreateCollectionCommand({ CollectionId: 'doomed' }));
    expect(await test.client.send(new DeleteCollectionCommand({ CollectionId: 'doomed' }))).toMatchObject({
      StatusCode: 200,
    });
    expect(test.emulator.world.collection('doomed')).toBeUndefined();
    const again = await caught(() => test.client.send(new DeleteCollectionCommand({ CollectionId: 'doomed' })));
    expect(again).toBeInstanceOf(ResourceNotFoundException);
  });
});
