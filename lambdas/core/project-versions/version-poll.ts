import {
  DescribeProjectVersionsCommand,
  type ProjectVersionDescription,
  type RekognitionClient,
  StopProjectVersionCommand,
} from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isErrorNamed, isNotFound } from '../aws/rekognition-errors';
import type { ProjectVersionTarget, VersionOutcome, VersionProgress } from '../contracts';
import { isProtected, readTags } from '../protection';
import type { ProtectionSettings, VersionPollSettings } from '../settings';

/** What every poll of a version does, whatever the job's action: read its tags, describe it, stop it, finish it. */

/** Why the version must be left alone, if it must: it is gone, or it carries the protect tag. */
export async function protectionVerdict(
  rekognition: RekognitionClient,
  versionArn: string,
  protection: ProtectionSettings,
): Promise<'ALREADY_ABSENT' | 'SKIPPED_PROTECTED' | undefined> {
  const tags = await readTags(rekognition, versionArn);
  if (tags === undefined) return 'ALREADY_ABSENT';
  return isProtected(tags, protection) ? 'SKIPPED_PROTECTED' : undefined;
}

/** Our version, by exact ARN: a version re-created under the same name has another ARN and is not ours. */
export async function describeVersion(
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

export async function stopVersion(
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

export function goneOutcome(progress: VersionProgress): VersionOutcome {
  return progress.deleteRequested ? 'DELETED' : 'ALREADY_ABSENT';
}

export function finish(progress: VersionProgress, outcome: VersionOutcome): VersionProgress {
  return { ...progress, done: true, wait: 'NONE', outcome };
}

/** Which ceiling this poll reached, in words, or undefined. */
export function ceilingHit(progress: VersionProgress, polling: VersionPollSettings, now: Date): string | undefined {
  if (progress.polls >= polling.maxPolls) return `${progress.polls} polls (the limit is ${polling.maxPolls})`;
  const elapsedSeconds = Math.floor((now.getTime() - Date.parse(progress.firstPollAt ?? now.toISOString())) / 1000);
  if (elapsedSeconds >= polling.maxWaitSeconds) {
    return `${elapsedSeconds} s since the first poll (the limit is ${polling.maxWaitSeconds} s)`;
  }
  return undefined;
}
