import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { HANDLER_BUNDLES_FOLDER, HANDLER_BUNDLING } from '../lib/constructs/handler-bundling';
import { workflowFromTemplate } from '../local/runner/definition-from-template';
import { toArtefact, WORKFLOW_ARTEFACT } from '../local/runner/workflow-artefact';
import { synthCleanupTemplate } from './synth-template';

/**
 * `npm run build`: the package as it installs, in dist/.
 * - JavaScript and declarations of the construct library, the CLI, the handlers and the local runner (tsc);
 * - each handler pre-bundled (dist/lambda-bundles/<handler>/index.js), which the construct deploys from the
 *   installed package, where there are no TypeScript sources to bundle;
 * - the workflow artefact (dist/workflow.json) that local runs execute, so the CLI never synthesizes the CDK app;
 * - the vendored aws-local-stepfunctions, which tsc does not copy (local/vendor/aws-local-stepfunctions/README.md).
 */
const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

async function main(): Promise<void> {
  const started = Date.now();
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(DIST, { recursive: true });
  // tsc in its own process, while this one bundles and synthesizes.
  const compiled = run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json']);
  await bundleHandlers();
  writeWorkflowArtefact();
  await compiled;
  cpSync(path.join(ROOT, 'local', 'vendor'), path.join(DIST, 'local', 'vendor'), { recursive: true });
  process.stdout.write(`built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Every folder of lambdas/ but core/ is a function: the same list CleanupFunction's `handler` names. */
function handlerNames(): string[] {
  const lambdas = path.join(ROOT, 'lambdas');
  return readdirSync(lambdas)
    .filter((name) => name !== 'core' && statSync(path.join(lambdas, name)).isDirectory())
    .sort();
}

async function bundleHandlers(): Promise<void> {
  await Promise.all(
    handlerNames().map((handler) =>
      build({
        entryPoints: [path.join(ROOT, 'lambdas', handler, 'index.ts')],
        outfile: path.join(DIST, HANDLER_BUNDLES_FOLDER, handler, 'index.js'),
        bundle: true,
        platform: 'node',
        target: HANDLER_BUNDLING.target,
        format: HANDLER_BUNDLING.format,
        minify: HANDLER_BUNDLING.minify,
        sourcemap: HANDLER_BUNDLING.sourceMap,
        external: [...HANDLER_BUNDLING.externalModules],
        logLevel: 'warning',
      }),
    ),
  );
}

function writeWorkflowArtefact(): void {
  const artefact = toArtefact(workflowFromTemplate(synthCleanupTemplate()));
  writeFileSync(path.join(DIST, WORKFLOW_ARTEFACT), `${JSON.stringify(artefact, null, 2)}\n`);
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(args[0] ?? command)} exited with ${code}`)),
    );
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`build failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
