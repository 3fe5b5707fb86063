import { DeleteProjectCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isErrorNamed, isNotFound } from '../aws/rekognition-errors';
import type { ProjectProgress, ProjectTarget, WorkItem } from '../contracts';
import { refuseDryRun } from '../refuse-dry-run';
import { listProjectVersions } from './describe-versions';

/**
 * `deleteProjectWhenEmpty`: runs after the project's versions were processed. Any version left (protected, not
 * selected, failed, or created meanwhile) keeps the project. Always done in one call.
 */
export async function deleteProjectIfEmpty(
  rekognition: RekognitionClient,
  item: WorkItem<ProjectTarget, ProjectProgress>,
): Promise<ProjectProgress> {
  refuseDryRun(item, 'delete-project');
  const { projectArn } = item.target;
  const versions = await listProjectVersions(rekognition, projectArn);
  if (versions === undefined) return { done: true, outcome: 'ALREADY_ABSENT' };
  if (versions.length > 0) return { done: true, outcome: 'NOT_EMPTY', remainingVersions: versions.length };
  try {
    await rekognition.send(new DeleteProjectCommand({ ProjectArn: projectArn }));
    return { done: true, outcome: 'DELETED' };
  } catch (error) {
    if (isNotFound(error)) return { done: true, outcome: 'ALREADY_ABSENT' };
    // A version appeared (or is still being deleted) between the listing and the delete.
    if (isErrorNamed(error, 'ResourceInUseException')) return { done: true, outcome: 'NOT_EMPTY' };
    return classifyRekognitionError(error);
  }
}
