import {
  CreateCollectionCommand,
  DeleteCollectionCommand,
  DeleteFacesCommand,
  DescribeCollectionCommand,
  type Face,
  IndexFacesCommand,
  InvalidPaginationTokenException,
  InvalidParameterException,
  ListFacesCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-rekognition';
import {
  caught,
  expectValidationError,
  startTestEmulator,
  stopTestEmulator,
  type TestEmulator,
} from './emulator-test-kit';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const KNOWN_FACE = '11111111-2222-4333-8444-555555555555';

describe('emulator: faces', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator({
      seed: {
        collections: [
          { id: 'bulk', faces: [{ generate: { count: 10_000, externalImageIdPrefix: 'img-' } }] },
          { id: 'small', faces: [{ faceId: KNOWN_FACE, externalImageId: 'known' }, { generate: { count: 5 } }] },
          { id: 'empty' },
        ],
      },
    });
  });
  afterAll(() => stopTestEmulator(test));

  it('indexes exactly one face per call, from bytes or from an S3 object', async () => {
    const fromBytes = await test.client.send(
      new IndexFacesCommand({
        CollectionId: 'empty',
        Image: { Bytes: new Uint8Array([1, 2, 3]) },
        ExternalImageId: 'a:1',
      }),
    );
    expect(fromBytes.FaceRecords).toHaveLength(1);
    expect(fromBytes.FaceModelVersion).toBe('7.0');
    expect(fromBytes.UnindexedFaces).toEqual([]);
    const face = fromBytes.FaceRecords?.[0]?.Face;
    expect(face?.FaceId).toMatch(UUID);
    expect(face?.ImageId).toMatch(UUID);
    expect(face?.ExternalImageId).toBe('a:1');
    expect(face?.Confidence).toBeGreaterThan(99);
    expect(face?.BoundingBox).toEqual({
      Width: expect.any(Number),
      Height: expect.any(Number),
      Left: expect.any(Number),
      Top: expect.any(Number),
    });
    expect(fromBytes.FaceRecords?.[0]?.FaceDetail?.BoundingBox).toEqual(face?.BoundingBox);
    const fromS3 = await test.client.send(
      new IndexFacesCommand({
        CollectionId: 'empty',
        Image: { S3Object: { Bucket: 'photos', Name: 'a.jpg' } },
        MaxFaces: 5,
      }),
    );
    expect(fromS3.FaceRecords).toHaveLength(1);
    expect(test.emulator.world.collection('empty')?.faceCount).toBe(2);
  });

  it('validates IndexFaces input', async () => {
    const noImage = await caught(() => test.client.send(new IndexFacesCommand({ CollectionId: 'empty', Image: {} })));
    expect(noImage).toBeInstanceOf(InvalidParameterException);
    const bothImages = await caught(() =>
      test.client.send(
        new IndexFacesCommand({
          CollectionId: 'empty',
          Image: { Bytes: new Uint8Array([1]), S3Object: { Bucket: 'photos', Name: 'a.jpg' } },
        }),
      ),
    );
    expect(bothImages).toBeInstanceOf(InvalidParameterException);
    const badExternal = await caught(() =>
      test.client.send(
        new IndexFacesCommand({ CollectionId: 'empty', Image: { Bytes: new Uint8Array([1]) }, ExternalImageId: 'a b' }),
      ),
    );
    expectValidationError(badExternal, 'externalImageId');
    const tooLarge = await caught(() =>
      test.client.send(
        new IndexFacesCommand({ CollectionId: 'empty', Image: { Bytes: new Uint8Array(5 * 1024 * 1024 + 10) } }),
      ),
    );
    // Image.Bytes is limited to 5,242,880 bytes by the model: checked before the image is looked at.
    expectValidationError(tooLarge, 'image.bytes');
    const missing = await caught(() =>
      test.client.send(new IndexFacesCommand({ CollectionId: 'nope', Image: { Bytes: new Uint8Array([1]) } })),
    );
    expect(missing).toBeInstanceOf(ResourceNotFoundException);
  });

  it('lists faces with every field of the Face shape', async () => {
    const page = await test.client.send(new ListFacesCommand({ CollectionId: 'small' }));
    expect(page.FaceModelVersion).toBe('7.0');
    expect(page.NextToken).toBeUndefined();
    expect(page.Faces).toHaveLength(6);
    expect(page.Faces?.[0]).toEqual({
      FaceId: KNOWN_FACE,
      BoundingBox: expect.objectContaining({ Width: expect.any(Number) }),
      ImageId: expect.stringMatching(UUID),
      ExternalImageId: 'known',
      Confidence: expect.any(Number),
      IndexFacesModelVersion: '7.0',
    });
    for (const face of page.Faces ?? []) expect(face.FaceId).toMatch(UUID);
  });

  it('defaults to 1000 faces a page and accepts MaxResults 1..4096', async () => {
    const defaultPage = await test.client.send(new ListFacesCommand({ CollectionId: 'bulk' }));
    expect(defaultPage.Faces).toHaveLength(1000);
    const biggest = await test.client.send(new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 4096 }));
    expect(biggest.Faces).toHaveLength(4096);
    const tooMany = await caught(() =>
      test.client.send(new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 4097 })),
    );
    expectValidationError(tooMany, 'maxResults');
    // 0 is allowed by the model; the emulator refuses it (a known difference).
    const zero = await caught(() => test.client.send(new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 0 })));
    expect(zero).toBeInstanceOf(InvalidParameterException);
  });

  it('pages through a collection returning every face once, in a stable order', async () => {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await test.client.send(
        new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 3000, NextToken: token }),
      );
      for (const face of page.Faces ?? []) seen.add(face.FaceId ?? '');
      token = page.NextToken;
    } while (token);
    expect(seen.size).toBe(10_000);
    const first = await test.client.send(new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 3 }));
    const again = await test.client.send(new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 3 }));
    expect(again.Faces).toEqual(first.Faces);
    expect(first.Faces?.map((face) => face.ExternalImageId)).toEqual(['img-0', 'img-1', 'img-2']);
  });

  it('filters by FaceIds (1..4096 ids), ignoring ids that do not exist', async () => {
    const page = await test.client.send(
      new ListFacesCommand({ CollectionId: 'small', FaceIds: [KNOWN_FACE, '00000000-0000-4000-8000-000000000000'] }),
    );
    expect(page.Faces?.map((face) => face.FaceId)).toEqual([KNOWN_FACE]);
    const tooMany = Array.from({ length: 4097 }, () => KNOWN_FACE);
    const error = await caught(() =>
      test.client.send(new ListFacesCommand({ CollectionId: 'small', FaceIds: tooMany })),
    );
    expectValidationError(error, 'faceIds');
  });

  it('rejects a token from another collection, a garbled one, and one from a re-created collection', async () => {
    const bulkPage = await test.client.send(new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 1 }));
    const foreign = await caught(() =>
      test.client.send(new ListFacesCommand({ CollectionId: 'small', NextToken: bulkPage.NextToken })),
    );
    expect(foreign).toBeInstanceOf(InvalidPaginationTokenException);
    const garbled = await caught(() =>
      test.client.send(new ListFacesCommand({ CollectionId: 'bulk', NextToken: `${bulkPage.NextToken}x` })),
    );
    expect(garbled).toBeInstanceOf(InvalidPaginationTokenException);
    await test.client.send(new CreateCollectionCommand({ CollectionId: 'phoenix' }));
    for (let i = 0; i < 2; i++) {
      await test.client.send(new IndexFacesCommand({ CollectionId: 'phoenix', Image: { Bytes: new Uint8Array([i]) } }));
    }
    const page = await test.client.send(new ListFacesCommand({ CollectionId: 'phoenix', MaxResults: 1 }));
    await test.client.send(new DeleteCollectionCommand({ CollectionId: 'phoenix' }));
    await test.client.send(new CreateCollectionCommand({ CollectionId: 'phoenix' }));
    const stale = await caught(() =>
      test.client.send(new ListFacesCommand({ CollectionId: 'phoenix', NextToken: page.NextToken })),
    );
    expect(stale).toBeInstanceOf(InvalidPaginationTokenException);
  });

  it('deletes faces and reports the ones that were not found', async () => {
    const page = await test.client.send(new ListFacesCommand({ CollectionId: 'small', MaxResults: 2 }));
    const ids = page.Faces?.map((face) => face.FaceId ?? '') ?? [];
    const missing = '00000000-0000-4000-8000-000000000001';
    const result = await test.client.send(
      new DeleteFacesCommand({ CollectionId: 'small', FaceIds: [...ids, missing] }),
    );
    expect(result.DeletedFaces).toEqual(ids);
    expect(result.UnsuccessfulFaceDeletions).toEqual([{ FaceId: missing, Reasons: ['FACE_NOT_FOUND'] }]);
    const described = await test.client.send(new DescribeCollectionCommand({ CollectionId: 'small' }));
    expect(described.FaceCount).toBe(4);
    const twice = await test.client.send(new DeleteFacesCommand({ CollectionId: 'small', FaceIds: ids }));
    expect(twice.DeletedFaces).toEqual([]);
    expect(twice.UnsuccessfulFaceDeletions?.map((failure) => failure.Reasons)).toEqual([
      ['FACE_NOT_FOUND'],
      ['FACE_NOT_FOUND'],
    ]);
  });

  it('limits DeleteFaces to 1..4096 well-formed ids', async () => {
    const tooMany = Array.from({ length: 4097 }, () => KNOWN_FACE);
    for (const faceIds of [tooMany, [], ['not-a-uuid'], ['ABCDEF01-2222-4333-8444-555555555555']]) {
      const error = await caught(() =>
        test.client.send(new DeleteFacesCommand({ CollectionId: 'small', FaceIds: faceIds })),
      );
      expectValidationError(error, 'faceIds');
    }
  });

  it('lists while deleting: every face that existed at the start is returned exactly once', async () => {
    const expected = test.emulator.world.collection('bulk')?.faceIds() ?? [];
    expect(expected).toHaveLength(10_000);
    const returned: string[] = [];
    let token: string | undefined;
    let deleteAhead = true;
    do {
      const page = await test.client.send(
        new ListFacesCommand({ CollectionId: 'bulk', MaxResults: 777, NextToken: token }),
      );
      const ids = (page.Faces ?? []).map((face: Face) => face.FaceId ?? '');
      returned.push(...ids);
      // Delete the page just listed, like a cleanup tool; once, also delete faces further ahead.
      await test.client.send(new DeleteFacesCommand({ CollectionId: 'bulk', FaceIds: ids }));
      if (deleteAhead) {
        const ahead = expected.slice(5000, 5100);
        await test.client.send(new DeleteFacesCommand({ CollectionId: 'bulk', FaceIds: ahead }));
        deleteAhead = false;
      }
      token = page.NextToken;
    } while (token);
    const aheadIds = new Set(expected.slice(5000, 5100));
    expect(returned).toHaveLength(9_900);
    expect(new Set(returned).size).toBe(9_900);
    expect(returned).toEqual(expected.filter((id) => !aheadIds.has(id)));
    expect(test.emulator.world.collection('bulk')?.faceCount).toBe(0);
  });
});
