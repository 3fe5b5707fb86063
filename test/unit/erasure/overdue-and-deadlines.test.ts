import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { addCalendarMonths, erasureDeadlines } from '../../../lambdas/core/erasure/deadlines';
import { canonicalJson, jobFingerprint } from '../../../lambdas/core/erasure/fingerprint';
import { findOverdueErasures } from '../../../lambdas/core/erasure/overdue';

describe('findOverdueErasures', () => {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-west-1' }));
  const mock = mockClient(client);
  afterEach(() => mock.reset());

  test('queries every IN_PROGRESS receipt through the status index, every page; those past dueAt are overdue', async () => {
    mock
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { receiptKey: 'b', dueAt: '2026-11-21T10:00:00.000Z', status: 'IN_PROGRESS' },
          { receiptKey: 'a', dueAt: '2026-11-20T10:00:00.000Z', status: 'IN_PROGRESS' },
        ],
        LastEvaluatedKey: { receiptKey: 'a' },
      })
      .resolvesOnce({
        Items: [
          { receiptKey: 'd', dueAt: '2026-11-22T11:05:30.000Z', status: 'IN_PROGRESS' },
          { receiptKey: 'c', dueAt: '2026-11-22T08:00:00.000Z', status: 'IN_PROGRESS' },
        ],
      });
    const now = new Date('2026-11-22T09:05:00Z');

    const report = await findOverdueErasures({ client, tableName: 'receipts' }, 'status-dueAt', now, 2);

    expect(report).toEqual({
      count: 3,
      oldest: [
        { erasure: 'a', dueAt: '2026-11-20T10:00:00.000Z' },
        { erasure: 'b', dueAt: '2026-11-21T10:00:00.000Z' },
      ],
      open: 4,
      soonest: [
        { erasure: 'a', dueAt: '2026-11-20T10:00:00.000Z' },
        { erasure: 'b', dueAt: '2026-11-21T10:00:00.000Z' },
      ],
      // The earliest deadline is past.
      secondsToNextDeadline: 0,
    });
    const calls = mock.commandCalls(QueryCommand);
    expect(calls).toHaveLength(2);
    expect(calls[0]?.args[0].input).toMatchObject({
      TableName: 'receipts',
      IndexName: 'status-dueAt',
      KeyConditionExpression: '#status = :inProgress',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':inProgress': 'IN_PROGRESS' },
    });
    expect(calls[1]?.args[0].input.ExclusiveStartKey).toEqual({ receiptKey: 'a' });
  });

  test('open but none overdue: the time left before the earliest deadline', async () => {
    mock.on(QueryCommand).resolves({
      Items: [
        { receiptKey: 'late', dueAt: '2026-11-23T09:00:00.000Z' },
        { receiptKey: 'soon', dueAt: '2026-11-22T11:05:30.000Z' },
      ],
    });
    const report = await findOverdueErasures({ client, tableName: 'r' }, 'i', new Date('2026-11-22T09:05:00Z'));
    expect(report).toMatchObject({ count: 0, oldest: [], open: 2, secondsToNextDeadline: 2 * 3600 + 30 });
    expect(report.soonest.map((erasure) => erasure.erasure)).toEqual(['soon', 'late']);
  });

  test('none open is a count of zero (published too, so silence means the check did not run), and no deadline', async () => {
    mock.on(QueryCommand).resolves({ Items: [] });
    expect(await findOverdueErasures({ client, tableName: 'r' }, 'i', new Date())).toEqual({
      count: 0,
      oldest: [],
      open: 0,
      soonest: [],
    });
  });
});

describe('deadlines', () => {
  test.each([
    ['2026-11-22T09:00:00.000Z', '2026-12-22T09:00:00.000Z'],
    ['2026-01-31T23:30:00.000Z', '2026-02-28T23:30:00.000Z'],
    ['2028-01-31T00:00:00.000Z', '2028-02-29T00:00:00.000Z'],
    ['2026-12-31T12:00:00.000Z', '2027-01-31T12:00:00.000Z'],
    ['2026-03-31T00:00:00.000Z', '2026-04-30T00:00:00.000Z'],
  ])('one month after %s is %s (the last day of a shorter month)', (from, to) => {
    expect(addCalendarMonths(new Date(from), 1).toISOString()).toBe(to);
  });

  test('dueAt is the SLA after receipt', () => {
    expect(erasureDeadlines(new Date('2026-11-22T09:00:00Z'), 4 * 3600)).toEqual({
      receivedAt: '2026-11-22T09:00:00.000Z',
      dueAt: '2026-11-22T13:00:00.000Z',
      legalDeadline: '2026-12-22T09:00:00.000Z',
    });
  });
});

describe('job fingerprint', () => {
  test('does not depend on key order, does on any value', async () => {
    const job = { requestId: 'r', dryRun: false, subjects: [{ userId: 'u1' }] };
    expect(await jobFingerprint({ subjects: [{ userId: 'u1' }], dryRun: false, requestId: 'r' })).toBe(
      await jobFingerprint(job),
    );
    expect(await jobFingerprint({ ...job, dryRun: true })).not.toBe(await jobFingerprint(job));
    expect(await jobFingerprint({ ...job, subjects: [{ userId: 'u2' }] })).not.toBe(await jobFingerprint(job));
    expect(canonicalJson({ b: [1, { d: undefined, c: 'x' }], a: null })).toBe('{"a":null,"b":[1,{"c":"x"}]}');
  });

  test('is a keyed hash (HMAC): the subject id is not in it', async () => {
    expect(await jobFingerprint({ subjects: [{ userId: 'customer-8841' }] })).toMatch(/^hmac:[A-Za-z0-9_-]{43}$/);
  });
});
