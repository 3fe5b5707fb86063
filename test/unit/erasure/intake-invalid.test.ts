import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { takeErasureRequest } from '../../../lambdas/core/erasure/intake';
import { BAD_JOBS } from '../../fixtures/bad-jobs';
import { type FakeAws, fakeAws, requestEvent } from '../../support/fake-erasure-aws';

let aws: FakeAws;
beforeEach(() => {
  aws = fakeAws();
});

/** Every bad job of the fixtures that is one bad subject: as a request, it must be refused at the same field. */
const BAD_SUBJECTS = BAD_JOBS.filter(
  ({ job, field }) =>
    typeof job === 'object' &&
    job !== null &&
    Object.keys(job).join() === 'subjects' &&
    Array.isArray((job as { subjects: unknown }).subjects) &&
    (job as { subjects: unknown[] }).subjects.length === 1 &&
    field.startsWith('subjects[0]'),
).map(({ name, job, field }) => ({
  name,
  subject: (job as { subjects: unknown[] }).subjects[0],
  field: `detail.subject${field.slice('subjects[0]'.length)}`,
}));

const VALID = { requestId: 'crm-1', subject: { userId: 'customer-8841' } };

const MALFORMED: { name: string; event: unknown; field: string }[] = [
  { name: 'not an object', event: 'ErasureRequested', field: 'event' },
  {
    name: 'another detail-type',
    event: requestEvent(VALID, { 'detail-type': 'ErasureRequest' }),
    field: 'detail-type',
  },
  { name: 'no source', event: requestEvent(VALID, { source: undefined }), field: 'source' },
  { name: 'no time', event: requestEvent(VALID, { time: undefined }), field: 'time' },
  { name: 'no detail', event: requestEvent(undefined), field: 'detail' },
  { name: 'detail a string', event: requestEvent(JSON.stringify(VALID)), field: 'detail' },
  { name: 'no requestId', event: requestEvent({ subject: VALID.subject }), field: 'detail.requestId' },
  { name: 'requestId with a dot', event: requestEvent({ ...VALID, requestId: 'crm.1' }), field: 'detail.requestId' },
  {
    name: 'requestId of 81 chars',
    event: requestEvent({ ...VALID, requestId: 'r'.repeat(81) }),
    field: 'detail.requestId',
  },
  { name: 'no subject', event: requestEvent({ requestId: 'crm-1' }), field: 'detail.subject' },
  { name: 'subject an array', event: requestEvent({ ...VALID, subject: [VALID.subject] }), field: 'detail.subject' },
  { name: 'unknown field (typo)', event: requestEvent({ ...VALID, dryrun: true }), field: 'detail.dryrun' },
  {
    name: 'unknown field with personal data',
    event: requestEvent({ ...VALID, email: 'jane@x.eu' }),
    field: 'detail.email',
  },
  { name: 'dryRun as a string', event: requestEvent({ ...VALID, dryRun: 'false' }), field: 'detail.dryRun' },
  {
    name: 'requestedAt on February 30',
    event: requestEvent({ ...VALID, requestedAt: '2026-02-30T10:00:00Z' }),
    field: 'detail.requestedAt',
  },
  {
    name: 'requestedAt without a time zone',
    event: requestEvent({ ...VALID, requestedAt: '2026-02-03T10:00:00' }),
    field: 'detail.requestedAt',
  },
  { name: 'requester empty', event: requestEvent({ ...VALID, requester: '' }), field: 'detail.requester' },
  {
    name: 'requester of 129 chars',
    event: requestEvent({ ...VALID, requester: 'a'.repeat(129) }),
    field: 'detail.requester',
  },
  {
    name: 'requester with a newline',
    event: requestEvent({ ...VALID, requester: 'crm\nforged' }),
    field: 'detail.requester',
  },
  ...[
    ['a tab', 'crm\tservice'],
    ['an escape sequence', 'crm\u001b[2J'],
    ['a right-to-left override', 'crm-\u202egpj.exe'],
    ['a left-to-right isolate', 'crm-\u2066x\u2069'],
    ['a zero-width space', 'crm\u200bservice'],
    ['a zero-width joiner', 'crm\u200dservice'],
    ['a byte-order mark', '\ufeffcrm'],
    ['a non-breaking space', 'crm\u00a0service'],
    ['a lone high surrogate', 'crm\ud800'],
    ['a lone low surrogate', '\udc00crm'],
    ['a private-use character', 'crm\ue000'],
  ].map(([what, requester]) => ({
    name: `requester with ${what}`,
    event: requestEvent({ ...VALID, requester }),
    field: 'detail.requester',
  })),
  ...[
    ['in 1970', '1970-01-01T00:00:00Z'],
    ['in year 0000', '0000-01-01T00:00:00Z'],
    ['in 1999', '1999-12-31T23:59:59Z'],
    ['more than an hour ahead of the intake', '2026-11-22T10:00:06Z'],
  ].flatMap(([when, time]) => [
    { name: `event time ${when}`, event: requestEvent(VALID, { time }), field: 'time' },
    { name: `requestedAt ${when}`, event: requestEvent({ ...VALID, requestedAt: time }), field: 'detail.requestedAt' },
  ]),
];

test('the fixtures give enough subject cases to mean something', () => {
  expect(BAD_SUBJECTS.length).toBeGreaterThanOrEqual(10);
});

describe.each([
  ...BAD_SUBJECTS.map(({ name, subject, field }) => ({
    name: `bad subject: ${name}`,
    event: requestEvent({ requestId: 'crm-1', subject }),
    field,
  })),
  ...MALFORMED.map((entry) => ({ ...entry, name: `malformed: ${entry.name}` })),
])('$name', ({ event, field }) => {
  test('is refused at that field, never started nor recorded, and answered on the bus', async () => {
    const outcome = await takeErasureRequest(event, aws.deps);

    expect(outcome).toMatchObject({ kind: 'REJECTED', reason: { code: 'INVALID_REQUEST', field } });
    expect(aws.sfnMock.commandCalls(StartExecutionCommand)).toHaveLength(0);
    expect(aws.receipts.size).toBe(0);
    const [rejected, failed] = aws.published;
    expect(aws.published).toHaveLength(2);
    expect(rejected).toMatchObject({
      source: 'rekognition-cleanup',
      detailType: 'ErasureRejected',
      detail: { reason: { code: 'INVALID_REQUEST', field } },
    });
    expect(failed).toMatchObject({
      source: 'rekognition-cleanup',
      detailType: 'ErasureFailed',
      detail: { status: 'REJECTED', reason: { field } },
    });
  });
});

test('a refused request is answered under its own requestId when that one is valid', async () => {
  await takeErasureRequest(requestEvent({ requestId: 'crm-7', subject: { userId: 'a b' } }), aws.deps);
  expect(aws.published.map((e) => e.detail.requestId)).toEqual(['crm-7', 'crm-7']);
  expect(aws.published[0]?.detail.request).toEqual({
    eventId: 'c0ffee00-0000-4000-8000-000000000001',
    source: 'crm.customers',
    time: '2026-11-22T09:00:00Z',
    account: '123456789012',
    region: 'eu-west-1',
  });
});

test('the rejection never repeats the offending values (they may be personal data)', async () => {
  const secrets = ['jane.doe@example.com', 'passport-scan.jpg?x', 'jane@x.eu'];
  const events = [
    requestEvent({ requestId: 'crm-1', subject: { userId: secrets[0] } }),
    requestEvent({ requestId: 'crm-2', subject: { externalImageIds: [secrets[1]] } }),
    requestEvent({ ...VALID, email: secrets[2] }),
  ];
  for (const event of events) await takeErasureRequest(event, aws.deps);
  expect(aws.published).toHaveLength(6);
  const text = JSON.stringify(aws.published);
  for (const secret of secrets) expect(text).not.toContain(secret);
});
