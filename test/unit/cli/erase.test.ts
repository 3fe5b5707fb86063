import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { createHmac } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { operatorErasureName } from '../../../lambdas/core/erasure/operator-erasure';
import { decodeBlob } from '../../../lambdas/core/store/blob-codec';
import { JobStore } from '../../../lambdas/core/store/job-store';
import { cliHarness, executionArn, STATE_MACHINE_ARN } from './support/cli-harness';
import { JOB_TABLE, KMS_SECRET, mockDeployedStack } from './support/deployed-stack-mocks';
import { HistoryBuilder, jobRef, laneState, report, scriptExecution } from './support/fake-execution';

const cli = cliHarness();
const USER_ID = 'user-7f3a9c';
const IMAGE_IDS = ['photo-881.jpg', 'photo-882.jpg'];
const ARN = executionArn('ticket-42');
const eraseArgs = (...extra: string[]) => [
  'erase',
  '--user-id',
  USER_ID,
  '--external-image-id',
  IMAGE_IDS[0] ?? '',
  '--external-image-id',
  IMAGE_IDS[1] ?? '',
  '--collection-id',
  'kiosk',
  '--collection-id',
  'door',
  '--request-id',
  'ticket-42',
  '--state-machine-arn',
  STATE_MACHINE_ARN,
  ...extra,
];

/**
 * A history as the real one is: the lane states carry no identifiers, but the execution's input, the Plan's input
 * (the job) and the error causes (the Lambda failure and the `caught` the lane loop records) do.
 */
function erasureHistory() {
  const h = new HistoryBuilder();
  const job = {
    requestId: 'ticket-42',
    subjects: [{ userId: USER_ID, externalImageIds: IMAGE_IDS, collectionIds: ['kiosk', 'door'] }],
  };
  const ref = jobRef(
    { collections: 0, faceGroups: 0, find: 2, subjects: 2, projectVersions: 0, projects: 0, skipped: 0 },
    { find: [0, 1], subjects: [0] },
  );
  const cause = JSON.stringify({ errorMessage: `user ${USER_ID} is locked (${IMAGE_IDS[0]})` });
  const searched = (lane: number) => {
    const start = laneState('find', lane, { done: false });
    return h.task('FindSubjectFacesPage', laneState('find', lane, done(1, 1)), start);
  };
  const erasing = laneState('subjects', 0, { done: false });
  return [
    [
      ...h.started(job),
      ...h.task('Plan', ref, { job, planning: { done: false, invocations: 0 } }),
      ...h.map('FindSubjectFaces', ref, [searched(0), searched(1)]),
    ],
    [
      ...h.task('FinalizePlan', { ...ref, totals: { plannedDeletions: 3, faces: 2 } }, ref),
      ...h.failedAttempt('EraseSubject', 'RekognitionUnavailableError', cause, erasing),
      // The retries failed too: the loop's Catch hands the lane over to record the item's failure.
      ...h.pass('EraseSubjectRecordFailure', { ...erasing, caught: { Error: 'X', Cause: cause } }),
      ...h.task('EraseSubject', laneState('subjects', 0, done(2, 2, 2)), {
        ...erasing,
        failure: { Error: 'X', Cause: cause },
      }),
    ],
  ];
}

/** A lane that got through all its items. */
function done(position: number, items: number, invocations = 1) {
  return { done: true, position, items, invocations };
}

const erasureReport = report({
  requestId: 'ticket-42',
  collections: [],
  subjects: [
    { source: 'subjects[0]', subjectRef: 'sha256:9c1e', collectionsSearched: 2, facesFound: 0, collections: [] },
  ],
});

let stack: ReturnType<typeof mockDeployedStack>;
beforeEach(() => {
  cli.reset();
  stack = mockDeployedStack(cli);
});

/** What the CLI put in the job store as the job of `storedJob` (it deletes it once the execution is over). */
function storedJobWritten(storedJob: string): unknown {
  const put = cli.mocks.documents
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.TableName === JOB_TABLE && input.Item?.pk === `INPUT#${storedJob}`);
  return decodeBlob(put.sort((a, b) => (String(a.Item?.sk) < String(b.Item?.sk) ? -1 : 1)).map((p) => p.Item?.data));
}

test("erase keeps the subject job in the stack's job store and starts it by reference, named after the request id", async () => {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  scriptExecution(cli.mocks.sfn, {
    executionArn: ARN,
    batches: erasureHistory(),
    end: { status: 'SUCCEEDED', output: JSON.stringify(erasureReport) },
  });

  const result = await cli.run(eraseArgs('--yes'));

  expect(result.code).toBe(0);
  const start = cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
  // Named as its receipt: the CLI is a requester of its own, so its request ids never collide with the bus's.
  expect(start?.name).toBe(operatorErasureName('ticket-42'));
  const input = JSON.parse(start?.input ?? '{}') as { storedJob: string };
  expect(Object.keys(input)).toEqual(['storedJob']);
  expect(input.storedJob).toMatch(/^[0-9a-f]{64}$/);
  for (const secret of [USER_ID, ...IMAGE_IDS]) expect(start?.input).not.toContain(secret);
  // The job itself went to the store (the stack's table, from its outputs), under the reference.
  expect(storedJobWritten(input.storedJob)).toEqual({
    requestId: 'ticket-42',
    subjects: [{ userId: USER_ID, externalImageIds: IMAGE_IDS, collectionIds: ['kiosk', 'door'] }],
  });
  // The key is the job's fingerprint made with the stack's KMS key, never with a local one.
  expect(cli.mocks.kms.calls().length).toBeGreaterThan(0);
  // A receipt like a bus request's, which the stack's receipt function settles when the execution closes (and then
  // deletes the stored job).
  const receipt = stack.receipts.get(operatorErasureName('ticket-42')) as Record<string, unknown>;
  expect(receipt).toMatchObject({
    requestId: 'ticket-42',
    requestSource: 'rekognition-cleanup.cli',
    status: 'IN_PROGRESS',
    executionArn: executionArn(operatorErasureName('ticket-42')),
    receivedAt: '2026-11-22T10:30:00.000Z',
    dueAt: '2026-11-23T10:30:00.000Z',
    legalDeadline: '2026-12-22T10:30:00.000Z',
    subjectRef: `hmac:${createHmac('sha256', KMS_SECRET)
      .update([USER_ID, ...[...IMAGE_IDS].sort()].join('\n'))
      .digest('base64url')}`,
  });
  for (const secret of [USER_ID, ...IMAGE_IDS]) expect(JSON.stringify(receipt)).not.toContain(secret);
  expect(result.stderr).toContain('receipt: requestId ticket-42');
  const lines = result.stderr.split('\n');
  expect(lines).toContain(
    'planned: 0 collections, 0 face lists, 2 subject searches, 0 project versions, 0 skipped (protected)',
  );
  expect(lines.filter((line) => line.startsWith('  subject searches lane'))).toEqual([
    '  subject searches lane 0: 1 of 1 searched (done)',
    '  subject searches lane 1: 1 of 1 searched (done)',
  ]);
  expect(lines).toContain('  subject erasures lane 0: 2 of 2 erased (done)');
});

test.each([[[]], [['--json']]])('the user id and image ids never reach stdout or stderr (%j)', async (extra) => {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  scriptExecution(cli.mocks.sfn, {
    executionArn: ARN,
    batches: erasureHistory(),
    end: { status: 'SUCCEEDED', output: JSON.stringify(erasureReport) },
  });

  // On a terminal, so the confirmation prompt (which describes the job) is printed too.
  const result = await cli.run(eraseArgs(...extra), { tty: true, stdin: 'delete\n' });

  expect(result.code).toBe(0);
  expect(result.stderr).toContain('About to delete in AWS account 123456789012, region eu-west-1');
  // The history does hold them (the job, the causes), so what follows proves the CLI keeps them out.
  const history = JSON.stringify(erasureHistory());
  for (const secret of [USER_ID, ...IMAGE_IDS]) expect(history).toContain(secret);
  // The failure is shown by error name only: its cause quotes the identifiers.
  expect(result.stderr).toContain('  subject erasures lane 0: item failed, X\n');
  expect(result.stderr).toContain('  EraseSubject: attempt failed (RekognitionUnavailableError)');
  expect(result.stderr).toContain('  subject erasures lane 0: 2 of 2 erased (done)\n');
  const printed = result.stdout + result.stderr;
  for (const secret of [USER_ID, ...IMAGE_IDS]) expect(printed).not.toContain(secret);
});

test('--dry-run erases nothing and needs no confirmation', async () => {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  scriptExecution(cli.mocks.sfn, {
    executionArn: ARN,
    batches: [[]],
    end: { status: 'SUCCEEDED', output: JSON.stringify({ ...erasureReport, dryRun: true }) },
  });
  const result = await cli.run(['erase', '--user-id', USER_ID, '--dry-run', '--state-machine-arn', STATE_MACHINE_ARN]);
  expect(result.code).toBe(0);
  const { storedJob } = JSON.parse(cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}');
  // Without --request-id, the erasure gets a fresh one: it names the receipt.
  const written = storedJobWritten(storedJob) as { requestId: string };
  expect(written).toEqual({
    dryRun: true,
    subjects: [{ userId: USER_ID }],
    requestId: expect.stringMatching(/^cli-20261122T103000-[0-9a-f]{6}$/),
  });
  expect(stack.receipts.get(operatorErasureName(written.requestId))).toMatchObject({
    dryRun: true,
    status: 'IN_PROGRESS',
  });
});

test('the same requestId for another person is refused before anything starts', async () => {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  scriptExecution(cli.mocks.sfn, {
    executionArn: ARN,
    batches: [[]],
    end: { status: 'SUCCEEDED', output: JSON.stringify(erasureReport) },
  });
  expect((await cli.run(eraseArgs('--yes'))).code).toBe(0);
  const other = await cli.run([
    'erase',
    '--user-id',
    'someone-else',
    '--request-id',
    'ticket-42',
    '--state-machine-arn',
    STATE_MACHINE_ARN,
    '--yes',
  ]);
  expect(other.code).toBe(2);
  expect(other.stderr).toContain('requestId "ticket-42": requestId: already used for another erasure');
  expect(cli.mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(1);
});

test('the same erasure run twice joins the execution it started: the same reference', async () => {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  const end = { status: 'SUCCEEDED' as const, output: JSON.stringify(erasureReport) };
  scriptExecution(cli.mocks.sfn, { executionArn: ARN, batches: [[]], end });
  expect((await cli.run(eraseArgs('--yes'))).code).toBe(0);
  scriptExecution(cli.mocks.sfn, { executionArn: ARN, batches: [[]], end });
  expect((await cli.run(eraseArgs('--yes'))).code).toBe(0);
  const inputs = cli.mocks.sfn.commandCalls(StartExecutionCommand).map((call) => call.args[0].input.input);
  expect(inputs).toHaveLength(2);
  expect(inputs[0]).toBe(inputs[1]);
});

test('the whole report comes from the job store, not the shortened one in the execution output', async () => {
  const whole = { ...erasureReport, jobId: 'job-1', notes: ['the whole report'] };
  await new JobStore(cli.clients.documents, JOB_TABLE, 30).putBlob('job-1', 'report', whole);
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  scriptExecution(cli.mocks.sfn, {
    executionArn: ARN,
    batches: [[]],
    end: { status: 'SUCCEEDED', output: JSON.stringify({ ...erasureReport, jobId: 'job-1', truncated: true }) },
  });
  const result = await cli.run(eraseArgs('--yes', '--json'));
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(whole);
});

test('a state machine that CloudFormation did not tag: the erasure is refused before anything is stored', async () => {
  cli.reset();
  const result = await cli.run(eraseArgs('--yes'));
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('Give --stack-name instead');
  expect(cli.mocks.sfn.commandCalls(StartExecutionCommand)).toHaveLength(0);
  expect(cli.mocks.documents.calls()).toHaveLength(0);
});

test('erase without --user-id or --external-image-id: exit 2, nothing touched', async () => {
  const result = await cli.run([
    'erase',
    '--collection-id',
    'kiosk',
    '--state-machine-arn',
    STATE_MACHINE_ARN,
    '--yes',
  ]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('erase needs --user-id or at least one --external-image-id');
  expect(cli.awsCalls()).toBe(0);
});

test('an invalid user id: exit 2, and the message does not repeat it', async () => {
  const badId = 'jane doe <jane@example.com>';
  const result = await cli.run(['erase', '--user-id', badId, '--state-machine-arn', STATE_MACHINE_ARN, '--yes']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('invalid job: subjects[0].userId');
  expect(result.stderr).not.toContain('jane');
  expect(cli.awsCalls()).toBe(0);
});
