import { DeleteFacesCommand, DescribeCollectionCommand, ListFacesCommand } from '@aws-sdk/client-rekognition';
import { type RunningEmulator, startEmulator } from '../../local/emulator';
import { clientFor, rawCall } from './emulator-test-kit';

const COUNT = 1_000_000;
const PAGE = 4096;

describe('emulator: a million faces', () => {
  let emulator: RunningEmulator;
  let loadMs: number;
  beforeAll(async () => {
    const started = performance.now();
    emulator = await startEmulator({
      randomSeed: 1,
      seed: {
        collections: [{ id: 'million', faces: [{ generate: { count: COUNT, externalImageIdPrefix: 'img-' } }] }],
      },
    });
    loadMs = performance.now() - started;
  });
  afterAll(() => emulator.close());

  // How fast the seed loads is the benchmark's business (timed assertions flake on a loaded machine); here, that
  // it loads whole.
  it('loads a million-face seed whole', async () => {
    const client = clientFor(emulator);
    const described = await client.send(new DescribeCollectionCommand({ CollectionId: 'million' }));
    expect(described.FaceCount).toBe(COUNT);
    client.destroy();
  });

  it('lists every face exactly once, page by page, while some pages are deleted', async () => {
    // The real SDK for the first pages, raw HTTP for the rest: SDK-side parsing would dominate the test's time.
    const client = clientFor(emulator);
    let expectedIndex = 0;
    let deletedCount = 0;
    let token: string | undefined;
    for (let page = 0; page < 2; page++) {
      const listed = await client.send(
        new ListFacesCommand({ CollectionId: 'million', MaxResults: PAGE, NextToken: token }),
      );
      const faces = listed.Faces ?? [];
      for (const face of faces) expect(face.ExternalImageId).toBe(`img-${expectedIndex++}`);
      const deleted = await client.send(
        new DeleteFacesCommand({ CollectionId: 'million', FaceIds: faces.map((face) => face.FaceId ?? '') }),
      );
      expect(deleted.DeletedFaces).toHaveLength(PAGE);
      deletedCount += PAGE;
      token = listed.NextToken;
    }
    client.destroy();

    const started = performance.now();
    let pages = 0;
    while (token) {
      const listed = await rawCall(
        emulator,
        'RekognitionService.ListFaces',
        JSON.stringify({ CollectionId: 'million', MaxResults: PAGE, NextToken: token }),
      );
      const faces = listed.json.Faces as { FaceId: string; ExternalImageId: string }[];
      // Faces come back in seeding order, so "exactly once" is "the next index, every time".
      const outOfOrder = faces.findIndex((face, i) => face.ExternalImageId !== `img-${expectedIndex + i}`);
      expect(outOfOrder).toBe(-1);
      expectedIndex += faces.length;
      if (pages % 10 === 0) {
        const deleted = await rawCall(
          emulator,
          'RekognitionService.DeleteFaces',
          JSON.stringify({ CollectionId: 'million', FaceIds: faces.map((face) => face.FaceId) }),
        );
        deletedCount += (deleted.json.DeletedFaces as string[]).length;
      }
      token = listed.json.NextToken as string | undefined;
      pages++;
    }
    const seconds = (performance.now() - started) / 1000;
    expect(expectedIndex).toBe(COUNT);
    expect(pages).toBe(Math.ceil(COUNT / PAGE) - 2);
    expect(emulator.world.collection('million')?.faceCount).toBe(COUNT - deletedCount);
    console.log(
      `million faces over HTTP: ${Math.round((COUNT - 2 * PAGE) / seconds)} faces/s listed ` +
        `(${pages} pages of ${PAGE} in ${seconds.toFixed(1)} s, client parsing included); seed loaded in ${Math.round(loadMs)} ms`,
    );
  });
});
