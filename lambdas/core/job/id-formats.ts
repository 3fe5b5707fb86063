/**
 * The identifier formats of the contract, taken from Rekognition's own API constraints so that a job that passes
 * here can never be rejected by Rekognition for its shape (and a job Rekognition would reject fails early).
 * Patterns are ASCII-only on purpose: look-alike letters (Cyrillic `а`, full-width digits) do not match.
 */
import { integer, text } from '../schema/fields';

/** Our own execution-name-safe key: Step Functions execution names allow at most 80 characters. */
export const requestId = text({
  min: 1,
  max: 80,
  pattern: /^[A-Za-z0-9_-]+$/,
  rule: 'must match [A-Za-z0-9_-]+ (1-80 chars)',
});

/** Rekognition CollectionId; a prefix uses the same charset so it can only ever match real ids. */
export const collectionId = text({
  min: 1,
  max: 255,
  pattern: /^[a-zA-Z0-9_.-]+$/,
  rule: 'must match [a-zA-Z0-9_.\\-]+ (1-255 chars)',
});

/** Rekognition FaceId: the lowercase UUID that IndexFaces returns. */
export const faceId = text({
  min: 36,
  max: 36,
  pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  rule: 'must be a lowercase UUID ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})',
});

/** Rekognition UserId. */
export const userId = text({
  min: 1,
  max: 128,
  pattern: /^[a-zA-Z0-9_.\-:]+$/,
  rule: 'must match [a-zA-Z0-9_.\\-:]+ (1-128 chars)',
});

/** Rekognition ExternalImageId. */
export const externalImageId = text({
  min: 1,
  max: 255,
  pattern: /^[a-zA-Z0-9_.\-:]+$/,
  rule: 'must match [a-zA-Z0-9_.\\-:]+ (1-255 chars)',
});

/** As ListCollections reports it, e.g. "4.0" or "7.0". */
export const faceModelVersion = text({
  min: 1,
  max: 20,
  pattern: /^[0-9.]+$/,
  rule: 'must match [0-9.]+ (1-20 chars)',
});

/** Rekognition ProjectVersionArn: arn:...:project/<project>/version/<version>/<timestamp>. */
export const projectVersionArn = text({
  min: 20,
  max: 2048,
  pattern:
    /^arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project\/[a-zA-Z0-9_.-]{1,255}\/version\/[a-zA-Z0-9_.-]{1,255}\/[0-9]+$/,
  rule: 'must be a Rekognition project version ARN (arn:<partition>:rekognition:<region>:<account>:project/<name>/version/<name>/<timestamp>, 20-2048 chars)',
});

/** Rekognition ProjectArn: arn:...:project/<project>/<timestamp>. */
export const projectArn = text({
  min: 20,
  max: 2048,
  pattern: /^arn:[a-z\d-]+:rekognition:[a-z\d-]+:\d{12}:project\/[a-zA-Z0-9_.-]{1,255}\/[0-9]+$/,
  rule: 'must be a Rekognition project ARN (arn:<partition>:rekognition:<region>:<account>:project/<name>/<timestamp>, 20-2048 chars)',
});

/** 36500 days is a century: beyond it a cut-off is a typo, and 0 would select everything created so far. */
export const olderThanDays = integer(1, 36500);

/** Bounded like olderThanDays, so that a typo cannot pass for a policy. */
export const keepLatest = integer(0, 1000);

export const maxDeletions = integer(0, Number.MAX_SAFE_INTEGER);
