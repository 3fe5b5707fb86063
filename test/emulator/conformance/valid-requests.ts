/**
 * One valid request per emulated operation, in an order that lets each succeed against WORLD, using every member
 * the model gives the operation where the emulator can honour it (so the probes have a sample of each list).
 */
import type { World } from '../../../local/emulator';

export const ACCOUNT = 'arn:aws:rekognition:us-east-1:123456789012';
const FACE_A = '0b6f3c3e-1f0a-4c1e-9d0e-6f1f6a1b2c3d';
const FACE_B = '1c7f4d4f-2a1b-4d2f-8e1f-7a2a7b2c3d4e';
const PROJECT = `${ACCOUNT}:project/labels/1700000000000`;
const EMPTY_PROJECT = `${ACCOUNT}:project/empty/1700000000000`;
const version = (name: string) => `${ACCOUNT}:project/labels/version/${name}/1700000000000`;
const COLLECTION_ARN = `${ACCOUNT}:collection/faces`;

const CREATED_AT = '2023-11-14T22:13:20Z';
export const WORLD: World = {
  collections: [{ id: 'faces', faces: [{ faceId: FACE_A }, { faceId: FACE_B }, { generate: { count: 3 } }] }],
  projects: [
    {
      name: 'labels',
      createdAt: CREATED_AT,
      versions: [
        { name: 'trained', createdAt: CREATED_AT },
        { name: 'running', status: 'RUNNING', minInferenceUnits: 1, createdAt: CREATED_AT },
        { name: 'stopped', status: 'STOPPED', createdAt: CREATED_AT },
      ],
    },
    { name: 'empty', createdAt: CREATED_AT },
  ],
};

/** Valid values for the members that name a resource, that name nothing in WORLD. */
export const MISSING_RESOURCES: Record<string, string> = {
  CollectionId: 'no-such-collection',
  ProjectArn: `${ACCOUNT}:project/no-such-project/1700000000000`,
  ProjectVersionArn: `${ACCOUNT}:project/labels/version/no-such-version/1700000000000`,
  ResourceArn: `${ACCOUNT}:collection/no-such-collection`,
};

const s3Object = { Bucket: 'training-bucket', Name: 'manifests/train.manifest', Version: '3' };

export const VALID_REQUESTS: [operation: string, request: Record<string, unknown>][] = [
  ['CreateCollection', { CollectionId: 'created', Tags: { team: 'ml' } }],
  ['DescribeCollection', { CollectionId: 'faces' }],
  ['ListCollections', { MaxResults: 10 }],
  [
    'IndexFaces',
    {
      CollectionId: 'faces',
      Image: { Bytes: 'AQID' },
      ExternalImageId: 'img-1',
      DetectionAttributes: ['DEFAULT'],
      MaxFaces: 1,
      QualityFilter: 'AUTO',
    },
  ],
  ['ListFaces', { CollectionId: 'faces', MaxResults: 10, FaceIds: [FACE_A] }],
  ['CreateUser', { CollectionId: 'faces', UserId: 'user-1', ClientRequestToken: 'create-1' }],
  [
    'AssociateFaces',
    {
      CollectionId: 'faces',
      UserId: 'user-1',
      FaceIds: [FACE_A],
      UserMatchThreshold: 80,
      ClientRequestToken: 'associate-1',
    },
  ],
  ['ListUsers', { CollectionId: 'faces', MaxResults: 10 }],
  ['DisassociateFaces', { CollectionId: 'faces', UserId: 'user-1', FaceIds: [FACE_A], ClientRequestToken: 'dis-1' }],
  ['DeleteUser', { CollectionId: 'faces', UserId: 'user-1', ClientRequestToken: 'delete-1' }],
  ['DeleteFaces', { CollectionId: 'faces', FaceIds: [FACE_B] }],
  ['TagResource', { ResourceArn: COLLECTION_ARN, Tags: { owner: 'team a' } }],
  ['ListTagsForResource', { ResourceArn: COLLECTION_ARN }],
  ['UntagResource', { ResourceArn: COLLECTION_ARN, TagKeys: ['owner'] }],
  ['CreateProject', { ProjectName: 'new.project', Feature: 'CUSTOM_LABELS', Tags: { team: 'ml' } }],
  ['DescribeProjects', { ProjectNames: ['labels'], Features: ['CUSTOM_LABELS'], MaxResults: 10 }],
  [
    'CreateProjectVersion',
    {
      ProjectArn: PROJECT,
      VersionName: 'v2',
      OutputConfig: { S3Bucket: 'output-bucket', S3KeyPrefix: 'models/' },
      TrainingData: { Assets: [{ GroundTruthManifest: { S3Object: s3Object } }] },
      TestingData: { Assets: [{ GroundTruthManifest: { S3Object: s3Object } }], AutoCreate: false },
      Tags: { team: 'ml' },
      KmsKeyId: 'alias/models',
      VersionDescription: 'second try (with more data)',
      FeatureConfig: { ContentModeration: { ConfidenceThreshold: 50 } },
    },
  ],
  ['DescribeProjectVersions', { ProjectArn: PROJECT, VersionNames: ['trained'], MaxResults: 10 }],
  ['StartProjectVersion', { ProjectVersionArn: version('trained'), MinInferenceUnits: 1, MaxInferenceUnits: 2 }],
  ['StopProjectVersion', { ProjectVersionArn: version('running') }],
  ['DeleteProjectVersion', { ProjectVersionArn: version('stopped') }],
  ['DeleteProject', { ProjectArn: EMPTY_PROJECT }],
  ['DeleteCollection', { CollectionId: 'created' }],
];
