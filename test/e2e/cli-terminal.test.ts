import { type RunningEmulator, startEmulator } from '../../local/emulator';
import { reportIn, runCli, writeJobFile } from './support/cli';
import { projectArnIn } from './support/world-state';
import { hasTmux, TerminalSession } from './support/tmux';
import type { CleanupReport } from '../../lambdas/core/report/types';

/**
 * What a person sees on a terminal (issue 15): the command runs in a real pseudo-terminal (tmux) against an emulator
 * in this process, and the screen is read at a few moments. Slow on purpose: DeleteFaces is held to 1 call a second
 * (4,096 faces), so a purge of 20,000 faces takes several seconds, long enough to read and to interrupt.
 */
const describeOnTerminal = hasTmux() ? describe : describe.skip;
if (!hasTmux()) console.warn('tmux is not installed: the terminal tests are skipped');

const CLI = 'node bin/rekognition-cleanup.js';
const FACES = 20_000;
const PURGE = { requestId: 'purge-tmp', collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_FACES' }] };

let emulator: RunningEmulator | undefined;
let session: TerminalSession | undefined;
afterEach(async () => {
  session?.close();
  session = undefined;
  await emulator?.close();
  emulator = undefined;
});

describeOnTerminal('on a terminal', () => {
  test('a purge shows a bar with the running total, rate and ETA; Ctrl-C stops after the calls in flight, says what was done and how to go on, exits 130; the same job again finishes it', async () => {
    emulator = await startEmulator({
      seed: {
        collections: [
          { id: 'tmp-big', faces: [{ generate: { count: FACES } }] },
          { id: 'keep', faces: [{ generate: { count: 3 } }] },
        ],
      },
      tps: { DeleteFaces: 1 },
    });
    const job = writeJobFile(PURGE);
    session = new TerminalSession(`${CLI} run --input ${job} --rekognition-endpoint ${emulator.url}`);

    // At once: the first line, before the state machine is even loaded.
    const first = await session.waitFor(/running the job locally/, 5_000);
    expect(first).toContain(`running the job locally against the Rekognition endpoint ${emulator.url}`);

    // Mid-purge: the plan, then one bar that is redrawn in place (never a line per update).
    const midway = await session.waitFor(/faces \[#+-+\] [1-9][\d,]* of 20,000 deleted · [\d,.]+\/s · ETA \d/);
    expect(midway).toContain(
      'plan checked: 20,000 deletions planned (20,000 faces, 0 collections, 0 project versions)',
    );
    expect(midway.match(/faces \[/g)).toHaveLength(1);

    session.pressCtrlC();
    const end = await session.waitFor(/EXIT=\d+/, 60_000);
    expect(end).toContain('Ctrl-C: finishing the calls in flight, then stopping');
    expect(end).toContain('STOPPED (Ctrl-C)');
    expect(end).toContain('To finish, run the same command again');
    expect(end).toContain('EXIT=130');
    // What the report says was deleted is what the world lost, and what the bar last showed.
    const deleted = Number(/deleted: ([\d,]+) faces/.exec(end)?.[1]?.replaceAll(',', ''));
    expect(deleted).toBeGreaterThan(0);
    expect(deleted).toBeLessThan(FACES);
    expect(emulator.world.collection('tmp-big')?.faceCount).toBe(FACES - deleted);
    expect(end).toMatch(new RegExp(`faces \\[[#-]+\\] ${deleted.toLocaleString('en-US')} of 20,000 deleted`));

    // The same job again: it plans from what is left and finishes, deleting nothing twice.
    const again = await runCli(['run', '--input', job, '--rekognition-endpoint', emulator.url, '--json']);
    expect(again.code).toBe(0);
    const report = reportIn(again.stdout) as CleanupReport;
    expect(report.deleted.faces).toBe(FACES - deleted);
    expect(emulator.world.collection('tmp-big')?.faceCount).toBe(0);
    expect(emulator.world.collection('keep')?.faceCount).toBe(3);
  }, 240_000);

  test('a wait shows one status line, redrawn with the poll count and the time waited', async () => {
    emulator = await startEmulator({
      // Stopping takes 20 s: long enough to watch the lane poll (its waits are scaled down on the emulator).
      transitionMs: 20_000,
      seed: {
        projects: [{ name: 'door-cam', versions: [{ name: 'v-serving', status: 'RUNNING', minInferenceUnits: 1 }] }],
      },
    });
    const job = writeJobFile({
      projectVersions: [{ select: { projectArn: projectArnIn(emulator, 'door-cam') }, stopRunning: true }],
    });
    session = new TerminalSession(`${CLI} run --input ${job} --rekognition-endpoint ${emulator.url}`);
    const waiting =
      /project versions lane 0: 0 of 1 settled; waiting for 1 to (?:stop|be deleted) \(poll (\d+), ([^)]+) so far\)/;
    const early = await session.waitFor(waiting);
    // Later: more polls, and a time waited that has grown to seconds.
    const later = await session.waitFor(
      /settled; waiting for 1 to (?:stop|be deleted) \(poll ([3-9]|\d\d+), ([1-9]\d* s|\d+ min \d+ s) so far\)/,
      60_000,
    );
    const pollOf = (screen: string) => Number(waiting.exec(screen)?.[1]);
    expect(pollOf(later)).toBeGreaterThan(pollOf(early));
    // Redrawn in place: one status line on the screen, however many polls.
    expect(later.match(/waiting for 1 to/g)).toHaveLength(1);
    const end = await session.waitFor(/EXIT=\d+/, 120_000);
    expect(end).toContain('EXIT=0');
    expect(end).toMatch(/project versions lane 0: 1 of 1 settled \(done after [\d,]+ polls/);
  }, 240_000);
});

describe('not on a terminal', () => {
  test('plain lines, one per event, with the same figures, and no cursor movement', async () => {
    emulator = await startEmulator({
      seed: { collections: [{ id: 'tmp-small', faces: [{ generate: { count: 5000 } }] }] },
    });
    const result = await runCli(['run', '--input', writeJobFile(PURGE), '--rekognition-endpoint', emulator.url]);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain('\u001b[');
    expect(result.stderr).not.toContain('\r');
    expect(result.stderr.split('\n')).toEqual(
      expect.arrayContaining([
        'plan checked: 5,000 deletions planned (5,000 faces, 0 collections, 0 project versions)',
        '  collections lane 0: 1 of 1 cleaned, 5,000 faces deleted (done)',
      ]),
    );
    expect(result.stdout).toContain('deleted: 5,000 faces');
  }, 120_000);
});
