import {
  CustomizationFeature,
  DeleteProjectCommand,
  DescribeProjectsCommand,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isErrorNamed, isNotFound } from '../aws/rekognition-errors';
import type { ProjectProgress, ProjectTarget, WorkItem } from '../contracts';
import { parseProjectArn } from '../plan/version-arn';
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
  // A project already being deleted (by someone else, or by a run of this job moments ago) is not this job's
  // deletion to report; the service may even accept a second DeleteProject.
  if ((await projectStatus(rekognition, projectArn)) === 'DELETING') return { done: true, outcome: 'ALREADY_ABSENT' };
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

/** The project's Status (CREATED, DELETING), or undefined when it is not listed. */
async function projectStatus(rekognition: RekognitionClient, projectArn: string): Promise<string | undefined> {
  const projectName = parseProjectArn(projectArn)?.projectName;
  if (projectName === undefined) return undefined;
  try {
    const out = await rekognition.send(
      // Without Features only CUSTOM_LABELS projects are listed; adapters are projects too.
      new DescribeProjectsCommand({ ProjectNames: [projectName], Features: Object.values(CustomizationFeature) }),
    );
    return out.ProjectDescriptions?.find((project) => project.ProjectArn === projectArn)?.Status;
  } catch (error) {
    return classifyRekognitionError(error);
  }
}
