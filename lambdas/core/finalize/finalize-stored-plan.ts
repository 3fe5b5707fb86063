import type { CollectionSearchResult, ItemResult, JobRef, SubjectFindProgress } from '../contracts';
import type { TpsQuotas } from '../rates/quotas';
import type { JobStore } from '../store/job-store';
import { loadJobState, saveJobRef, savePlan } from '../store/plan-records';
import { finalizePlan, subjectRefs } from './finalize-plan';

/**
 * finalize-plan on the stored plan: joins the collection searches' stored results to their searches, turns them
 * into erasures (stored in lanes of their own), and enforces maxDeletions before the first delete.
 */
export async function finalizeStoredPlan(store: JobStore, ref: JobRef, quotas: TpsQuotas): Promise<JobRef> {
  const state = await loadJobState(store, ref, false);
  const found = await store.listResults<ItemResult<SubjectFindProgress>>(ref.jobId, 'find');
  const searches = state.plan.subjectSearches;
  // A lane that was abandoned leaves its searches without a result: finalize-plan erases nothing there on a guess.
  const results: CollectionSearchResult[] = searches.map((target, index) => ({
    target,
    ...(found.get(index) ?? { progress: { done: false } }),
  }));
  const finalized = finalizePlan(state, results, quotas, await subjectRefs(searches));
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
