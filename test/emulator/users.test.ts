import {
  AssociateFacesCommand,
  ConflictException,
  CreateUserCommand,
  DeleteFacesCommand,
  DeleteUserCommand,
  DescribeCollectionCommand,
  DisassociateFacesCommand,
  ListFacesCommand,
  ListUsersCommand,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
} from '@aws-sdk/client-rekognition';
import {
  caught,
  expectValidationError,
  startTestEmulator,
  stopTestEmulator,
  type TestEmulator,
} from './emulator-test-kit';

describe('emulator: users', () => {
  let test: TestEmulator;
  /** Face ids of collection `people`, in listing order. */
  let faces: string[];
  beforeAll(async () => {
    test = await startTestEmulator({
      seed: { collections: [{ id: 'people', faces: [{ generate: { count: 300 } }] }] },
    });
    faces = test.emulator.world.collection('people')?.faceIds() ?? [];
  });
  afterAll(() => stopTestEmulator(test));

  const slice = (start: number, end: number) => faces.slice(start, end);

  it('creates users (CREATED until they hold a face) and refuses a duplicate with ConflictException', async () => {
    await test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: 'alice' }));
    await test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: 'bob:2' }));
    const error = await caught(() =>
      test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: 'alice' })),
    );
    expect(error).toBeInstanceOf(ConflictException);
    const listed = await test.client.send(new ListUsersCommand({ CollectionId: 'people' }));
    expect(listed.Users).toEqual([
      { UserId: 'alice', UserStatus: 'CREATED' },
      { UserId: 'bob:2', UserStatus: 'CREATED' },
    ]);
    const bad = await caught(() => test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: 'a b' })));
    expectValidationError(bad, 'userId');
  });

  it('associates faces and reports faces that are missing or held by another user', async () => {
    const result = await test.client.send(
      new AssociateFacesCommand({ CollectionId: 'people', UserId: 'alice', FaceIds: slice(0, 3) }),
    );
    expect(result.AssociatedFaces).toEqual(slice(0, 3).map((FaceId) => ({ FaceId })));
    expect(result.UnsuccessfulFaceAssociations).toEqual([]);
    expect(result.UserStatus).toBe('ACTIVE');
    const missing = '00000000-0000-4000-8000-000000000000';
    const conflict = await test.client.send(
      new AssociateFacesCommand({
        CollectionId: 'people',
        UserId: 'bob:2',
        FaceIds: [faces[0] ?? '', missing, faces[3] ?? ''],
      }),
    );
    expect(conflict.AssociatedFaces).toEqual([{ FaceId: faces[3] }]);
    expect(conflict.UnsuccessfulFaceAssociations).toEqual([
      { FaceId: faces[0], UserId: 'alice', Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] },
      { FaceId: missing, Reasons: ['FACE_NOT_FOUND'] },
    ]);
    expect(test.emulator.world.collection('people')?.userIdOf(faces[3] ?? '')).toBe('bob:2');
  });

  it('lists the faces of a user, and nothing for a user that does not exist', async () => {
    const page = await test.client.send(new ListFacesCommand({ CollectionId: 'people', UserId: 'alice' }));
    expect(page.Faces?.map((face) => face.FaceId)).toEqual(slice(0, 3));
    expect(page.Faces?.every((face) => face.UserId === 'alice')).toBe(true);
    const nobody = await test.client.send(new ListFacesCommand({ CollectionId: 'people', UserId: 'nobody' }));
    expect(nobody.Faces).toEqual([]);
    expect(nobody.NextToken).toBeUndefined();
  });

  it('refuses to delete a face associated to a user (ASSOCIATED_TO_AN_EXISTING_USER)', async () => {
    const result = await test.client.send(
      new DeleteFacesCommand({ CollectionId: 'people', FaceIds: [faces[0] ?? '', faces[299] ?? ''] }),
    );
    expect(result.DeletedFaces).toEqual([faces[299]]);
    expect(result.UnsuccessfulFaceDeletions).toEqual([
      { FaceId: faces[0], UserId: 'alice', Reasons: ['ASSOCIATED_TO_AN_EXISTING_USER'] },
    ]);
  });

  it('limits AssociateFaces and DisassociateFaces to 1..100 ids per call', async () => {
    const calls = [
      () =>
        test.client.send(
          new AssociateFacesCommand({ CollectionId: 'people', UserId: 'alice', FaceIds: slice(100, 201) }),
        ),
      () => test.client.send(new AssociateFacesCommand({ CollectionId: 'people', UserId: 'alice', FaceIds: [] })),
      () =>
        test.client.send(
          new DisassociateFacesCommand({ CollectionId: 'people', UserId: 'alice', FaceIds: slice(100, 201) }),
        ),
    ];
    for (const call of calls) expectValidationError(await caught(call), 'faceIds');
  });

  it('lets a user hold at most 100 faces (ServiceQuotaExceededException, nothing applied)', async () => {
    await test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: 'carol' }));
    await test.client.send(
      new AssociateFacesCommand({ CollectionId: 'people', UserId: 'carol', FaceIds: slice(100, 198) }),
    );
    const error = await caught(() =>
      test.client.send(
        new AssociateFacesCommand({ CollectionId: 'people', UserId: 'carol', FaceIds: slice(198, 201) }),
      ),
    );
    expect(error).toBeInstanceOf(ServiceQuotaExceededException);
    const held = await test.client.send(new ListFacesCommand({ CollectionId: 'people', UserId: 'carol' }));
    expect(held.Faces).toHaveLength(98);
    await test.client.send(
      new AssociateFacesCommand({ CollectionId: 'people', UserId: 'carol', FaceIds: slice(198, 200) }),
    );
    const full = await test.client.send(new ListFacesCommand({ CollectionId: 'people', UserId: 'carol' }));
    expect(full.Faces).toHaveLength(100);
  });

  it('disassociates faces, reporting faces of other users and missing ones', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const result = await test.client.send(
      new DisassociateFacesCommand({
        CollectionId: 'people',
        UserId: 'alice',
        FaceIds: [faces[2] ?? '', faces[3] ?? '', missing],
      }),
    );
    expect(result.DisassociatedFaces).toEqual([{ FaceId: faces[2] }]);
    expect(result.UnsuccessfulFaceDisassociations).toEqual([
      { FaceId: faces[3], UserId: 'bob:2', Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] },
      { FaceId: missing, Reasons: ['FACE_NOT_FOUND'] },
    ]);
    expect(result.UserStatus).toBe('ACTIVE');
  });

  it('deletes a user but keeps its faces, now unassociated', async () => {
    const before = await test.client.send(new DescribeCollectionCommand({ CollectionId: 'people' }));
    await test.client.send(new DeleteUserCommand({ CollectionId: 'people', UserId: 'alice' }));
    const after = await test.client.send(new DescribeCollectionCommand({ CollectionId: 'people' }));
    expect(after.FaceCount).toBe(before.FaceCount);
    expect(after.UserCount).toBe((before.UserCount ?? 0) - 1);
    const kept = await test.client.send(new ListFacesCommand({ CollectionId: 'people', FaceIds: slice(0, 2) }));
    expect(kept.Faces?.map((face) => [face.FaceId, face.UserId])).toEqual(slice(0, 2).map((id) => [id, undefined]));
    const deleted = await test.client.send(new DeleteFacesCommand({ CollectionId: 'people', FaceIds: slice(0, 2) }));
    expect(deleted.DeletedFaces).toEqual(slice(0, 2));
  });

  it('answers ResourceNotFoundException for a user that does not exist', async () => {
    const calls = [
      () => test.client.send(new DeleteUserCommand({ CollectionId: 'people', UserId: 'alice' })),
      () =>
        test.client.send(new AssociateFacesCommand({ CollectionId: 'people', UserId: 'ghost', FaceIds: slice(5, 6) })),
      () =>
        test.client.send(
          new DisassociateFacesCommand({ CollectionId: 'people', UserId: 'ghost', FaceIds: slice(5, 6) }),
        ),
    ];
    for (const call of calls) expect(await caught(call)).toBeInstanceOf(ResourceNotFoundException);
  });

  it('replays DeleteUser for a retried ClientRequestToken instead of failing', async () => {
    await test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: 'dave' }));
    const request = { CollectionId: 'people', UserId: 'dave', ClientRequestToken: 'retry-token-1' };
    await test.client.send(new DeleteUserCommand(request));
    await expect(test.client.send(new DeleteUserCommand(request))).resolves.toBeDefined();
    const otherToken = await caught(() =>
      test.client.send(new DeleteUserCommand({ ...request, ClientRequestToken: 'retry-token-2' })),
    );
    expect(otherToken).toBeInstanceOf(ResourceNotFoundException);
  });

  it('pages ListUsers (MaxResults 1..500) while users are deleted', async () => {
    for (let i = 0; i < 5; i++) {
      await test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: `page-${i}` }));
    }
    const all = (await test.client.send(new ListUsersCommand({ CollectionId: 'people' }))).Users?.map((u) => u.UserId);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await test.client.send(
        new ListUsersCommand({ CollectionId: 'people', MaxResults: 2, NextToken: token }),
      );
      for (const user of page.Users ?? []) {
        seen.push(user.UserId ?? '');
        await test.client.send(new DeleteUserCommand({ CollectionId: 'people', UserId: user.UserId }));
      }
      token = page.NextToken;
    } while (token);
    expect(seen).toEqual(all);
    expect(test.emulator.world.collection('people')?.userCount).toBe(0);
    const error = await caught(() =>
      test.client.send(new ListUsersCommand({ CollectionId: 'people', MaxResults: 501 })),
    );
    expectValidationError(error, 'maxResults');
  });
});
