import { ListCollectionsCommand } from '@aws-sdk/client-rekognition';
import type { EmulatorStats } from '../../local/emulator';
import { rawCall, startTestEmulator, stopTestEmulator, type TestEmulator } from './emulator-test-kit';

describe('emulator: awsJson1_1 wire protocol', () => {
  let test: TestEmulator;
  beforeAll(async () => {
    test = await startTestEmulator();
  });
  afterAll(() => stopTestEmulator(test));

  it('answers with the JSON 1.1 content type and a request id', async () => {
    const response = await rawCall(test.emulator, 'RekognitionService.ListCollections', '{}');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(response.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.json).toEqual({ CollectionIds: [], FaceModelVersions: [] });
  });

  it('answers an unknown operation or a missing target with a 400 UnknownOperationException', async () => {
    for (const target of ['RekognitionService.DetectNothing', 'OtherService.ListCollections', undefined]) {
      const response = await rawCall(test.emulator, target, '{}');
      expect(response.status).toBe(400);
      expect(response.json).toEqual({
        __type: 'UnknownOperationException',
        Code: 'UnknownOperationException',
        Logref: expect.stringMatching(/^[0-9a-f-]{36}$/),
        Message: expect.any(String),
      });
    }
  });

  it('answers a body that is not a JSON object with SerializationException', async () => {
    for (const body of ['{not json', '[1,2]']) {
      const response = await rawCall(test.emulator, 'RekognitionService.ListCollections', body);
      expect(response.status).toBe(400);
      expect(response.json.__type).toBe('SerializationException');
    }
  });

  it('uses the error shape the SDK expects, with a readable message', async () => {
    const response = await rawCall(test.emulator, 'RekognitionService.DescribeCollection', '{"CollectionId":"x y"}');
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      __type: 'ValidationException',
      Code: 'ValidationException',
      Logref: expect.stringMatching(/^[0-9a-f-]{36}$/),
      Message: expect.stringContaining("at 'collectionId' failed to satisfy constraint"),
    });
  });

  it('serves stats to other processes at GET /_emulator/stats', async () => {
    test.emulator.resetStats();
    await test.client.send(new ListCollectionsCommand({}));
    await rawCall(test.emulator, 'RekognitionService.Nope', '{}');
    const response = await fetch(`${test.emulator.url}/_emulator/stats`);
    const stats = (await response.json()) as EmulatorStats;
    expect(stats).toEqual(test.emulator.stats());
    expect(stats.total).toEqual({ calls: 2, throttled: 0, faults: 0, errors: 1 });
    expect(stats.operations.ListCollections?.calls).toBe(1);
  });
});
