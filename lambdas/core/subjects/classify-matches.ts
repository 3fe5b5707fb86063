import type { ImageMatch, SubjectMatchesKept } from '../contracts';

export interface ClassifiedMatches {
  /** Unattributed faces that only the subject's ExternalImageIds point at: erased. */
  erase: string[];
  kept: SubjectMatchesKept;
}

/**
 * Decides, once a collection's scan is complete, which ExternalImageId matches are the subject's. An ExternalImageId
 * names an image, not a person: a group photo or a camera id gives several people's faces the same one. So, per id:
 * - a face held by a user other than the subject's is never erased (heldByOtherUsers);
 * - if the id also labels such a face, or several unattributed faces, its unattributed faces are ambiguous
 *   (needsReview): nothing tells whose they are;
 * - otherwise its one unattributed face is the subject's and is erased.
 * A face held by the subject's own user is the subject's whatever its image id: the search never records it here.
 * Decided per collection: the same image indexed into two collections gives each its own face of the same person.
 */
export function classifyImageMatches(matches: readonly ImageMatch[]): ClassifiedMatches {
  const byImage = new Map<number, ImageMatch[]>();
  for (const match of matches) byImage.set(match.image, [...(byImage.get(match.image) ?? []), match]);
  const result: ClassifiedMatches = { erase: [], kept: { needsReview: [], heldByOtherUsers: [] } };
  for (const faces of byImage.values()) {
    const others = faces.filter((face) => face.heldByOtherUser);
    const unattributed = faces.filter((face) => !face.heldByOtherUser);
    result.kept.heldByOtherUsers.push(...others.map((face) => face.faceId));
    const ambiguous = others.length > 0 || unattributed.length > 1;
    (ambiguous ? result.kept.needsReview : result.erase).push(...unattributed.map((face) => face.faceId));
  }
  // Each face carries one image id and the scan records each face once, so the three lists are disjoint.
  return result;
}
