import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListFacesCommand, ListUsersCommand } from '@aws-sdk/client-rekognition';
import { loadWorld, startEmulator, type World, WorldValidationError } from '../../local/emulator';
import { startTestEmulator, stopTestEmulator } from './emulator-test-kit';

const FACE_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const FACE_B = 'bbbbbbbb-0000-4000-8000-000000000002';

function issuesOf(world: unknown): string[] {
  try {
    loadWorld(world as World);
  } catch (error) {
    if (error instanceof WorldValidationError) return error.issues;
    throw error;
  }
  return [];
}

describe('emulator: world files', () => {
  it('accepts a complete world', () => {
    const world: World = {
      collections: [
        {
          id: 'c1',
          tags: { team: 'hr' },
          createdDaysAgo: 40,
          faces: [{ faceId: FACE_A, externalImageId: 'x', userId: 'u1' }, { generate: { count: 10 } }],
          users: [{ userId: 'u2', faceIds: [] }],
        },
      ],
      projects: [{ name: 'p', createdAt: '2024-01-01T00:00:00Z', versions: [{ name: 'v1', status: 'RUNNING' }] }],
    };
    expect(loadWorld(world)).toBe(world);
  });

  it('reports every structural problem with its path', () => {
    const issues = issuesOf({
      collections: [
        { id: 'bad id', createdAt: 'yesterday', faces: [{ faceId: 'nope' }, { generate: { count: -1 } }] },
        { id: 'ok', createdDaysAgo: 1, createdAt: '2024-01-01T00:00:00Z', colour: 'blue' },
      ],
      projects: [
        { name: 'p', versions: [{ name: 'v', status: 'DANCING' }] },
        { name: 'q', status: 'DELETING', versions: [{ name: 'v' }] },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.collections\[0\]\.id: must match/),
        expect.stringMatching(/^\$\.collections\[0\]\.createdAt: must be an ISO-8601 instant/),
        expect.stringMatching(/^\$\.collections\[0\]\.faces\[0\]\.faceId: must match/),
        expect.stringMatching(/^\$\.collections\[0\]\.faces\[1\]\.generate\.count: must be an integer/),
        expect.stringMatching(/^\$\.collections\[1\]: set createdAt or createdDaysAgo, not both/),
        expect.stringMatching(/^\$\.collections\[1\]\.colour: unknown field/),
        expect.stringMatching(/^\$\.projects\[0\]\.versions\[0\]\.status: must be one of/),
        expect.stringMatching(/^\$\.projects\[1\]\.status: a DELETING project cannot have versions/),
      ]),
    );
    expect(issues).toHaveLength(8);
  });

  it('reports cross-reference problems when seeding', async () => {
    const world: World = {
      collections: [
        {
          id: 'c',
          faces: [{ faceId: FACE_A, userId: 'u1' }, { faceId: FACE_A }, { generate: { count: 150 } }],
          users: [{ userId: 'u2', faceIds: [FACE_A, FACE_B] }],
        },
        { id: 'c' },
      ],
    };
    const error = await startEmulator({ seed: world }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WorldValidationError);
    expect((error as WorldValidationError).issues).toEqual([
      `$.collections[0].faces[1].faceId: duplicate face id ${FACE_A}`,
      `$.collections[0].users[0].faceIds[0]: face ${FACE_A} is already associated to user u1`,
      `$.collections[0].users[0].faceIds[1]: no face ${FACE_B} in collection c`,
      '$.collections[1].id: duplicate collection id c',
    ]);
  });

  it('loads a world from a JSON file, and names the file when it is broken', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-world-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ collections: [{ id: 'from-file', faces: [{ faceId: FACE_A }] }] }));
    const emulator = await startEmulator({ seed: good });
    expect(emulator.world.collection('from-file')?.faceIds()).toEqual([FACE_A]);
    await emulator.close();
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{"collections": [');
    expect(() => loadWorld(broken)).toThrow(new RegExp(`invalid ${broken}:\\n  - is not valid JSON`));
    expect(() => loadWorld(join(dir, 'missing.json'))).toThrow(/cannot be read/);
  });

  it('refuses a world file with a duplicate key, naming it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-world-'));
    const twice = join(dir, 'twice.json');
    // JSON.parse would keep the second faces list only: the first face would silently not exist.
    writeFileSync(twice, `{"collections": [{"id": "c", "faces": [{"faceId": "${FACE_A}"}],\n  "faces": []}]}`);
    expect(() => loadWorld(twice)).toThrow(
      `invalid ${twice}:\n  - duplicate key "faces" at collections[0].faces (line 2, column 3; first at line 1, column 30)`,
    );
  });

  it('generates users holding generated faces', async () => {
    const test = await startTestEmulator({
      seed: {
        collections: [
          { id: 'g', faces: [{ generate: { count: 50, users: { count: 4, facesPerUser: 10, userIdPrefix: 'p-' } } }] },
        ],
      },
    });
    const users = await test.client.send(new ListUsersCommand({ CollectionId: 'g' }));
    expect(users.Users?.map((user) => [user.UserId, user.UserStatus])).toEqual([
      ['p-0', 'ACTIVE'],
      ['p-1', 'ACTIVE'],
      ['p-2', 'ACTIVE'],
      ['p-3', 'ACTIVE'],
    ]);
    const faces = await test.client.send(new ListFacesCommand({ CollectionId: 'g', UserId: 'p-3' }));
    expect(faces.Faces).toHaveLength(10);
    await stopTestEmulator(test);
  });

  it('snapshots the world so that reloading it reproduces the same state', async () => {
    const original = await startEmulator({
      randomSeed: 5,
      seed: {
        collections: [
          {
            id: 'big',
            tags: { k: 'v' },
            createdDaysAgo: 3,
            faces: [
              { generate: { count: 5000, externalImageIdPrefix: 'img-', users: { count: 2, facesPerUser: 3 } } },
              { faceId: FACE_A, externalImageId: 'explicit' },
            ],
          },
          { id: 'tiny', faces: [{ generate: { count: 20 } }] },
        ],
        projects: [{ name: 'p', tags: { a: 'b' }, versions: [{ name: 'v1', status: 'STOPPED' }] }],
      },
    });
    const big = original.world.collection('big');
    const ids = big?.faceIds() ?? [];
    const doomed = ids.slice(100, 1100);
    for (const id of doomed) big?.faces.remove(big.faces.slotOf(id));
    const snapshot = original.snapshot();
    await original.close();

    const bigEntry = snapshot.collections?.find((collection) => collection.id === 'big');
    expect(bigEntry?.faces?.[0]).toEqual({
      generate: { count: 5000, externalImageIdPrefix: 'img-', idTag: expect.stringMatching(/^[0-9a-f]{8}$/) },
      deletedRanges: [[100, 1100]],
    });
    const tinyEntry = snapshot.collections?.find((collection) => collection.id === 'tiny');
    expect(tinyEntry?.faces).toHaveLength(20);

    const reloaded = await startEmulator({ seed: JSON.parse(JSON.stringify(snapshot)) });
    try {
      expect(reloaded.snapshot()).toEqual(snapshot);
      const reloadedBig = reloaded.world.collection('big');
      expect(reloadedBig?.faceIds()).toEqual(ids.filter((id) => !doomed.includes(id)));
      expect(reloadedBig?.userIdOf(ids[4] ?? '')).toBe('user-1');
      expect(reloadedBig?.createdAt).toBe(Date.parse(bigEntry?.createdAt ?? ''));
      expect(reloaded.world.project('p')?.versions.get('v1')?.status).toBe('STOPPED');
    } finally {
      await reloaded.close();
    }
  });
});
