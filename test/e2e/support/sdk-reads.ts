import {
  DescribeProjectsCommand,
  ListCollectionsCommand,
  ListFacesCommand,
  ListUsersCommand,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';

/** Reads through the real SDK, the way any other Rekognition client would see the result of a job. */

/** Every face id of the collection (all pages), sorted. */
export async function listFaceIds(client: RekognitionClient, collectionId: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListFacesCommand({ CollectionId: collectionId, MaxResults: 4096, NextToken: nextToken }),
    );
    for (const face of page.Faces ?? []) if (face.FaceId !== undefined) ids.push(face.FaceId);
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return ids.sort();
}

/** Every user id of the collection (all pages), sorted. */
export async function listUserIds(client: RekognitionClient, collectionId: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new ListUsersCommand({ CollectionId: collectionId, MaxResults: 500, NextToken: nextToken }),
    );
    for (const user of page.Users ?? []) if (user.UserId !== undefined) ids.push(user.UserId);
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return ids.sort();
}

export async function listCollectionIds(client: RekognitionClient): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListCollectionsCommand({ MaxResults: 4096, NextToken: nextToken }));
    ids.push(...(page.CollectionIds ?? []));
    nextToken = page.NextToken;
  } while (nextToken !== undefined);
  return ids.sort();
}

/** The project's ARN, as DescribeProjects reports it. */
export async function projectArnOf(client: RekognitionClient, projectName: string): Promise<string> {
  const out = await client.send(new DescribeProjectsCommand({ ProjectNames: [projectName] }));
  const arn = out.ProjectDescriptions?.[0]?.ProjectArn;
  if (arn === undefined) throw new Error(`project ${projectName} not found`);
  return arn;
}
