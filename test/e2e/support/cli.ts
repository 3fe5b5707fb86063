import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const PROJECT_ROOT = path.join(__dirname, '..', '..', '..');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `npx tsx bin/cli.ts <args>` in a child process. Asynchronous on purpose: the emulator the command talks to
 * runs in the test's own process, so the test's event loop must keep serving it while the command runs.
 */
export function runCli(args: string[], timeoutMs = 90_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'bin/cli.ts', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`rekognition-cleanup ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Writes a job file in a fresh temporary directory and returns its path. */
export function writeJobFile(job: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rekognition-cleanup-e2e-job-'));
  const file = path.join(dir, 'job.json');
  writeFileSync(file, JSON.stringify(job, null, 2));
  return file;
}

/**
 * The report `--json` printed: the pretty-printed JSON document on stdout (from a line `{` to a line `}`). Lenient on
 * purpose, so that the tests of exit codes and reports do not depend on stdout holding nothing else; the test of
 * that contract parses stdout whole.
 */
export function reportIn(stdout: string): unknown {
  const block = /^\{\n[\s\S]*?^\}$/m.exec(stdout);
  if (block === null) throw new Error(`no pretty-printed JSON document on stdout:\n${stdout}`);
  return JSON.parse(block[0]);
}
