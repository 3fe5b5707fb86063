import {
  DeleteCollectionCommand,
  DescribeCollectionCommand,
  type RekognitionClient,
} from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';

export interface CollectionDeletion {
  outcome: 'DELETED' | 'ALREADY_ABSENT';
  /** FaceCount just before the deletion: the faces that went with the collection. */
  facesDeleted: number;
}

/** DescribeCollection (for the report's face count), then DeleteCollection. A missing collection is not an error. */
export async function deleteCollection(
  rekognition: RekognitionClient,
  collectionId: string,
): Promise<CollectionDeletion> {
  try {
    const description = await rekognition.send(new DescribeCollectionCommand({ CollectionId: collectionId }));
    await rekognition.send(new DeleteCollectionCommand({ CollectionId: collectionId }));
    return { outcome: 'DELETED', facesDeleted: description.FaceCount ?? 0 };
  } catch (error) {
    // Gone before the describe, or deleted by someone else between the two calls: either way not ours to count.
    if (isNotFound(error)) return { outcome: 'ALREADY_ABSENT', facesDeleted: 0 };
    return classifyRekognitionError(error);
  }
}
