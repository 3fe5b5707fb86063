import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { cliHarness, executionArn, STATE_MACHINE_ARN } from './support/cli-harness';
import { HistoryBuilder, report, scriptExecution } from './support/fake-execution';

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

/** A history full of the subject's identifiers, as the real one is: targets, error causes. */
function erasureHistory() {
  const h = new HistoryBuilder();
  const unit = { subjectIndex: 0, collectionId: 'kiosk', userId: USER_ID, externalImageIds: IMAGE_IDS };
  const erasure = { collectionId: 'kiosk', faceIds: ['f'], deleteUserId: USER_ID, source: 'subjects[0]' };
  const cause = JSON.stringify({ errorMessage: `user ${USER_ID} is locked (${IMAGE_IDS[0]})` });
  return [
    [
      ...h.started({ subjects: [{ userId: USER_ID }] }),
      ...h.task('Plan', {
        plan: { collections: [], faceGroups: [], subjectUnits: [unit], projectVersions: [], skipped: [] },
      }),
      ...h.task('FindSubjectFacesPage', { target: unit, progress: { done: true, faceIds: ['a', 'b', 'c'] } }),
    ],
    [
      ...h.failedAttempt('EraseSubject', 'RekognitionUnavailableError', cause),
      ...h.caught('EraseSubjectFailed', {
        target: erasure,
        progress: { done: false },
        failure: { Error: 'X', Cause: cause },
      }),
      ...h.task('EraseSubject', { target: { ...erasure, collectionId: 'door' }, progress: { done: true, deleted: 3 } }),
    ],
  ];
}

const erasureReport = report({
  requestId: 'ticket-42',
  collections: [],
  subjects: [
    { source: 'subjects[0]', subjectRef: 'sha256:9c1e', collectionsSearched: 2, facesFound: 0, collections: [] },
  ],
});

beforeEach(() => cli.reset());

test('erase builds the subject job and starts it named after the request id', async () => {
  cli.mocks.sfn.on(StartExecutionCommand).resolves({ executionArn: ARN, startDate: new Date() });
  scriptExecution(cli.mocks.sfn, {
    executionArn: ARN,
    batches: erasureHistory(),
    end: { status: 'SUCCEEDED', output: JSON.stringify(erasureReport) },
  });

  const result = await cli.run(eraseArgs('--yes'));

  expect(result.code).toBe(0);
  const start = cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input;
  expect(start?.name).toBe('ticket-42');
  expect(JSON.parse(start?.input ?? '{}')).toEqual({
    requestId: 'ticket-42',
    subjects: [{ userId: USER_ID, externalImageIds: IMAGE_IDS, collectionIds: ['kiosk', 'door'] }],
  });
  expect(result.stderr).toContain('searched kiosk: 3 faces found');
  expect(result.stderr).toContain('subjects[0] in door: 3 faces deleted (done)');
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
  expect(result.stderr).toContain('About to run against');
  // The failure is shown by error name only: its cause quotes the identifiers.
  expect(result.stderr).toContain('  subjects[0] in kiosk: FAILED X\n');
  expect(result.stderr).toContain('  EraseSubject: attempt failed (RekognitionUnavailableError)');
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
  expect(JSON.parse(cli.mocks.sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input.input ?? '{}')).toEqual({
    dryRun: true,
    subjects: [{ userId: USER_ID }],
  });
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
