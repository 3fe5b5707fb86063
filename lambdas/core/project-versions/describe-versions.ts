import {
  DescribeProjectVersionsCommand,
  type ProjectVersionDescription,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { type Limiter, unlimited } from '../async/limiter';
import { chunk, collectPages } from '../async/paging';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';

/** DescribeProjectVersions takes at most 100 results per page and at most 10 version names per call. */
const MAX_RESULTS = 100;
const MAX_VERSION_NAMES = 10;

/** Every version of the project (all pages); undefined when the project does not exist. */
export async function listProjectVersions(
  rekognition: RekognitionClient,
  projectArn: string,
  limit: Limiter = unlimited,
): Promise<ProjectVersionDescription[] | undefined> {
  try {
    const pages = await collectPages((NextToken) =>
      limit(() =>
        rekognition.send(
          new DescribeProjectVersionsCommand({ ProjectArn: projectArn, MaxResults: MAX_RESULTS, NextToken }),
        ),
      ),
    );
    return pages.flatMap((page) => page.ProjectVersionDescriptions ?? []);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return classifyRekognitionError(error);
  }
}

/** The named versions that exist (10 names per call); undefined when the project does not exist. */
export async function describeVersionsByName(
  rekognition: RekognitionClient,
  projectArn: string,
  versionNames: readonly string[],
  limit: Limiter = unlimited,
): Promise<ProjectVersionDescription[] | undefined> {
  try {
    const batches = await Promise.all(
      chunk(versionNames, MAX_VERSION_NAMES).map((names) =>
        collectPages((NextToken) =>
          limit(() =>
            rekognition.send(
              new DescribeProjectVersionsCommand({
                ProjectArn: projectArn,
                VersionNames: names,
                MaxResults: MAX_RESULTS,
                NextToken,
              }),
            ),
          ),
        ),
      ),
    );
    return batches.flat().flatMap((page) => page.ProjectVersionDescriptions ?? []);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return classifyRekognitionError(error);
  }
}
