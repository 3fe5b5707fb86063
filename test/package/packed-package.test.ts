import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type RunningEmulator, startEmulator } from '../../local/emulator';

/**
 * The package as a platform team gets it: `npm pack`, installed into a copy of examples/cdk-app (a CDK app of its
 * own) with no TypeScript tooling, the app synthesized, and the installed CLI run, including a local run of the
 * built workflow against the emulator. Needs dist/ (npm test builds it first).
 */
const ROOT = path.join(__dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'rekognition-cleanup-package-'));
const app = path.join(work, 'app');
let tarball: string;
let packedFiles: string[];
let emulator: RunningEmulator | undefined;

jest.setTimeout(240_000);

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'workflow.json'))) throw new Error('dist/ is missing: run npm run build');
  // --ignore-scripts: prepack would build again; dist/ is this checkout's build.
  const packed = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  const [info] = JSON.parse(packed) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(work, info!.filename);
  packedFiles = info!.files.map((file) => file.path);
  cpSync(path.join(ROOT, 'examples', 'cdk-app'), app, { recursive: true });
  install(tarball);
});

afterAll(async () => {
  await emulator?.close();
  rmSync(work, { recursive: true, force: true });
});

test('the package holds the build, no TypeScript to execute', () => {
  expect(packedFiles.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
  for (const file of ['dist/lib/index.js', 'dist/lib/index.d.ts', 'dist/bin/cli.js', 'dist/workflow.json']) {
    expect(packedFiles).toContain(file);
  }
  expect(packedFiles).toContain('dist/lambda-bundles/plan/index.js');
  expect(packedFiles.some((file) => file.startsWith('schemas/'))).toBe(true);
  // Installed without tsx, TypeScript or esbuild: nothing at run time may need them.
  for (const tool of ['tsx', 'typescript', 'esbuild'])
    expect(existsSync(path.join(app, 'node_modules', tool))).toBe(false);
});

test('the example app synthesizes RekognitionCleanup, its functions deployed from the pre-bundled code', () => {
  const outdir = path.join(app, 'cdk.out');
  run(process.execPath, ['app.js'], app, { CDK_OUTDIR: outdir });
  const template = JSON.parse(readFileSync(path.join(outdir, 'PlatformFaces.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const resources = Object.values(template.Resources);
  expect(resources.filter((r) => r.Type === 'AWS::StepFunctions::StateMachine')).toHaveLength(1);
  const functions = resources.filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime !== undefined);
  expect(functions.length).toBeGreaterThanOrEqual(11);

  const assets = JSON.parse(readFileSync(path.join(outdir, 'PlatformFaces.assets.json'), 'utf8')) as {
    files: Record<string, { source: { path: string }; destinations: Record<string, { objectKey: string }> }>;
  };
  const folderOfKey = new Map(
    Object.values(assets.files).flatMap((asset) =>
      Object.values(asset.destinations).map((d) => [d.objectKey, path.join(outdir, asset.source.path)] as const),
    ),
  );
  for (const fn of functions.filter((f) => f.Properties.Handler === 'index.handler')) {
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    const key = (fn.Properties.Code as { S3Key: string }).S3Key;
    const folder = folderOfKey.get(key)!;
    // What the build bundled, as it is in the installed package.
    const bundled = readdirSync(folder).sort();
    expect(bundled).toEqual(['index.js', 'index.js.map']);
  }
  // Every workflow and erasure function (11 handlers) runs pre-bundled code.
  expect(functions.filter((f) => f.Properties.Handler === 'index.handler').length).toBeGreaterThanOrEqual(11);
  const bundleSizes = functions
    .filter((f) => f.Properties.Handler === 'index.handler')
    .map((f) => statSync(path.join(folderOfKey.get((f.Properties.Code as { S3Key: string }).S3Key)!, 'index.js')).size);
  expect(Math.min(...bundleSizes)).toBeGreaterThan(10_000);
});

test('the installed CLI answers --help without tsx', () => {
  const help = run(path.join(app, 'node_modules', '.bin', 'rekognition-cleanup'), ['--help'], app);
  expect(help).toMatch(/^Usage: rekognition-cleanup <command>/);
});

test('the installed CLI runs the built workflow locally, against the emulator', async () => {
  emulator = await startEmulator({ seed: { collections: [{ id: 'tmp-a' }, { id: 'keep' }] } });
  const job = path.join(work, 'job.json');
  writeFileSync(job, JSON.stringify({ collections: [{ select: { prefix: 'tmp-' }, action: 'DELETE_COLLECTION' }] }));
  const bin = path.join(app, 'node_modules', '.bin', 'rekognition-cleanup');
  // The app has aws-cdk-lib installed (a peer dependency): a guard proves the command never loads it, nor any tool.
  const guard = path.join(work, 'no-build-tools.js');
  writeFileSync(
    guard,
    `const Module = require('module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/^(aws-cdk-lib|constructs|tsx|typescript|esbuild)(\\/|$)/.test(request)) throw new Error('loaded ' + request);
  return load.call(this, request, ...rest);
};
`,
  );
  const args = ['plan', '--input', job, '--rekognition-endpoint', emulator.url, '--json'];
  const result = await runAsync(bin, args, app, { NODE_OPTIONS: `--require ${guard}` });
  expect(result.stderr).not.toMatch(/unexpected error/);
  expect(result.code).toBe(0);
  const report = JSON.parse(result.stdout) as { status: string; dryRun: boolean; planned: unknown };
  expect(report).toMatchObject({ status: 'SUCCEEDED', dryRun: true });
  // Only tmp-a is selected: the run planned its deletion and nothing else.
  expect(report.planned).toMatchObject({ plannedDeletions: 1, collections: 1, faces: 0 });
  expect(JSON.stringify(report)).toContain('tmp-a');
});

/**
 * From the npm cache only (`--offline`), as `npm ci` left it; a cache that has the tarballs but not yet the
 * registry's metadata of the versions asked for is filled once with `--prefer-offline`.
 */
function install(packageTarball: string): void {
  const args = ['install', '--no-audit', '--no-fund', '--ignore-scripts', packageTarball];
  const offline = spawnSync('npm', [...args, '--offline'], { cwd: app, encoding: 'utf8' });
  if (offline.status === 0) return;
  run('npm', [...args, '--prefer-offline'], app);
}

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}

/** Asynchronous: the emulator the command calls runs in this process, whose event loop must keep serving it. */
function runAsync(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, NO_COLOR: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
