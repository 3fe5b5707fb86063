import type { Context } from 'aws-lambda';
import { useRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import { InvalidJobError } from '../../../lambdas/core/errors';
import { handler } from '../../../lambdas/plan/index';
import { fakeAccount, PROTECT_TAG, STARTED_AT } from './fake-account';

const CONTEXT = {
  functionName: 'plan',
  functionVersion: '1',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:plan',
  memoryLimitInMB: '256',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;

/** Everything the function logged during `run`, as one string. */
async function logged(run: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  };
  // Powertools writes info to stdout and warnings to stderr.
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation(capture),
    jest.spyOn(process.stderr, 'write').mockImplementation(capture),
  ];
  try {
    await run().catch(() => undefined);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines.join('');
}

afterEach(() => useRekognitionClient(undefined));

test('the handler plans with the shared client and logs a summary without subject identifiers', async () => {
  const { client } = fakeAccount({
    collections: [{ id: 'kyc-eu', createdAt: '2025-01-01T00:00:00Z', tags: PROTECT_TAG }],
  });
  useRekognitionClient(client);
  const event = { job: { subjects: [{ userId: 'customer-8841' }] }, executionId: 'exec-42', startedAt: STARTED_AT };
  let units = 0;
  const output = await logged(async () => {
    units = (await handler(event, CONTEXT)).plan.subjectUnits.length;
  });
  expect(units).toBe(1);
  expect(output).toContain('plan ready');
  expect(output).toContain('exec-42');
  expect(output).not.toContain('customer-8841');
});

test('an invalid job is rejected with the field and rule logged, never the value', async () => {
  const { mock, client } = fakeAccount({});
  useRekognitionClient(client);
  const event = { job: { subjects: [{ userId: 'bad user id with spaces' }] }, executionId: 'e', startedAt: STARTED_AT };
  await expect(handler(event, CONTEXT)).rejects.toBeInstanceOf(InvalidJobError);
  const output = await logged(() => handler(event, CONTEXT));
  expect(output).toContain('subjects[0].userId');
  expect(output).not.toContain('bad user id');
  expect(mock.calls()).toHaveLength(0);
});
