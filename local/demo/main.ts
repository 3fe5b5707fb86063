import { DescribeProjectsCommand } from '@aws-sdk/client-rekognition';
import { createRekognitionClient } from '../../lambdas/core/aws/rekognition-client';
import { formatOutcome } from '../../lib/cli/format-report';
import { outcomeFromExecution } from '../../lib/cli/job-outcome';
import { localProgressLine } from '../../lib/cli/local-progress';
import { startEmulator } from '../emulator';
import { runWorkflow } from '../runner';
import { runBusDemo } from './demo-bus';
import { checkBusOutcome, checkDemoOutcome } from './demo-checks';
import { demoJobs } from './demo-jobs';
import { DEMO_WORLD } from './demo-world';

/**
 * `npm start`: the real state machine and handlers, offline, against the embedded Rekognition emulator. Runs a dry
 * run, a retention purge, a GDPR erasure and a model decommission, then two GDPR erasure requests arriving on the
 * bus within one batch window (and an invalid one), then checks the emulator's state and the receipts.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const out = (line = '') => process.stdout.write(`${line}\n`);
  out('rekognition-cleanup demo: everything runs offline (Rekognition emulator + the synthesized state machine).');
  const emulator = await startEmulator({ seed: DEMO_WORLD, transitionMs: 1500, randomSeed: 42 });
  out(
    `Rekognition emulator listening on ${emulator.url}: 5 collections, 12,506 faces, 1 project with 5 model versions.`,
  );
  const rekognition = createRekognitionClient({ endpoint: emulator.url });
  try {
    const projects = await rekognition.send(new DescribeProjectsCommand({ ProjectNames: ['door-cam'] }));
    const projectArn = projects.ProjectDescriptions?.[0]?.ProjectArn;
    if (projectArn === undefined) throw new Error('the demo project is missing from the emulator');

    let failures = 0;
    for (const [index, { title, job }] of demoJobs(projectArn).entries()) {
      out();
      out(`=== ${index + 1}/5 ${title}`);
      out(`job: ${JSON.stringify(job)}`);
      const run = await runWorkflow({
        job,
        rekognition,
        timeScale: 0.01,
        // As the intake and the CLI start erasures: the subject stays in the job store, the history has a reference.
        storeJobInput: 'subjects' in job,
        onEvent: (event) => {
          const line = localProgressLine(event);
          if (line !== undefined) out(`  > ${line}`);
        },
      });
      const outcome = outcomeFromExecution(run.status, run.output, run.error, run.cause, run.report);
      out();
      out(formatOutcome(outcome));
      out(`(${run.stats.stateTransitions} state transitions, ${run.stats.lambdaInvocations} Lambda invocations)`);
      if (outcome.report?.status !== 'SUCCEEDED') failures += 1;
    }

    out();
    out('=== 5/5 GDPR erasures from the bus: two requests (and an invalid one) within one batch window');
    const bus = await runBusDemo(rekognition, 0.01, out);

    out();
    out('=== What the emulator holds now');
    const checks = [...(await checkDemoOutcome(rekognition, projectArn)), ...checkBusOutcome(bus)];
    for (const check of checks) out(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.description} (${check.detail})`);
    const ok = failures === 0 && checks.every((c) => c.passed);
    out();
    out(`${ok ? 'Demo succeeded' : 'Demo FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return ok ? 0 : 1;
  } finally {
    rekognition.destroy();
    await emulator.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
