import { DescribeProjectsCommand } from '@aws-sdk/client-rekognition';
import type { VersionStatus } from '../local/emulator';
import type { BenchScale } from './bench-scale';
import { openSession } from './emulator-session';
import { measuredRun } from './state-size';

export interface DecommissionResults {
  versions: number;
  statuses: string[];
  pollsPerVersion: number;
  transitionsPerVersion: number;
  lambdaInvocationsPerVersion: number;
  elapsedMs: number;
}

const STATUSES: VersionStatus[] = ['RUNNING', 'TRAINING_IN_PROGRESS', 'STOPPED', 'STARTING', 'TRAINING_FAILED'];

/** A project whose versions are in every state a decommission meets: each is stopped or waited for, then deleted. */
export async function benchDecommission(scale: BenchScale): Promise<DecommissionResults> {
  const statuses = Array.from({ length: scale.versions }, (_, i) => STATUSES[i % STATUSES.length] as VersionStatus);
  const session = await openSession(scale, {
    projects: [
      {
        name: 'bench-models',
        versions: statuses.map((status, i) => ({ name: `v${i}`, status, createdDaysAgo: 100 - i })),
      },
    ],
  });
  try {
    const projects = await session.rekognition.send(new DescribeProjectsCommand({ ProjectNames: ['bench-models'] }));
    const projectArn = projects.ProjectDescriptions?.[0]?.ProjectArn;
    if (projectArn === undefined) throw new Error('bench project missing');
    const started = Date.now();
    const run = await measuredRun({
      job: { projectVersions: [{ select: { projectArn }, deleteProjectWhenEmpty: true, stopRunning: true }] },
      rekognition: session.rekognition,
      template: session.template,
      timeScale: scale.timeScale,
    });
    const report = run.output as { projectVersions: Array<{ polls: number; outcome: string }> } | undefined;
    if (
      run.status !== 'SUCCEEDED' ||
      report === undefined ||
      report.projectVersions.some((v) => v.outcome !== 'DELETED')
    ) {
      throw new Error(`decommission did not converge: ${run.status} ${run.error ?? ''} ${run.cause ?? ''}`);
    }
    const polls = report.projectVersions.reduce((n, v) => n + v.polls, 0);
    return {
      versions: scale.versions,
      statuses,
      pollsPerVersion: polls / scale.versions,
      transitionsPerVersion: run.stats.stateTransitions / scale.versions,
      lambdaInvocationsPerVersion: run.stats.lambdaInvocations / scale.versions,
      elapsedMs: Date.now() - started,
    };
  } finally {
    await session.close();
  }
}
