import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { JobRef } from '../contracts';
import type { TpsQuotas } from '../rates/quotas';
import type { ProtectionSettings } from '../settings';
import { resolveJobInput } from '../job/stored-job';
import { createDeletionBudget } from '../store/deletion-budget';
import { jobIdOf } from '../store/job-id';
import type { JobStore, WorkKind } from '../store/job-store';
import { saveJobRef, savePlan } from '../store/plan-records';
import type { TimeBudget } from '../time-budget';
import { type CollectionInventory, type InventoryCache, PlanBudgetExpired } from './collection-inventory';
import { type PlanDefaults, type PlanInput, planJob } from './plan-job';

/** The Plan state's input: the job, and how far planning got (the state machine loops until `done`). */
export interface PlanTaskInput extends PlanInput {
  planning: PlanningProgress;
}

export interface PlanningProgress {
  done: boolean;
  invocations: number;
}

/** An unfinished Plan returns its input with the new progress; a finished one the job's reference. */
export type PlanTaskOutput = PlanTaskInput | (JobRef & { planning: PlanningProgress });

const INVENTORY_CACHE = 'plan-inventory';

/** What the Plan stores; the subjects' erasures come later, from finalize-plan, once their faces are found. */
export const PLANNED_KINDS: readonly WorkKind[] = ['find', 'collections', 'faceGroups', 'projectVersions', 'projects'];

/**
 * Plans the job within the invocation's time budget and stores the plan: the state carries only the returned
 * reference. What the Plan learns about collections is stored when the budget runs out, and the next invocation
 * goes on from there, so no selector can make the Plan time out. The subjects' erasures are stored by
 * finalize-plan, once their faces are found.
 */
export async function planAndStore(
  rekognition: RekognitionClient,
  store: JobStore,
  input: PlanTaskInput,
  protection: ProtectionSettings,
  quotas: TpsQuotas,
  budget: TimeBudget,
  defaults?: PlanDefaults,
): Promise<PlanTaskOutput> {
  const jobId = jobIdOf(input.executionId, input.startedAt);
  const job = await resolveJobInput(store, input.job);
  const planning: PlanningProgress = { done: false, invocations: input.planning.invocations + 1 };
  const cache =
    input.planning.invocations > 0 ? await store.getBlob<InventoryCache>(jobId, INVENTORY_CACHE) : undefined;
  let inventory: CollectionInventory | undefined;
  let state;
  try {
    state = await planJob(
      rekognition,
      { ...input, job },
      protection,
      quotas,
      {
        ...(cache === undefined ? {} : { cache }),
        // The first invocation always gets somewhere: it may use the whole budget.
        expired: () => budget.expired(),
        onInventory: (created) => {
          inventory = created;
        },
      },
      defaults,
    );
  } catch (error) {
    if (!(error instanceof PlanBudgetExpired) || inventory === undefined) throw error;
    await store.putBlob(jobId, INVENTORY_CACHE, inventory.cache());
    return { ...input, planning };
  }
  const { lanes, planned } = await savePlan(store, jobId, state.plan, state.rates, PLANNED_KINDS);
  const ref: JobRef = {
    jobId,
    executionId: state.executionId,
    startedAt: state.startedAt,
    ...(state.requestId === undefined ? {} : { requestId: state.requestId }),
    dryRun: state.dryRun,
    ...(state.independentSubjects === true ? { independentSubjects: true } : {}),
    ...(state.maxDeletions === undefined ? {} : { maxDeletions: state.maxDeletions }),
    ...(state.maxDeletionsSource === undefined ? {} : { maxDeletionsSource: state.maxDeletionsSource }),
    rates: state.rates,
    lanes,
    planned,
  };
  // The counter every worker reserves from before deleting: maxDeletions holds at act time, not only in the plan.
  if (ref.maxDeletions !== undefined && !ref.dryRun) await createDeletionBudget(store, jobId, ref.maxDeletions);
  await saveJobRef(store, ref);
  return { ...ref, planning: { ...planning, done: true } };
}
