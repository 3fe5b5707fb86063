import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { Reasons, wildcardResource } from './nag-acknowledgements';
import { type Permission, permission } from './permission';

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
