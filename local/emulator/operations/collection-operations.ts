/** CreateCollection, DeleteCollection, DescribeCollection, ListCollections. */
import { decodePageToken, encodePageToken } from '../service/page-token';
import { errors } from '../service/service-error';
import { optionalInteger, optionalString, optionalTags, requiredString, rules } from '../service/validation';
import { epochSeconds, type OperationTable, requireCollection } from './operation';

const LIST_COLLECTIONS_DEFAULT = 1000;
const LIST_COLLECTIONS_MAX = 4096;

export const collectionOperations: OperationTable = {
  CreateCollection(input, world) {
    const collectionId = requiredString(input, 'CollectionId', rules.collectionId);
    const tags = optionalTags(input, 'Tags');
    if (world.collection(collectionId)) {
      throw errors.resourceAlreadyExists(`The collection id: ${collectionId} already exists`);
    }
    const collection = world.createCollection(collectionId, tags ? { tags } : {});
    // The real CreateCollection returns the ARN without its `arn:` prefix (DescribeCollection has it): kept as is.
    return {
      StatusCode: 200,
      CollectionArn: collection.arn.replace(/^arn:/, ''),
      FaceModelVersion: collection.faceModelVersion,
    };
  },

  DeleteCollection(input, world) {
    const collection = requireCollection(input, world);
    world.deleteCollection(collection.id);
    return { StatusCode: 200 };
  },

  DescribeCollection(input, world) {
    const collection = requireCollection(input, world);
    return {
      FaceCount: collection.faceCount,
      UserCount: collection.userCount,
      FaceModelVersion: collection.faceModelVersion,
      CollectionARN: collection.arn,
      CreationTimestamp: epochSeconds(collection.createdAt),
    };
  },

  ListCollections(input, world) {
    const maxResults = optionalInteger(input, 'MaxResults', 1, LIST_COLLECTIONS_MAX) ?? LIST_COLLECTIONS_DEFAULT;
    const token = optionalString(input, 'NextToken', rules.paginationToken);
    // The cursor is the last id returned: ids are listed in ascending order, so deletions do not shift the rest.
    const after = decodePageToken(token, 'ListCollections', 'account');
    const ids = world.sortedCollectionIds();
    const start = after === undefined ? 0 : firstAfter(ids, after);
    const page = ids.slice(start, start + maxResults);
    const collections = page.map((id) => world.collection(id));
    const last = page[page.length - 1];
    return {
      CollectionIds: page,
      FaceModelVersions: collections.map((collection) => collection?.faceModelVersion ?? ''),
      ...(start + maxResults < ids.length && last !== undefined
        ? { NextToken: encodePageToken('ListCollections', 'account', last) }
        : {}),
    };
  },
};

/** Index of the first id strictly greater than `after` in an ascending list. */
function firstAfter(ids: readonly string[], after: string): number {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ids[middle] ?? '') <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}
