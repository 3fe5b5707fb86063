import type * as iam from 'aws-cdk-lib/aws-iam';
import type { Acknowledgement } from './nag-acknowledgements';

/** One IAM statement a function needs, and the cdk-nag findings its wildcards raise, each with its reason. */
export interface Permission {
  readonly statement: iam.PolicyStatement;
  /** Acknowledged on the role the statement is granted to. */
  readonly acknowledgements: readonly Acknowledgement[];
}

export function permission(statement: iam.PolicyStatement, ...acknowledgements: Acknowledgement[]): Permission {
  return { statement, acknowledgements };
}
