import { DeleteCollectionCommand, type RekognitionClient } from '@aws-sdk/client-rekognition';
import { classifyRekognitionError, isNotFound } from '../aws/rekognition-errors';

export interface CollectionDeletion {
  outcome: 'DELETED' | 'ALREADY_ABSENT';
}

/**
 * DeleteCollection, right after the delete gate re-verified the collection (its DescribeCollection gave the face
 * count the report uses). A missing collection is not an error.
 */
export async function deleteCollection(
  rekognition: RekognitionClient,
  collectionId: string,
): Promise<CollectionDeletion> {
  try {
    await rekognition.send(new DeleteCollectionCommand({ CollectionId: collectionId }));
    return { outcome: 'DELETED' };
  } catch (error) {
    // Deleted by someone else since the re-check: not ours to count.
    if (isNotFound(error)) return { outcome: 'ALREADY_ABSENT' };
    return classifyRekognitionError(error);
  }
}
