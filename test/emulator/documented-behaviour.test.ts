/**
 * Behaviour the Rekognition API reference states in so many words, where the emulator once answered otherwise
 * (issue 12, items 1-4).
 */
import {
  AssociateFacesCommand,
  CreateUserCommand,
  DescribeProjectsCommand,
  DisassociateFacesCommand,
  IndexFacesCommand,
} from '@aws-sdk/client-rekognition';
import { startTestEmulator, stopTestEmulator, type TestEmulator } from './emulator-test-kit';

describe('emulator: documented behaviour', () => {
  let test: TestEmulator;
  let faces: string[];
  beforeAll(async () => {
    test = await startTestEmulator({
      seed: {
        collections: [{ id: 'people', faces: [{ generate: { count: 6 } }] }],
        projects: [
          { name: 'labels', createdDaysAgo: 2 },
          { name: 'adapter', feature: 'CONTENT_MODERATION', createdDaysAgo: 1 },
        ],
      },
    });
    faces = test.emulator.world.collection('people')?.faceIds() ?? [];
    for (const userId of ['alice', 'bob']) {
      await test.client.send(new CreateUserCommand({ CollectionId: 'people', UserId: userId }));
    }
  });
  afterAll(() => stopTestEmulator(test));

  const face = (index: number): string => faces[index] ?? '';

  it('AssociateFaces ignores a face the user already holds and does not return it', async () => {
    await test.client.send(new AssociateFacesCommand({ CollectionId: 'people', UserId: 'alice', FaceIds: [face(0)] }));
    const again = await test.client.send(
      new AssociateFacesCommand({ CollectionId: 'people', UserId: 'alice', FaceIds: [face(0), face(1)] }),
    );
    expect(again.AssociatedFaces).toEqual([{ FaceId: face(1) }]);
    expect(again.UnsuccessfulFaceAssociations).toEqual([]);
    expect(test.emulator.world.collection('people')?.userIdOf(face(0))).toBe('alice');
  });

  it('DisassociateFaces ignores a face that has no user and does not return it', async () => {
    await test.client.send(new AssociateFacesCommand({ CollectionId: 'people', UserId: 'bob', FaceIds: [face(3)] }));
    const result = await test.client.send(
      new DisassociateFacesCommand({ CollectionId: 'people', UserId: 'alice', FaceIds: [face(2), face(3)] }),
    );
    expect(result.DisassociatedFaces).toEqual([]);
    // A face held by someone else is still reported, with its user.
    expect(result.UnsuccessfulFaceDisassociations).toEqual([
      { FaceId: face(3), UserId: 'bob', Reasons: ['ASSOCIATED_TO_A_DIFFERENT_USER'] },
    ]);
  });

  it('DescribeProjects without Features lists CUSTOM_LABELS projects only', async () => {
    const byDefault = await test.client.send(new DescribeProjectsCommand({}));
    expect(byDefault.ProjectDescriptions?.map((project) => project.ProjectArn?.split('/')[1])).toEqual(['labels']);
    const byName = await test.client.send(new DescribeProjectsCommand({ ProjectNames: ['adapter'] }));
    expect(byName.ProjectDescriptions).toEqual([]);
    const both = await test.client.send(
      new DescribeProjectsCommand({ Features: ['CUSTOM_LABELS', 'CONTENT_MODERATION'] }),
    );
    expect(both.ProjectDescriptions?.map((project) => project.ProjectArn?.split('/')[1])).toEqual([
      'adapter',
      'labels',
    ]);
  });

  it('IndexFaces returns landmarks in FaceDetail, inside the face', async () => {
    const indexed = await test.client.send(
      new IndexFacesCommand({ CollectionId: 'people', Image: { Bytes: new Uint8Array([7]) } }),
    );
    const detail = indexed.FaceRecords?.[0]?.FaceDetail;
    expect(detail?.Landmarks?.map((landmark) => landmark.Type)).toEqual([
      'eyeLeft',
      'eyeRight',
      'nose',
      'mouthLeft',
      'mouthRight',
    ]);
    const box = detail?.BoundingBox ?? {};
    for (const { X = -1, Y = -1 } of detail?.Landmarks ?? []) {
      expect(X).toBeGreaterThan(box.Left ?? 2);
      expect(X).toBeLessThan((box.Left ?? 0) + (box.Width ?? 0));
      expect(Y).toBeGreaterThan(box.Top ?? 2);
      expect(Y).toBeLessThan((box.Top ?? 0) + (box.Height ?? 0));
    }
  });
});
