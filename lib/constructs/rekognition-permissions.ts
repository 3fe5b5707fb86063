import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * IAM statements scoped to this account and region's Rekognition resources. List operations that have no resource
 * type in the service authorization reference (ListCollections, DescribeProjects) need `*`.
 */
export class RekognitionPermissions {
  private readonly collections: string;
  private readonly projects: string;

  constructor(scope: Construct) {
    const stack = Stack.of(scope);
    const base = `arn:${stack.partition}:rekognition:${stack.region}:${stack.account}`;
    this.collections = `${base}:collection/*`;
    // Covers project ARNs (project/<name>/<ts>) and version ARNs (project/<name>/version/<v>/<ts>).
    this.projects = `${base}:project/*`;
  }

  /** Actions on collections and their faces and users. */
  onCollections(...actions: string[]): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: actions.map((a) => `rekognition:${a}`), resources: [this.collections] });
  }

  /** Actions on Custom Labels projects and project versions. */
  onProjects(...actions: string[]): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: actions.map((a) => `rekognition:${a}`), resources: [this.projects] });
  }

  /** Tags are read on both collections and project versions. */
  readTags(): iam.PolicyStatement {
    return new iam.PolicyStatement({
      actions: ['rekognition:ListTagsForResource'],
      resources: [this.collections, this.projects],
    });
  }

  /** Account-wide listing that IAM cannot scope to a resource. */
  listAll(...actions: string[]): iam.PolicyStatement {
    return new iam.PolicyStatement({ actions: actions.map((a) => `rekognition:${a}`), resources: ['*'] });
  }
}
