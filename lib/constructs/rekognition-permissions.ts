import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { operationsOfWorker, type RekognitionOperation, type RekognitionWorker } from '../../lambdas/core/workers';
import { Reasons, wildcardResource } from './nag-acknowledgements';
import { type Permission, permission } from './permission';

/**
 * The resource type IAM scopes each operation to (Service Authorization Reference). `account`: no resource type,
 * so `*`; `tagged`: whichever resource the worker reads the tags of.
 */
const RESOURCE_TYPE: Record<RekognitionOperation, 'account' | 'collection' | 'project' | 'tagged'> = {
  ListCollections: 'account',
  DescribeProjects: 'account',
  DescribeCollection: 'collection',
  DeleteCollection: 'collection',
  ListFaces: 'collection',
  DeleteFaces: 'collection',
  ListUsers: 'collection',
  DeleteUser: 'collection',
  DisassociateFaces: 'collection',
  DescribeProjectVersions: 'project',
  StopProjectVersion: 'project',
  DeleteProjectVersion: 'project',
  DeleteProject: 'project',
  ListTagsForResource: 'tagged',
};

/**
 * IAM statements scoped to this account and region's Rekognition resources. List operations that have no resource
 * type in the service authorization reference (ListCollections, DescribeProjects) need `*`.
 */
export class RekognitionPermissions {
  private readonly collections: string;
  private readonly projects: string;

  constructor(private readonly scope: Construct) {
    const stack = Stack.of(scope);
    const base = `arn:${stack.partition}:rekognition:${stack.region}:${stack.account}`;
    this.collections = `${base}:collection/*`;
    // Covers project ARNs (project/<name>/<ts>) and version ARNs (project/<name>/version/<v>/<ts>).
    this.projects = `${base}:project/*`;
  }

  /**
   * What the worker calls (lambdas/core/workers.ts), each on the narrowest resource: tags are read on the kinds of
   * resource the worker works on, collections or projects.
   */
  forWorker(worker: RekognitionWorker): Permission[] {
    const operations = operationsOfWorker(worker);
    const of = (type: (typeof RESOURCE_TYPE)[RekognitionOperation]) =>
      operations.filter((operation) => RESOURCE_TYPE[operation] === type);
    const [account, collection, project] = [of('account'), of('collection'), of('project')];
    const readsTags = of('tagged').length > 0;
    // A worker that only read tags would read them on both.
    const tagsOnCollections = readsTags && (collection.length > 0 || project.length === 0);
    const tagsOnProjects = readsTags && (project.length > 0 || collection.length === 0);
    const permissions: Permission[] = [];
    if (account.length > 0) permissions.push(this.listAll(...account));
    if (tagsOnCollections && tagsOnProjects) {
      permissions.push(this.readTags());
      if (collection.length > 0) permissions.push(this.onCollections(...collection));
      if (project.length > 0) permissions.push(this.onProjects(...project));
    } else {
      const tags = readsTags ? ['ListTagsForResource'] : [];
      if (collection.length > 0) permissions.push(this.onCollections(...collection, ...tags));
      if (project.length > 0) permissions.push(this.onProjects(...project, ...tags));
    }
    return permissions;
  }

  /** Actions on collections and their faces and users. */
  onCollections(...actions: string[]): Permission {
    return permission(
      new iam.PolicyStatement({ actions: rekognition(actions), resources: [this.collections] }),
      this.collectionsWildcard(),
    );
  }

  /** Actions on Custom Labels projects and project versions. */
  onProjects(...actions: string[]): Permission {
    return permission(
      new iam.PolicyStatement({ actions: rekognition(actions), resources: [this.projects] }),
      this.projectsWildcard(),
    );
  }

  /** Tags are read on both collections and project versions. */
  readTags(): Permission {
    return permission(
      new iam.PolicyStatement({
        actions: rekognition(['ListTagsForResource']),
        resources: [this.collections, this.projects],
      }),
      this.collectionsWildcard(),
      this.projectsWildcard(),
    );
  }

  /** Account-wide listing that IAM cannot scope to a resource. */
  listAll(...actions: string[]): Permission {
    return permission(
      new iam.PolicyStatement({ actions: rekognition(actions), resources: ['*'] }),
      wildcardResource(this.scope, '*', Reasons.rekognitionListings),
    );
  }

  private collectionsWildcard() {
    return wildcardResource(this.scope, this.collections, Reasons.rekognitionCollections);
  }

  private projectsWildcard() {
    return wildcardResource(this.scope, this.projects, Reasons.rekognitionProjects);
  }
}

function rekognition(actions: string[]): string[] {
  return actions.map((action) => `rekognition:${action}`);
}
