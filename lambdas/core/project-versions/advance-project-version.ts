import {
  DeleteProjectVersionCommand,
  type ProjectVersionDescription,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isErrorNamed, isNotFound } from '../aws/rekognition-errors';
import type { ProjectVersionTarget, VersionProgress, WorkItem } from '../contracts';
import { refuseDryRun } from '../refuse-dry-run';
import type { ProtectionSettings, VersionPollSettings } from '../settings';
import { type DeletionBudget, NO_CAP } from '../store/deletion-budget';
import { stopRuleFor } from './stop-decision';
import { ceilingHit, describeVersion, finish, goneOutcome, protectionVerdict, stopVersion } from './version-poll';
import { stepForStatus } from './version-status';

const FIRST_POLL: Omit<VersionProgress, 'firstPollAt'> = {
  done: false,
  wait: 'NONE',
  polls: 0,
  stopRequested: false,
  deleteRequested: false,
};

/** What one poll has learnt before it acts: the version as described now, and whether its tags were read. */
interface Polled {
  rekognition: RekognitionClient;
  target: ProjectVersionTarget;
  protection: ProtectionSettings;
  description: ProjectVersionDescription;
  progress: VersionProgress;
  protectionChecked: boolean;
}

/**
 * One poll of a version on its way out (DELETE) or to STOPPED (STOP): describe it, then stop it, delete it or wait
 * (the state machine loops Wait + Choice around this). A version is stopped or deleted only right after this very
 * call described a status that allows it, and only after its protect tag was read in the same call: a tag added
 * while it was stopping still counts. A version that does not settle within the poll ceiling is reported FAILED;
 * the rest of the job goes on. A deletion is reserved from the job's budget (`deletions`, the stored one in the
 * handler) before DeleteProjectVersion: once maxDeletions is used up the version is left, CAP_REACHED. A stop is
 * not a deletion and reserves nothing.
 */
export async function advanceProjectVersion(
  rekognition: RekognitionClient,
  item: WorkItem<ProjectVersionTarget, VersionProgress>,
  protection: ProtectionSettings,
  polling: VersionPollSettings,
  now: Date,
  deletions: DeletionBudget = NO_CAP,
): Promise<VersionProgress> {
  refuseDryRun(item, 'advance-project-version');
  const previous = 'polls' in item.progress ? item.progress : undefined;
  if (previous?.done === true) return previous;
  const { target } = item;
  const progress: VersionProgress = {
    ...(previous ?? FIRST_POLL),
    polls: (previous?.polls ?? 0) + 1,
    firstPollAt: previous?.firstPollAt ?? now.toISOString(),
  };

  let protectionChecked = false;
  if (previous === undefined) {
    const verdict = await protectionVerdict(rekognition, target.versionArn, protection);
    if (verdict !== undefined) return finish(progress, verdict);
    protectionChecked = true;
  }

  const description = await describeVersion(rekognition, target);
  if (description === undefined) return finish(progress, goneOutcome(progress));
  const status = description.Status ?? 'UNKNOWN';
  progress.lastStatus = status;
  // Checked before acting: an action whose effect would never be observed must not be started.
  const limitHit = ceilingHit(progress, polling, now);
  if (limitHit !== undefined) {
    const left =
      target.action === 'STOP' ? (progress.stopRequested ? 'not seen STOPPED' : 'not stopped') : 'not deleted';
    return { ...finish(progress, 'FAILED'), failureReason: `still ${status} after ${limitHit}; ${left}` };
  }

  const polled: Polled = { rekognition, target, protection, description, progress, protectionChecked };
  return target.action === 'STOP' ? stopStep(polled) : deleteStep(polled, deletions);
}

/** STOP: the decision table is stop-decision.ts; a stopped version is kept. */
async function stopStep(polled: Polled): Promise<VersionProgress> {
  const { rekognition, target, protection, description, progress } = polled;
  switch (stopRuleFor(description.Status).step) {
    case 'AT_REST':
      // STOPPED by this job's own StopProjectVersion; else someone else's doing (or it never ran since the plan).
      return finish(progress, progress.stopRequested && description.Status === 'STOPPED' ? 'STOPPED' : 'NOT_RUNNING');
    case 'WAIT':
      return { ...progress, wait: 'SHORT' };
    case 'STOP': {
      if (!polled.protectionChecked) {
        const verdict = await protectionVerdict(rekognition, target.versionArn, protection);
        if (verdict !== undefined) return finish(progress, verdict);
      }
      return stopVersion(rekognition, target, progress);
    }
  }
}

async function deleteStep(polled: Polled, deletions: DeletionBudget): Promise<VersionProgress> {
  const { rekognition, target, protection, description, progress } = polled;
  switch (stepForStatus(description.Status)) {
    case 'STOP':
      // Started since the plan, by someone: a selector without stopRunning never stops a serving model.
      if (target.leaveRunning === true) return finish(progress, 'SKIPPED_RUNNING');
      return stopVersion(rekognition, target, progress);
    case 'WAIT_SHORT':
      return { ...progress, wait: 'SHORT' };
    case 'WAIT_LONG':
      return { ...progress, wait: 'LONG' };
    case 'DELETE': {
      if (!polled.protectionChecked) {
        const verdict = await protectionVerdict(rekognition, target.versionArn, protection);
        if (verdict !== undefined) return finish(progress, verdict);
      }
      return deleteVersion(rekognition, target, progress, deletions);
    }
  }
}

async function deleteVersion(
  rekognition: RekognitionClient,
  target: ProjectVersionTarget,
  progress: VersionProgress,
  deletions: DeletionBudget,
): Promise<VersionProgress> {
  // A delete already requested (and counted) is only sent again, never counted twice.
  const reserved = progress.deleteRequested ? 0 : await deletions.reserve(1);
  if (!progress.deleteRequested && reserved === 0) return finish(progress, 'CAP_REACHED');
  try {
    await rekognition.send(new DeleteProjectVersionCommand({ ProjectVersionArn: target.versionArn }));
    // Not done yet: the next polls wait until DescribeProjectVersions no longer lists it.
    return { ...progress, deleteRequested: true, wait: 'SHORT' };
  } catch (error) {
    await deletions.release(reserved);
    if (isErrorNamed(error, 'ResourceInUseException')) return { ...progress, wait: 'SHORT' };
    if (isNotFound(error)) return finish(progress, goneOutcome(progress));
    return classifyRekognitionError(error);
  }
}
