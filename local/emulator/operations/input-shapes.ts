/**
 * The input shapes of the emulated operations, transcribed from the service model (botocore's
 * `rekognition/2016-06-27/service-2.json`; patterns are spelt exactly as there). The conformance test
 * (test/emulator/conformance) checks this transcription and the emulator's answers against the model itself.
 */
import type { Shape, StructureShape } from '../service/input-shape';

const string = (min?: number, max?: number, pattern?: string): Shape => ({
  type: 'string',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
  ...(pattern === undefined ? {} : { pattern }),
});
const enumOf = (...values: string[]): Shape => ({ type: 'string', enum: values });
const integer = (min?: number, max?: number): Shape => ({
  type: 'integer',
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
const list = (member: Shape, min?: number, max?: number): Shape => ({
  type: 'list',
  member,
  ...(min === undefined ? {} : { min }),
  ...(max === undefined ? {} : { max }),
});
const structure = (members: Record<string, Shape>, ...required: string[]): StructureShape => ({
  type: 'structure',
  members,
  required,
});

const NAME = '[a-zA-Z0-9_.\\-]+';
export const MODEL_PATTERNS = {
  collectionId: NAME,
  userId: '[a-zA-Z0-9_.\\-:]+',
  faceId: '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
  projectArn: '(^arn:[a-z\\d-]+:rekognition:[a-z\\d-]+:\\d{12}:project\\/[a-zA-Z0-9_.\\-]{1,255}\\/[0-9]+$)',
  projectVersionArn:
    '(^arn:[a-z\\d-]+:rekognition:[a-z\\d-]+:\\d{12}:project\\/[a-zA-Z0-9_.\\-]{1,255}\\/version\\/[a-zA-Z0-9_.\\-]{1,255}\\/[0-9]+$)',
} as const;

const collectionId = string(1, 255, MODEL_PATTERNS.collectionId);
const userId = string(1, 128, MODEL_PATTERNS.userId);
const faceId = string(undefined, undefined, MODEL_PATTERNS.faceId);
const clientRequestToken = string(1, 64, '^[a-zA-Z0-9-_]+$');
const paginationToken = string(undefined, 255);
const extendedPaginationToken = string(undefined, 1024);
const projectName = string(1, 255, NAME);
const versionName = string(1, 255, NAME);
const projectArn = string(20, 2048, MODEL_PATTERNS.projectArn);
const projectVersionArn = string(20, 2048, MODEL_PATTERNS.projectVersionArn);
const resourceArn = string(20, 2048);
const percent: Shape = { type: 'float', min: 0, max: 100 };
const tagKey = string(1, 128, '^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*$');
const tagMap: Shape = {
  type: 'map',
  key: tagKey,
  value: string(0, 256, '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$'),
  min: 0,
  max: 200,
};
const s3Bucket = string(3, 255, '[0-9A-Za-z\\.\\-_]*');
const s3Object = structure({ Bucket: s3Bucket, Name: string(1, 1024), Version: string(1, 1024) });
const assets = list(structure({ GroundTruthManifest: structure({ S3Object: s3Object }) }));
const customizationFeature = enumOf('CONTENT_MODERATION', 'CUSTOM_LABELS');
const attribute = enumOf(
  'DEFAULT',
  'ALL',
  'AGE_RANGE',
  'BEARD',
  'EMOTIONS',
  'EYE_DIRECTION',
  'EYEGLASSES',
  'EYES_OPEN',
  'GENDER',
  'MOUTH_OPEN',
  'MUSTACHE',
  'FACE_OCCLUDED',
  'SMILE',
  'SUNGLASSES',
);

const collectionOnly = structure({ CollectionId: collectionId }, 'CollectionId');
const userCall = structure(
  { CollectionId: collectionId, UserId: userId, ClientRequestToken: clientRequestToken },
  'CollectionId',
  'UserId',
);
const versionCall = structure({ ProjectVersionArn: projectVersionArn }, 'ProjectVersionArn');

export const INPUT_SHAPES: Readonly<Record<string, StructureShape>> = {
  CreateCollection: structure({ CollectionId: collectionId, Tags: tagMap }, 'CollectionId'),
  DeleteCollection: collectionOnly,
  DescribeCollection: collectionOnly,
  ListCollections: structure({ NextToken: paginationToken, MaxResults: integer(0, 4096) }),
  IndexFaces: structure(
    {
      CollectionId: collectionId,
      Image: structure({ Bytes: { type: 'blob', min: 1, max: 5_242_880 }, S3Object: s3Object }),
      ExternalImageId: string(1, 255, '[a-zA-Z0-9_.\\-:]+'),
      DetectionAttributes: list(attribute),
      MaxFaces: integer(1),
      QualityFilter: enumOf('NONE', 'AUTO', 'LOW', 'MEDIUM', 'HIGH'),
    },
    'CollectionId',
    'Image',
  ),
  ListFaces: structure(
    {
      CollectionId: collectionId,
      NextToken: paginationToken,
      MaxResults: integer(0, 4096),
      UserId: userId,
      FaceIds: list(faceId, 1, 4096),
    },
    'CollectionId',
  ),
  DeleteFaces: structure({ CollectionId: collectionId, FaceIds: list(faceId, 1, 4096) }, 'CollectionId', 'FaceIds'),
  CreateUser: userCall,
  DeleteUser: userCall,
  ListUsers: structure(
    { CollectionId: collectionId, MaxResults: integer(1, 500), NextToken: paginationToken },
    'CollectionId',
  ),
  AssociateFaces: structure(
    {
      CollectionId: collectionId,
      UserId: userId,
      FaceIds: list(faceId, 1, 100),
      UserMatchThreshold: percent,
      ClientRequestToken: clientRequestToken,
    },
    'CollectionId',
    'UserId',
    'FaceIds',
  ),
  DisassociateFaces: structure(
    {
      CollectionId: collectionId,
      UserId: userId,
      ClientRequestToken: clientRequestToken,
      FaceIds: list(faceId, 1, 100),
    },
    'CollectionId',
    'UserId',
    'FaceIds',
  ),
  TagResource: structure({ ResourceArn: resourceArn, Tags: tagMap }, 'ResourceArn', 'Tags'),
  UntagResource: structure({ ResourceArn: resourceArn, TagKeys: list(tagKey, 0, 200) }, 'ResourceArn', 'TagKeys'),
  ListTagsForResource: structure({ ResourceArn: resourceArn }, 'ResourceArn'),
  CreateProject: structure(
    {
      ProjectName: projectName,
      Feature: customizationFeature,
      AutoUpdate: enumOf('ENABLED', 'DISABLED'),
      Tags: tagMap,
    },
    'ProjectName',
  ),
  DescribeProjects: structure({
    NextToken: extendedPaginationToken,
    MaxResults: integer(1, 100),
    ProjectNames: list(projectName, 1, 10),
    Features: list(customizationFeature, 1, 2),
  }),
  DeleteProject: structure({ ProjectArn: projectArn }, 'ProjectArn'),
  CreateProjectVersion: structure(
    {
      ProjectArn: projectArn,
      VersionName: versionName,
      OutputConfig: structure({ S3Bucket: s3Bucket, S3KeyPrefix: string(undefined, 1024) }),
      TrainingData: structure({ Assets: assets }),
      TestingData: structure({ Assets: assets, AutoCreate: { type: 'boolean' } }),
      Tags: tagMap,
      KmsKeyId: string(1, 2048, '^[A-Za-z0-9][A-Za-z0-9:_/+=,@.-]{0,2048}$'),
      VersionDescription: string(1, 255, "[a-zA-Z0-9-_. ()':,;?]+"),
      FeatureConfig: structure({ ContentModeration: structure({ ConfidenceThreshold: percent }) }),
    },
    'ProjectArn',
    'VersionName',
    'OutputConfig',
  ),
  StartProjectVersion: structure(
    { ProjectVersionArn: projectVersionArn, MinInferenceUnits: integer(1), MaxInferenceUnits: integer(1) },
    'ProjectVersionArn',
    'MinInferenceUnits',
  ),
  StopProjectVersion: versionCall,
  DescribeProjectVersions: structure(
    {
      ProjectArn: projectArn,
      VersionNames: list(versionName, 1, 10),
      NextToken: extendedPaginationToken,
      MaxResults: integer(1, 100),
    },
    'ProjectArn',
  ),
  DeleteProjectVersion: versionCall,
};
