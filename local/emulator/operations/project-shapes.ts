/** How projects and project versions look on the wire, and the newest-first pagination they share. */
import type { Project, ProjectVersion } from '../model/project';
import { decodePageToken, encodePageToken } from '../service/page-token';
import { errors } from '../service/service-error';
import { epochSeconds } from './operation';

export function projectDescription(project: Project): object {
  return {
    ProjectArn: project.arn,
    CreationTimestamp: epochSeconds(project.createdAt),
    Status: project.status,
    Datasets: [],
    Feature: project.feature,
    ...(project.autoUpdate ? { AutoUpdate: project.autoUpdate } : {}),
  };
}

export function versionDescription(project: Project, version: ProjectVersion): object {
  const trained = version.trainingEndedAt !== undefined;
  return {
    ProjectVersionArn: version.arn,
    CreationTimestamp: epochSeconds(version.createdAt),
    Status: version.status,
    StatusMessage: version.statusMessage,
    ...(version.minInferenceUnits === undefined ? {} : { MinInferenceUnits: version.minInferenceUnits }),
    ...(version.maxInferenceUnits === undefined ? {} : { MaxInferenceUnits: version.maxInferenceUnits }),
    ...(trained && version.trainingEndedAt !== undefined
      ? {
          TrainingEndTimestamp: epochSeconds(version.trainingEndedAt),
          BillableTrainingTimeInSeconds: Math.max(0, Math.round((version.trainingEndedAt - version.createdAt) / 1000)),
        }
      : {}),
    ...(trained && version.status !== 'TRAINING_FAILED' ? { EvaluationResult: { F1Score: 0.93 } } : {}),
    ...(version.outputConfig ? { OutputConfig: version.outputConfig } : {}),
    ...(version.description === undefined ? {} : { VersionDescription: version.description }),
    ...(version.kmsKeyId === undefined ? {} : { KmsKeyId: version.kmsKeyId }),
    ...(project.feature === 'CONTENT_MODERATION' ? { Feature: project.feature, BaseModelVersion: '7.0' } : {}),
  };
}

interface Ordered {
  createdAt: number;
  order: number;
}

/**
 * One page of a newest-first list. The cursor is the sort key (creation time, creation order) of the last item
 * returned, so items deleted between pages do not shift the rest.
 */
export function newestFirstPage<T extends Ordered>(
  items: T[],
  token: string | undefined,
  operation: string,
  scope: string,
  maxResults: number,
): { page: T[]; nextToken?: string } {
  const cursor = decodePageToken(token, operation, scope);
  let remaining = items;
  if (cursor !== undefined) {
    const [createdAt, order] = cursor.split('.').map(Number);
    if (createdAt === undefined || order === undefined || !Number.isFinite(createdAt) || !Number.isFinite(order)) {
      throw errors.invalidPaginationToken('Invalid Token');
    }
    remaining = items.filter(
      (item) => item.createdAt < createdAt || (item.createdAt === createdAt && item.order < order),
    );
  }
  const page = remaining.slice(0, maxResults);
  const last = page[page.length - 1];
  return remaining.length > maxResults && last
    ? { page, nextToken: encodePageToken(operation, scope, `${last.createdAt}.${last.order}`) }
    : { page };
}
