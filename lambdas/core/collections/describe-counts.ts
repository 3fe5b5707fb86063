import { DescribeCollectionCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';

export interface CollectionCounts {
  faceCount: number;
  userCount: number;
}

/** FaceCount and UserCount from DescribeCollection; undefined when the collection is gone. */
export async function describeCounts(
  rekognition: RekognitionClient,
  collectionId: string,
): Promise<CollectionCounts | undefined> {
  try {
    const out = await rekognition.send(new DescribeCollectionCommand({ CollectionId: collectionId }));
    return { faceCount: out.FaceCount ?? 0, userCount: out.UserCount ?? 0 };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    return classifyRekognitionError(error);
  }
}
