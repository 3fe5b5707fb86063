/** How faces look on the wire. */
import type { Collection } from '../model/collection';
import { GENERATED_BOXES, GENERATED_CONFIDENCE, type GeneratedSegment, type StoredFace } from '../model/face-table';
import type { ByteWriter } from '../service/json-body';

const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');
const GENERATED_BOX_JSON = GENERATED_BOXES.map((box) => ascii(JSON.stringify(box)));
const FACE_ID = ascii('{"FaceId":"');
const BOUNDING_BOX = ascii('","BoundingBox":');
const IMAGE_ID = ascii(',"ImageId":"');
const GENERATED_CONFIDENCE_JSON = ascii(`,"Confidence":${GENERATED_CONFIDENCE},"IndexFacesModelVersion":`);
const QUOTE = ascii('"');
const COMMA = ascii(',');
const CLOSE = ascii('}');
const ID_LENGTH = 36;

/**
 * Writes faces as ListFaces returns them, as JSON bytes, for one page. Generated faces (the bulk of any big
 * collection) are assembled from pre-encoded fragments and ids written digit by digit: no string is built per face.
 * The collection-wide parts (model version, ExternalImageId prefixes) are JSON-encoded once per page.
 */
export class FaceJsonWriter {
  private readonly versionJson: Buffer;
  private readonly externalPrefixJson = new Map<GeneratedSegment, Buffer>();
  private faces = 0;

  constructor(
    private readonly collection: Collection,
    private readonly out: ByteWriter,
  ) {
    this.versionJson = Buffer.from(JSON.stringify(collection.faceModelVersion));
  }

  /** Appends the face in `slot`, preceded by a comma unless it is the first. */
  face(slot: number): void {
    if (this.faces++ > 0) this.out.bytes(COMMA);
    const generated = this.collection.faces.generatedAt(slot);
    if (generated) this.generatedFace(generated.segment, generated.index);
    else this.storedFace(slot);
    const user = this.collection.userAt(slot);
    if (user) this.out.text(`,"UserId":${JSON.stringify(user.userId)}`);
    this.out.bytes(CLOSE);
  }

  private generatedFace(segment: GeneratedSegment, index: number): void {
    const out = this.out;
    out.bytes(FACE_ID);
    const faceId = out.reserve(ID_LENGTH);
    segment.scheme.writeId(index, faceId.target, faceId.at);
    out.bytes(BOUNDING_BOX);
    out.bytes(GENERATED_BOX_JSON[index % GENERATED_BOX_JSON.length] as Buffer);
    out.bytes(IMAGE_ID);
    const imageId = out.reserve(ID_LENGTH);
    segment.imageScheme.writeId(index, imageId.target, imageId.at);
    out.bytes(QUOTE);
    if (segment.externalImageIdPrefix !== undefined) {
      out.bytes(this.externalPrefix(segment));
      out.integer(index);
      out.bytes(QUOTE);
    }
    out.bytes(GENERATED_CONFIDENCE_JSON);
    out.bytes(this.versionJson);
  }

  private storedFace(slot: number): void {
    const face = this.collection.faces.faceAt(slot);
    const external =
      face.externalImageId === undefined ? '' : `,"ExternalImageId":${JSON.stringify(face.externalImageId)}`;
    this.out.text(
      `{"FaceId":"${face.faceId}","BoundingBox":${JSON.stringify(face.boundingBox)},"ImageId":"${face.imageId}"` +
        `${external},"Confidence":${face.confidence},"IndexFacesModelVersion":`,
    );
    this.out.bytes(this.versionJson);
  }

  /** `,"ExternalImageId":"<prefix>` for the segment: the index and the closing quote follow. */
  private externalPrefix(segment: GeneratedSegment): Buffer {
    let json = this.externalPrefixJson.get(segment);
    if (json === undefined) {
      json = Buffer.from(`,"ExternalImageId":${JSON.stringify(segment.externalImageIdPrefix ?? '').slice(0, -1)}`);
      this.externalPrefixJson.set(segment, json);
    }
    return json;
  }
}

/** Where the default landmarks sit in a face's bounding box (fractions of its width and height). */
const LANDMARK_LAYOUT = [
  ['eyeLeft', 0.3, 0.35],
  ['eyeRight', 0.7, 0.35],
  ['nose', 0.5, 0.55],
  ['mouthLeft', 0.35, 0.75],
  ['mouthRight', 0.65, 0.75],
] as const;

/** The five landmarks every IndexFaces FaceDetail carries, in image coordinates like the service's. */
function landmarksIn(box: StoredFace['boundingBox']): object[] {
  return LANDMARK_LAYOUT.map(([type, x, y]) => ({
    Type: type,
    X: Math.round((box.Left + box.Width * x) * 1e6) / 1e6,
    Y: Math.round((box.Top + box.Height * y) * 1e6) / 1e6,
  }));
}

/**
 * A face record as IndexFaces returns it: the face, and the FaceDetail of the DEFAULT attributes (bounding box,
 * confidence, landmarks, pose, quality).
 */
export function indexedFaceRecord(face: StoredFace): object {
  return {
    Face: {
      FaceId: face.faceId,
      BoundingBox: face.boundingBox,
      ImageId: face.imageId,
      ...(face.externalImageId === undefined ? {} : { ExternalImageId: face.externalImageId }),
      Confidence: face.confidence,
    },
    FaceDetail: {
      BoundingBox: face.boundingBox,
      Confidence: face.confidence,
      Landmarks: landmarksIn(face.boundingBox),
      Pose: { Roll: 0.5, Yaw: -1.2, Pitch: 2.3 },
      Quality: { Brightness: 80.1, Sharpness: 92.2 },
    },
  };
}
