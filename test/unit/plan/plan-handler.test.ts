import type { Context } from 'aws-lambda';
import { useRekognitionClient } from '../../../lambdas/core/aws/rekognition-client';
import { InvalidJobError } from '../../../lambdas/core/errors';
import { handler } from '../../../lambdas/plan/index';
import { testJobStore } from '../../support/test-job-store';
import { PROTECT_TAG, planAccount, STARTED_AT } from './plan-world';

const jobs = testJobStore();
const planning = { done: false, invocations: 0 };

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
  const { client } = planAccount({
    collections: [{ id: 'kyc-eu', createdAt: '2025-01-01T00:00:00Z', tags: PROTECT_TAG }],
  });
  useRekognitionClient(client);
  const event = {
    job: { subjects: [{ userId: 'customer-8841' }] },
    executionId: 'exec-42',
    startedAt: STARTED_AT,
    planning,
  };
  let output: unknown;
  const log = await logged(async () => {
    output = await jobs.run(() => handler(event, CONTEXT));
  });
  // One subject search, stored; the state gets the reference and counts only.
  expect(output).toMatchObject({ planned: { find: 1 }, lanes: { find: [0] }, planning: { done: true } });
  expect(JSON.stringify(output)).not.toContain('customer-8841');
  expect(log).toContain('plan stored');
  expect(log).toContain('exec-42');
  expect(log).not.toContain('customer-8841');
});

test('an invalid job is rejected with the field and rule logged, never the value', async () => {
  const rekognition = planAccount();
  useRekognitionClient(rekognition.client);
  const event = {
    job: { subjects: [{ userId: 'bad user id with spaces' }] },
    executionId: 'e',
    startedAt: STARTED_AT,
    planning,
  };
  await expect(jobs.run(() => handler(event, CONTEXT))).rejects.toBeInstanceOf(InvalidJobError);
  const output = await logged(() => jobs.run(() => handler(event, CONTEXT)));
  expect(output).toContain('subjects[0].userId');
  expect(output).not.toContain('bad user id');
  expect(rekognition.calls).toHaveLength(0);
});
