/**
 * Oversized and broken request bodies (issue 12, item 10). The emulator once read any body whole: 600 MB killed it
 * with ERR_STRING_TOO_LONG. These tests stream a body and stop as soon as the emulator answers, so they never hold
 * more than one chunk.
 */
import { request } from 'node:http';
import { ListCollectionsCommand } from '@aws-sdk/client-rekognition';
import { MAX_REQUEST_BYTES } from '../../local/emulator/http/emulator-server';
import { rawCall, sleep, startTestEmulator, stopTestEmulator, type TestEmulator } from './emulator-test-kit';

const CHUNK = Buffer.alloc(256 * 1024, 'a');
/** Far past the cap: an emulator that reads everything is still reading when the test gives up. */
const GIVE_UP_AFTER = 16 * MAX_REQUEST_BYTES;

interface Answer {
  status: number;
  json: Record<string, unknown>;
  /** Bytes written before the answer came. */
  sent: number;
}

/** Streams an IndexFaces body (chunked, no Content-Length) until the emulator answers or GIVE_UP_AFTER bytes. */
function streamUntilAnswered(url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const call = request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'RekognitionService.IndexFaces' },
    });
    let sent = 0;
    let answered = false;
    call.on('response', (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        call.destroy();
        resolve({ status: response.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()), sent });
      });
    });
    // Once answered, the emulator closing the connection on a body still being sent is expected.
    call.on('error', (error) => (answered ? undefined : reject(error)));
    const pump = (): void => {
      while (!answered && sent < GIVE_UP_AFTER) {
        sent += CHUNK.length;
        if (!call.write(CHUNK)) {
          call.once('drain', pump);
          return;
        }
      }
      if (!answered) call.end('"}');
    };
    call.write('{"CollectionId":"c","Image":{"Bytes":"');
    pump();
  });
}

describe('emulator: request size', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator();
  });
  afterAll(() => stopTestEmulator(test));

  it('refuses a streamed body past the cap as soon as it passes it, then keeps serving', async () => {
    const answer = await streamUntilAnswered(test.emulator.url);
    expect(answer.status).toBe(413);
    expect(answer.json).toMatchObject({
      __type: 'RequestEntityTooLargeException',
      Message: expect.stringContaining(String(MAX_REQUEST_BYTES)),
    });
    // Refused while the client was still sending: not read to the end first.
    expect(answer.sent).toBeLessThan(3 * MAX_REQUEST_BYTES);
    await expect(test.client.send(new ListCollectionsCommand({}))).resolves.toMatchObject({ CollectionIds: [] });
  });

  it('refuses a declared Content-Length past the cap without reading the body', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const call = request(test.emulator.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'RekognitionService.ListCollections', 'content-length': MAX_REQUEST_BYTES + 1 },
      });
      call.on('response', (response) => {
        resolve(response.statusCode ?? 0);
        call.destroy();
      });
      call.on('error', reject);
      call.write('{');
    });
    expect(status).toBe(413);
  });

  it('survives a client that hangs up in the middle of a body', async () => {
    const call = request(test.emulator.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'RekognitionService.ListCollections', 'content-length': 1000 },
    });
    call.on('error', () => undefined);
    call.write('{"MaxRes');
    await sleep(50);
    call.destroy();
    await sleep(50);
    const answer = await rawCall(test.emulator, 'RekognitionService.ListCollections', '{}');
    expect(answer.status).toBe(200);
  });

  it('still reads a body of the largest legal request (a 5 MiB image)', async () => {
    const image = Buffer.alloc(5 * 1024 * 1024, 1).toString('base64');
    await rawCall(test.emulator, 'RekognitionService.CreateCollection', '{"CollectionId":"big"}');
    const answer = await rawCall(
      test.emulator,
      'RekognitionService.IndexFaces',
      JSON.stringify({ CollectionId: 'big', Image: { Bytes: image }, ExternalImageId: 'x'.repeat(255) }),
    );
    expect(answer.status).toBe(200);
  });
});
