import type { ItemResult, JobRef, SubjectFindProgress, SubjectFindResult, SubjectUnit } from '../contracts';
import type { TpsQuotas } from '../rates/quotas';
import type { JobStore } from '../store/job-store';
import { loadJobState, saveJobRef, savePlan } from '../store/plan-records';
import { finalizePlan, subjectRefs } from './finalize-plan';

/**
 * finalize-plan on the stored plan: joins the subject searches' stored results to their units, turns them into
 * erasures (stored in lanes of their own), and enforces maxDeletions before the first delete.
 */
export async function finalizeStoredPlan(store: JobStore, ref: JobRef, quotas: TpsQuotas): Promise<JobRef> {
  const state = await loadJobState(store, ref, false);
  const found = await store.listResults<ItemResult<SubjectFindProgress>>(ref.jobId, 'find');
  const units = state.plan.subjectUnits as SubjectUnit[];
  const results: SubjectFindResult[] = units.map((target, index) => {
    const result = found.get(index);
    if (result === undefined || (result.failure === undefined && !result.progress.done)) {
      // A lane that was abandoned leaves its units unsearched: nothing may be erased on a guess.
      return {
        target,
        progress: { done: false },
        failure: { Error: 'NotSearched', Cause: 'the search did not finish' },
      };
    }
    return { target, ...result };
  });
  const finalized = finalizePlan(
    { ...state, plan: { ...state.plan, subjectUnits: results } },
    quotas,
    await subjectRefs(units),
  );
  const saved = await savePlan(store, ref.jobId, finalized.plan, finalized.rates, ['subjects']);
  const { planning: _planning, ...carried } = ref as JobRef & { planning?: unknown };
  const finalRef: JobRef = {
    ...carried,
    rates: finalized.rates,
    lanes: { ...ref.lanes, ...saved.lanes },
    planned: { ...ref.planned, ...saved.planned },
    ...(finalized.totals === undefined ? {} : { totals: finalized.totals }),
  };
  await saveJobRef(store, finalRef);
  return finalRef;
}
