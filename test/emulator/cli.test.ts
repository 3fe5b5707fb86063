import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeCollectionCommand, RekognitionClient } from '@aws-sdk/client-rekognition';

const ROOT = join(__dirname, '..', '..');
const LISTENING = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/m;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

/** `npx tsx local/emulator/main.ts ...args`, in its own process group so nothing can outlive the test. */
function runCli(args: string[]): Run {
  const child = spawn('npx', ['tsx', 'local/emulator/main.ts', ...args], { cwd: ROOT, detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The emulator's own process, at the bottom of npx -> sh -> tsx -> node. Followed by command line, because the
 * node process may itself have children (tsx starts an esbuild service when it has files to compile).
 */
function emulatorProcess(pid: number): number {
  let listing = '';
  try {
    listing = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' });
  } catch {
    // ps exits 1 when the process has no children: pid is the bottom.
  }
  const child = listing
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .find(([, ...args]) => args.join(' ').includes('local/emulator/main.ts'));
  return child ? emulatorProcess(Number(child[0])) : pid;
}

/** Resolves with the exit code, or 'still running' after `ms` so a stuck child cannot hang the suite. */
async function exitWithin(run: Run, ms: number): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), ms);
  });
  try {
    return await Promise.race([run.exit, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

function killGroup(run: Run): void {
  try {
    if (run.child.pid) process.kill(-run.child.pid, 'SIGKILL');
  } catch {
    // Already gone: the normal case.
  }
}

describe('emulator: command line', () => {
  it('prints the listening line, serves the seed, and exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emulator-cli-'));
    const seed = join(dir, 'world.json');
    writeFileSync(seed, JSON.stringify({ collections: [{ id: 'from-cli', faces: [{ generate: { count: 3 } }] }] }));
    const run = runCli(['--port', '0', '--seed', seed, '--tps', 'ListFaces=5,DeleteFaces=5', '--transition-ms', '10']);
    try {
      const url = await waitFor(() => LISTENING.exec(run.stdout())?.[1], 30_000);
      expect(run.stdout().trim()).toBe(`listening on ${url}`);
      const client = new RekognitionClient({
        endpoint: url,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
        maxAttempts: 1,
      });
      expect((await client.send(new DescribeCollectionCommand({ CollectionId: 'from-cli' }))).FaceCount).toBe(3);
      client.destroy();
      // npx runs tsx through `sh -c`, which does not pass signals on, so the signal goes to the emulator itself.
      process.kill(emulatorProcess(run.child.pid ?? 0), 'SIGTERM');
      expect(await exitWithin(run, 15_000)).toBe(0);
    } finally {
      killGroup(run);
    }
  });

  it.each([
    [['--bogus'], /unknown option --bogus/],
    [['--port', 'eighty'], /--port must be an integer/],
    [['--fault-rate', '2'], /--fault-rate must be in \[0, 1\]/],
    [['--tps', 'ListFaces'], /--tps expects Operation=n pairs/],
    [['--seed', '/nonexistent/world.json'], /invalid \/nonexistent\/world.json:\n {2}- cannot be read/],
  ])('rejects %j with a message on stderr and exit status 2', async (args, message) => {
    const run = runCli(args);
    try {
      expect(await exitWithin(run, 30_000)).toBe(2);
      expect(run.stderr()).toMatch(message);
      expect(run.stdout()).toBe('');
    } finally {
      killGroup(run);
    }
  });
});
