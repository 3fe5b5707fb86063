/**
 * An in-memory Rekognition account behind aws-sdk-client-mock, just rich enough for the Plan: collections (with
 * faces and tags) and Custom Labels projects (with versions and tags). Lists page with a small page size so that
 * paging is exercised by default.
 */
import {
  DescribeCollectionCommand,
  DescribeProjectsCommand,
  DescribeProjectVersionsCommand,
  ListCollectionsCommand,
  ListFacesCommand,
  ListTagsForResourceCommand,
  RekognitionClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-rekognition';
import { mockClient } from 'aws-sdk-client-mock';

export const SCOPE = 'arn:aws:rekognition:eu-west-1:123456789012:';
export const STARTED_AT = '2026-03-01T00:00:00.000Z';
export const PROTECTION = { protectTagKey: 'cleanup:protect', protectTagValue: 'true' };
export const PROTECT_TAG = { 'cleanup:protect': 'true' };

export interface FakeCollection {
  id: string;
  createdAt: string;
  faceModelVersion?: string;
  tags?: Record<string, string>;
  faceIds?: string[];
  userCount?: number;
}

export interface FakeVersion {
  name: string;
  createdAt?: string;
  status?: string;
  tags?: Record<string, string>;
  /** Defaults to a timestamp derived from the name. */
  arnTimestamp?: string;
}

export interface FakeProject {
  name: string;
  timestamp?: string;
  /** Defaults to SCOPE: another value puts the project in another region or account. */
  scope?: string;
  versions: FakeVersion[];
}

export interface FakeAccount {
  collections?: FakeCollection[];
  projects?: FakeProject[];
  pageSize?: number;
}

export const collectionArn = (id: string) => `${SCOPE}collection/${id}`;
export const projectArn = (project: Pick<FakeProject, 'name' | 'timestamp' | 'scope'>) =>
  `${project.scope ?? SCOPE}project/${project.name}/${project.timestamp ?? '1700000000000'}`;
export const versionArn = (project: Pick<FakeProject, 'name' | 'scope'>, version: FakeVersion) =>
  `${project.scope ?? SCOPE}project/${project.name}/version/${version.name}/${version.arnTimestamp ?? '1700000000001'}`;

function notFound(what: string): ResourceNotFoundException {
  return new ResourceNotFoundException({ message: `${what} not found`, $metadata: {} });
}

function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token === undefined ? 0 : Number(token);
  const next = start + size < items.length ? String(start + size) : undefined;
  return { items: items.slice(start, start + size), ...(next !== undefined ? { next } : {}) };
}

export function fakeAccount(account: FakeAccount) {
  // The instance is mocked, not the class: tests stay independent of each other.
  const client = new RekognitionClient({ region: 'eu-west-1' });
  const mock = mockClient(client);
  const size = account.pageSize ?? 2;
  const collections = account.collections ?? [];
  const projects = account.projects ?? [];
  const findCollection = (id: string | undefined) => collections.find((c) => c.id === id);
  const allVersions = projects.flatMap((project) =>
    project.versions.map((version) => ({ project, version, arn: versionArn(project, version) })),
  );
  const describeVersion = ({ version, arn }: (typeof allVersions)[number]) => ({
    ProjectVersionArn: arn,
    Status: version.status ?? 'STOPPED',
    ...(version.createdAt !== undefined ? { CreationTimestamp: new Date(version.createdAt) } : {}),
  });

  mock.on(ListCollectionsCommand).callsFake((input) => {
    const { items, next } = page(collections, input.NextToken, size);
    return {
      CollectionIds: items.map((c) => c.id),
      FaceModelVersions: items.map((c) => c.faceModelVersion ?? '7.0'),
      NextToken: next,
    };
  });
  mock.on(DescribeCollectionCommand).callsFake((input) => {
    const found = findCollection(input.CollectionId);
    if (found === undefined) throw notFound('collection');
    return {
      CollectionARN: collectionArn(found.id),
      FaceCount: found.faceIds?.length ?? 0,
      UserCount: found.userCount ?? 0,
      FaceModelVersion: found.faceModelVersion ?? '7.0',
      CreationTimestamp: new Date(found.createdAt),
    };
  });
  mock.on(ListFacesCommand).callsFake((input) => {
    const found = findCollection(input.CollectionId);
    if (found === undefined) throw notFound('collection');
    const matching = (found.faceIds ?? []).filter((id) => input.FaceIds?.includes(id) ?? true);
    const { items, next } = page(matching, input.NextToken, size);
    return { Faces: items.map((FaceId) => ({ FaceId })), NextToken: next };
  });
  mock.on(ListTagsForResourceCommand).callsFake((input) => {
    const collection = collections.find((c) => collectionArn(c.id) === input.ResourceArn);
    if (collection !== undefined) return { Tags: collection.tags ?? {} };
    const version = allVersions.find((v) => v.arn === input.ResourceArn);
    if (version !== undefined) return { Tags: version.version.tags ?? {} };
    throw notFound('resource');
  });
  mock.on(DescribeProjectsCommand).callsFake((input) => {
    const named = projects.filter((p) => input.ProjectNames?.includes(p.name) ?? true);
    const { items, next } = page(named, input.NextToken, size);
    return { ProjectDescriptions: items.map((p) => ({ ProjectArn: projectArn(p) })), NextToken: next };
  });
  mock.on(DescribeProjectVersionsCommand).callsFake((input) => {
    const project = projects.find((p) => projectArn(p) === input.ProjectArn);
    if (project === undefined) throw notFound('project');
    const versions = allVersions.filter(
      (v) => v.project === project && (input.VersionNames?.includes(v.version.name) ?? true),
    );
    const { items, next } = page(versions, input.NextToken, Math.min(size, input.MaxResults ?? 100));
    return { ProjectVersionDescriptions: items.map(describeVersion), NextToken: next };
  });
  return { mock, client };
}
