import { closestName, didYouMean } from '../../../lambdas/core/did-you-mean';
import { TimeBudget } from '../../../lambdas/core/time-budget';
import { checkEndpointUrl } from '../../../lib/cli/aws-access';
import { awsProblem } from '../../../lib/cli/aws-clients';
import { count, counted, duration, rate } from '../../../lib/cli/format-numbers';
import { facesBarText, ProgressDisplay } from '../../../lib/cli/progress-display';
import { liveOutput } from '../../../lib/cli/terminal';
import { UsageError } from '../../../lib/cli/io';

const TOTALS = { plannedDeletions: 50_000, faces: 50_000, collections: 0, users: 0, projectVersions: 0, projects: 0 };

describe('numbers, as every line and the report write them', () => {
  test.each([
    [count(40960), '40,960'],
    [count(7), '7'],
    [counted(1, 'face list'), '1 face list'],
    [counted(2048, 'face list'), '2,048 face lists'],
    [counted(3, 'subject search', 'subject searches'), '3 subject searches'],
    [duration(850), '850 ms'],
    [duration(42_000), '42 s'],
    [duration(185_000), '3 min 05 s'],
    [duration(7_620_000), '2 h 07 min'],
    [rate(1020.4), '1,020/s'],
    [rate(3.44), '3.4/s'],
    [rate(0), '0/s'],
  ])('%s', (text, expected) => {
    expect(text).toBe(expected);
  });
});

describe('the faces bar', () => {
  test("running total, rate, ETA and elapsed time, in the report's number format", () => {
    const text = facesBarText({
      planned: TOTALS,
      facesDeleted: 20_480,
      elapsedMs: 20_000,
      facesPerSecond: 1024,
      etaMs: 28_828,
    });
    expect(text).toBe('faces [##########--------------] 20,480 of 50,000 deleted · 1,024/s · ETA 28 s · 20 s elapsed');
  });

  test('before the first deletion: no rate and no ETA to make up', () => {
    expect(facesBarText({ planned: TOTALS, facesDeleted: 0, elapsedMs: 3_000 })).toBe(
      'faces [------------------------] 0 of 50,000 deleted · starting · 3 s elapsed',
    );
  });

  test('figures: the larger of what the lanes recorded and what Rekognition confirmed; rate since the plan', () => {
    let now = 0;
    const writes: string[] = [];
    const display = new ProgressDisplay({
      stream: { write: (text: string) => writes.push(text) } as never,
      live: false,
      dryRun: false,
      now: () => now,
    });
    now = 5_000;
    display.show({ type: 'planChecked', totals: TOTALS });
    now = 15_000;
    display.observeDeletedFaces(8_192);
    expect(display.figures()).toMatchObject({ facesDeleted: 8_192, facesPerSecond: 819.2, elapsedMs: 15_000 });
    expect(display.figures().etaMs).toBeCloseTo((41_808 / 819.2) * 1000);
    // A lane's own total (faces of a collection deleted whole are never seen as DeleteFaces calls) takes over.
    display.show({
      type: 'lane',
      kind: 'collections',
      lane: 0,
      progress: { done: false, position: 0, items: 2, invocations: 1, facesDeleted: 10_000 },
    });
    expect(display.figures().facesDeleted).toBe(10_000);
    // Plain output: the plan line and the lane line, nothing redrawn.
    expect(writes.join('')).toBe(
      'plan checked: 50,000 deletions planned (50,000 faces, 0 collections, 0 project versions)\n' +
        '  collections lane 0: 0 of 2 cleaned, 10,000 faces deleted\n',
    );
  });

  test('a waiting lane says for how long the display has seen it wait', () => {
    let now = 0;
    const writes: string[] = [];
    const display = new ProgressDisplay({
      stream: { write: (t: string) => writes.push(t) } as never,
      live: false,
      dryRun: false,
      now: () => now,
    });
    const waiting = (polls: number) =>
      ({
        type: 'lane',
        kind: 'projectVersions',
        lane: 0,
        progress: { done: false, position: 0, items: 1, invocations: polls, polls, wait: 'LONG' },
      }) as const;
    display.show(waiting(1));
    now = 65_000;
    display.show(waiting(2));
    expect(writes[1]).toBe(
      '  project versions lane 0: 0 of 1 settled, waiting for the others to finish training or copying (poll 2, 1 min 05 s so far)\n',
    );
  });
});

describe('live output only on a terminal', () => {
  const io = (stdout: boolean, stderr: boolean) =>
    ({ stdout: { isTTY: stdout }, stderr: { isTTY: stderr }, stdin: {} }) as never;
  test.each([
    [true, true, {}, true],
    [false, true, {}, false],
    [true, false, {}, false],
    [true, true, { TERM: 'dumb' }, false],
  ])('stdout %s, stderr %s, %j: live %s', (stdout, stderr, env, live) => {
    expect(liveOutput(io(stdout, stderr), env)).toBe(live);
  });
});

describe('did you mean', () => {
  test.each([
    ['inptu', ['input', 'json', 'yes'], 'input'],
    ['dryrun', ['dry-run', 'dryRun'], 'dryRun'],
    ['selectt', ['select', 'action'], 'select'],
    ['rnu', ['run', 'plan', 'erase'], 'run'],
    ['purge', ['run', 'plan', 'erase', 'status', 'inventory'], undefined],
    ['x', [], undefined],
  ])('%s among %j: %s', (input, known, expected) => {
    expect(closestName(input, known)).toBe(expected);
  });

  test("as a message suffix, quoted the caller's way, or nothing", () => {
    expect(didYouMean('colections', ['collections', 'faces'])).toBe(' (did you mean "collections"?)');
    expect(didYouMean('inptu', ['input'], (name) => `--${name}`)).toBe(' (did you mean --input?)');
    expect(didYouMean('zzz', ['input'])).toBe('');
  });
});

describe('error lines', () => {
  test.each([
    ['127.0.0.1:4599', 'did you mean http://127.0.0.1:4599?'],
    ['localhost:4599', 'did you mean http://localhost:4599?'],
    ['ftp://127.0.0.1', 'must be a URL such as http://127.0.0.1:4599'],
    ['not a url', 'must be a URL such as http://127.0.0.1:4599'],
  ])('--rekognition-endpoint %s: a usage error naming the fix', (endpoint, message) => {
    expect(() => checkEndpointUrl(endpoint)).toThrow(UsageError);
    expect(() => checkEndpointUrl(endpoint)).toThrow(message);
  });

  test('a URL passes unchanged', () => {
    expect(checkEndpointUrl('http://127.0.0.1:4599')).toBe('http://127.0.0.1:4599');
  });

  test('credentials and region problems are one line', () => {
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    expect(awsProblem(noCredentials)).toBe('no AWS credentials found: Could not load credentials from any providers');
    expect(awsProblem(new Error('Region is missing'))).toBe(
      'no AWS region configured: pass --region or set AWS_REGION',
    );
  });
});

describe('a time budget that the invocation can cut short', () => {
  test('a context that says no time is left ends the budget at once (a stopped local run)', () => {
    let left = 600_000;
    const budget = TimeBudget.fromLambdaContext({ getRemainingTimeInMillis: () => left });
    expect(budget.expired()).toBe(false);
    left = 0;
    expect(budget.expired()).toBe(true);
  });
});
