import type { RekognitionClient } from '@aws-sdk/client-rekognition';
import type { CollectionAction } from '../job/types';
import type { CollectionTarget } from '../contracts';
import type { ProtectionSettings } from '../settings';
import type { DeletionBudget } from '../store/deletion-budget';
import { finish, type PurgeProgress } from './collection-progress';
import type { CollectionCounts } from './describe-counts';
import { type Recheck, recheckCollection } from './recheck-collection';

/** Why a collection's deletes stop before its work is done. */
export type BatchStop = Exclude<Recheck, { kind: 'ELIGIBLE' }> | { kind: 'CAP_REACHED'; counts: CollectionCounts };

export type Admission =
  | { kind: 'GO'; granted: number; action: CollectionAction; counts: CollectionCounts }
  | { kind: 'STOP'; stop: BatchStop };

/**
 * What every delete batch of a collection goes through (one DeleteFaces page, one round of user deletions, the
 * DeleteCollection): the collection is re-verified (recheck-collection.ts), then the deletions are reserved from
 * the job's budget. So a tag, a re-creation or a cap reached stops the work at the next batch, not the next target.
 */
export interface DeleteGate {
  /**
   * `count` deletions, or a count computed from the fresh DescribeCollection. `whole`: all or nothing (a collection
   * is deleted with all its faces, so a partial grant is given back and the cap stops it).
   */
  admit(count: number | ((counts: CollectionCounts) => number), options?: { whole?: boolean }): Promise<Admission>;
  /** After a batch: the deletions it was granted and did not make go back to the budget. */
  settle(granted: number, deleted: number): Promise<void>;
  /** The purge's final progress for a stop. */
  stopped(progress: PurgeProgress, stop: BatchStop): PurgeProgress;
}

export function deleteGate(
  rekognition: RekognitionClient,
  target: CollectionTarget,
  protection: ProtectionSettings,
  startedAtMs: number,
  budget: DeletionBudget,
): DeleteGate {
  return {
    async admit(count, options = {}) {
      const recheck = await recheckCollection(rekognition, target, protection, startedAtMs);
      if (recheck.kind !== 'ELIGIBLE') return { kind: 'STOP', stop: recheck };
      const wanted = typeof count === 'number' ? count : count(recheck.counts);
      const granted = wanted > 0 ? await budget.reserve(wanted) : 0;
      if (wanted > 0 && (granted === 0 || (options.whole === true && granted < wanted))) {
        await budget.release(granted);
        return { kind: 'STOP', stop: { kind: 'CAP_REACHED', counts: recheck.counts } };
      }
      return { kind: 'GO', granted, action: recheck.action, counts: recheck.counts };
    },
    settle: (granted, deleted) => budget.release(granted - deleted),
    stopped(progress, stop) {
      if (stop.kind === 'ABSENT') return finish(progress, 'ALREADY_ABSENT');
      const checked: PurgeProgress = { ...progress, facesRemaining: stop.counts.faceCount };
      if (stop.kind === 'CAP_REACHED') return finish(checked, 'CAP_REACHED');
      if (stop.kind === 'CHANGED') return { ...finish(checked, 'CHANGED_SINCE_PLAN'), changeDetail: stop.detail };
      // Protected now. This may be the retry of an invocation that crashed after doing its work, before the tag
      // arrived: an emptied collection is reported emptied rather than "skipped".
      const hadWork = target.faceCount > 0 || target.userCount > 0;
      const emptied =
        (progress.action ?? target.action) === 'DELETE_FACES' &&
        hadWork &&
        stop.counts.faceCount === 0 &&
        stop.counts.userCount === 0;
      return finish(checked, emptied ? 'EMPTIED' : 'SKIPPED_PROTECTED');
    },
  };
}
