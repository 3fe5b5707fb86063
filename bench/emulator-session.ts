import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import { Duration } from 'aws-cdk-lib';
import { createRekognitionClient } from '../lambdas/core/aws/rekognition-client';
import { type EmulatorStats, type RunningEmulator, startEmulator, type World } from '../local/emulator';
import type { CloudFormationTemplate } from '../local/runner';
import { synthCleanupTemplate } from '../scripts/synth-template';
import type { BenchScale } from './bench-scale';

/** An emulator enforcing the quotas, the stack synthesized with the same quotas, and a client for the runner. */
export interface EmulatorSession {
  emulator: RunningEmulator;
  rekognition: RekognitionClient;
  template: CloudFormationTemplate;
  close(): Promise<void>;
}

export async function openSession(
  scale: BenchScale,
  seed: World,
  options: { latencyMs?: number; erasureBatchWindowSeconds?: number } = {},
): Promise<EmulatorSession> {
  const emulator = await startEmulator({
    seed,
    tps: { '*': scale.tps },
    transitionMs: scale.transitionMs,
    randomSeed: 7,
    latencyMs: options.latencyMs ?? 0,
  });
  const rekognition = createRekognitionClient({ endpoint: emulator.url });
  const { erasureBatchWindowSeconds: window } = options;
  const template = synthCleanupTemplate({
    workflow: { rekognitionTps: { '*': scale.tps } },
    ...(window === undefined ? {} : { erasureBatchWindow: Duration.seconds(window) }),
  });
  return {
    emulator,
    rekognition,
    template,
    close: async () => {
      rekognition.destroy();
      await emulator.close();
    },
  };
}

/** Calls made between two stats snapshots, per operation. */
export function callsBetween(
  before: EmulatorStats,
  after: EmulatorStats,
): { total: number; throttled: number; byOperation: Record<string, number> } {
  const byOperation: Record<string, number> = {};
  for (const [operation, stats] of Object.entries(after.operations)) {
    const calls = stats.calls - (before.operations[operation]?.calls ?? 0);
    if (calls > 0) byOperation[operation] = calls;
  }
  return {
    total: after.total.calls - before.total.calls,
    throttled: after.total.throttled - before.total.throttled,
    byOperation,
  };
}
