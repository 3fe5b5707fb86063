/**
 * The first task of a batch's execution, after its window: close the batch and plan all its members' subjects as
 * one job, stored in the job store like any erasure, so the execution goes on with `{ storedJob }` and never holds
 * a subject. Idempotent: a retry finds the plan it wrote and returns the same reference.
 */
import { storeJob, type StoredJobRef } from '../job/stored-job';
import type { CleanupJob, SubjectSection } from '../job/types';
import { InvalidJobError } from '../errors';
import type { JobStore } from '../store/job-store';
import { type BatchPlan, ErasureBatches, isBatchInput, type PlannedMember } from './batches';

export async function closeErasureBatch(store: JobStore, input: unknown): Promise<StoredJobRef> {
  if (!isBatchInput(input)) throw new InvalidJobError('erasureBatch', 'must be the id of an erasure batch');
  const batchId = input.erasureBatch;
  const batches = new ErasureBatches(store);
  const done = await batches.planned(batchId);
  if (done !== undefined) return { storedJob: done.jobKey };
  const members = await batches.close(batchId);
  if (members === undefined) throw new InvalidJobError('erasureBatch', 'names no erasure batch of this stack');

  const subjects: SubjectSection[] = [];
  const planned: PlannedMember[] = [];
  let dryRun = false;
  for (const member of members) {
    const job = await store.getInput<CleanupJob>(member.storedJob);
    const subject = job?.subjects?.[0];
    // Only missing if the store lost it (its TTL is days, a window minutes): that request fails, the others run.
    if (job === undefined || subject === undefined) {
      planned.push(member);
      continue;
    }
    dryRun = job.dryRun === true;
    planned.push({ ...member, subjectIndex: subjects.length });
    subjects.push(subject);
  }
  if (subjects.length === 0) {
    throw new InvalidJobError('erasureBatch', 'the stored jobs of its members are gone');
  }
  // Each subject is a request of its own: one too broad is refused alone, and the others run.
  const job: CleanupJob = { requestId: `erasure-batch-${batchId}`, dryRun, independentSubjects: true, subjects };
  const ref = await storeJob(store, job);
  const plan: BatchPlan = { jobKey: ref.storedJob, members: planned };
  await batches.savePlan(batchId, plan);
  return ref;
}
