import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { JobRef } from '../contracts';
import type { TpsQuotas } from '../rates/quotas';
import type { ProtectionSettings } from '../settings';
import { jobIdOf } from '../store/job-id';
import type { JobStore } from '../store/job-store';
import { savePlan } from '../store/plan-records';
import { type PlanInput, planJob } from './plan-job';

/**
 * Plans the job and stores the plan: the state carries only the returned reference. The subjects' erasures are
 * stored by finalize-plan, once their faces are found.
 */
export async function planAndStore(
  rekognition: RekognitionClient,
  store: JobStore,
  input: PlanInput,
  protection: ProtectionSettings,
  quotas: TpsQuotas,
): Promise<JobRef> {
  const state = await planJob(rekognition, input, protection, quotas);
  const jobId = jobIdOf(input.executionId, input.startedAt);
  const lanes = await savePlan(store, jobId, state.plan, state.rates, [
    'find',
    'collections',
    'faceGroups',
    'projectVersions',
    'projects',
  ]);
  return {
    jobId,
    executionId: state.executionId,
    startedAt: state.startedAt,
    ...(state.requestId === undefined ? {} : { requestId: state.requestId }),
    dryRun: state.dryRun,
    ...(state.maxDeletions === undefined ? {} : { maxDeletions: state.maxDeletions }),
    rates: state.rates,
    lanes,
  };
}
