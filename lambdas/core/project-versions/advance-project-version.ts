import {
  DeleteProjectVersionCommand,
  DescribeProjectVersionsCommand,
  type ProjectVersionDescription,
  type RekognitionClient,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isErrorNamed, isNotFound } from '../aws/rekognition-errors';
import type { ProjectVersionTarget, VersionOutcome, VersionProgress, WorkItem } from '../contracts';
import { isProtected, readTags } from '../protection';
import { refuseDryRun } from '../refuse-dry-run';
import type { ProtectionSettings, VersionPollSettings } from '../settings';
import { type DeletionBudget, NO_CAP } from '../store/deletion-budget';
import { stepForStatus } from './version-status';

const FIRST_POLL: Omit<VersionProgress, 'firstPollAt'> = {
  done: false,
  wait: 'NONE',
  polls: 0,
  stopRequested: false,
  deleteRequested: false,
};

/**
 * One poll of a version on its way out: describe it, then stop it, delete it or wait (the state machine loops
 * Wait + Choice around this). A version is deleted only right after this very call described a status that allows
 * it, and only after its protect tag was read in the same call: a tag added while it was stopping still counts.
 * A version that does not settle within the poll ceiling is reported FAILED; the rest of the job goes on.
 * The deletion is reserved from the job's budget (`deletions`, the stored one in the handler) before
 * DeleteProjectVersion: once maxDeletions is used up the version is left, CAP_REACHED.
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
    return { ...finish(progress, 'FAILED'), failureReason: `still ${status} after ${limitHit}; not deleted` };
  }

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
      if (!protectionChecked) {
        const verdict = await protectionVerdict(rekognition, target.versionArn, protection);
        if (verdict !== undefined) return finish(progress, verdict);
      }
      return deleteVersion(rekognition, target, progress, deletions);
    }
  }
}

/** Why the version must be left alone, if it must: it is gone, or it carries the protect tag. */
async function protectionVerdict(
  rekognition: RekognitionClient,
  versionArn: string,
  protection: ProtectionSettings,
): Promise<'ALREADY_ABSENT' | 'SKIPPED_PROTECTED' | undefined> {
  const tags = await readTags(rekognition, versionArn);
  if (tags === undefined) return 'ALREADY_ABSENT';
  return isProtected(tags, protection) ? 'SKIPPED_PROTECTED' : undefined;
}

/** Our version, by exact ARN: a version re-created under the same name has another ARN and is not ours. */
async function describeVersion(
  rekognition: RekognitionClient,
  target: ProjectVersionTarget,
): Promise<ProjectVersionDescription | undefined> {
  try {
    const out = await rekognition.send(
      new DescribeProjectVersionsCommand({ ProjectArn: target.projectArn, VersionNames: [target.versionName] }),
    );
    return out.ProjectVersionDescriptions?.find((description) => description.ProjectVersionArn === target.versionArn);
  } catch (error) {
    // The project itself is gone, and its versions with it.
    if (isNotFound(error)) return undefined;
    return classifyRekognitionError(error);
  }
}

async function stopVersion(
  rekognition: RekognitionClient,
  target: ProjectVersionTarget,
  progress: VersionProgress,
): Promise<VersionProgress> {
  try {
    await rekognition.send(new StopProjectVersionCommand({ ProjectVersionArn: target.versionArn }));
    return { ...progress, stopRequested: true, wait: 'SHORT' };
  } catch (error) {
    // Mid-transition (e.g. still starting): try again on the next poll.
    if (isErrorNamed(error, 'ResourceInUseException')) return { ...progress, wait: 'SHORT' };
    if (isNotFound(error)) return finish(progress, goneOutcome(progress));
    return classifyRekognitionError(error);
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

function goneOutcome(progress: VersionProgress): VersionOutcome {
  return progress.deleteRequested ? 'DELETED' : 'ALREADY_ABSENT';
}

function finish(progress: VersionProgress, outcome: VersionOutcome): VersionProgress {
  return { ...progress, done: true, wait: 'NONE', outcome };
}

/** Which ceiling this poll reached, in words, or undefined. */
function ceilingHit(progress: VersionProgress, polling: VersionPollSettings, now: Date): string | undefined {
  if (progress.polls >= polling.maxPolls) return `${progress.polls} polls (the limit is ${polling.maxPolls})`;
  const elapsedSeconds = Math.floor((now.getTime() - Date.parse(progress.firstPollAt ?? now.toISOString())) / 1000);
  if (elapsedSeconds >= polling.maxWaitSeconds) {
    return `${elapsedSeconds} s since the first poll (the limit is ${polling.maxWaitSeconds} s)`;
  }
  return undefined;
}
