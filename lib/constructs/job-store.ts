import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import {
  DEFAULT_JOB_DATA_TTL_DAYS,
  JOB_DATA_TTL_DAYS_ENV,
  JOB_TABLE,
  JOB_TABLE_ENV,
} from '../../lambdas/core/store/table-schema';

export interface JobStoreProps {
  /** How long a job's working data (plan, progress, report) is kept after it was written. @default 30 days */
  readonly dataRetention?: Duration;
}

/** The item operations each function's code sends to the job store (test/infra/least-privilege.test.ts checks). */
export type JobStoreAction = 'GetItem' | 'PutItem' | 'Query' | 'DeleteItem' | 'UpdateItem';

/**
 * The job store: one DynamoDB table, keyed as lambdas/core/store/table-schema.ts says, encrypted with a
 * customer-managed key of the stack, with a TTL on every item. The state machine carries references into it; the
 * plan, each item's progress (the evidence of what was deleted) and the report live here.
 */
export class JobStore extends Construct {
  readonly table: dynamodb.Table;
  readonly key: kms.Key;
  private readonly ttlDays: number;

  constructor(scope: Construct, id: string, props: JobStoreProps = {}) {
    super(scope, id);
    this.ttlDays = Math.max(1, Math.ceil((props.dataRetention ?? Duration.days(DEFAULT_JOB_DATA_TTL_DAYS)).toDays()));
    this.key = new kms.Key(this, 'Key', {
      description: 'rekognition-cleanup job store: plans, progress and reports of cleanup jobs',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: JOB_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: JOB_TABLE.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      timeToLiveAttribute: JOB_TABLE.timeToLiveAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Working data: it expires with its TTL anyway, and a new stack starts with new jobs.
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }

  /**
   * The store's table name in the function's environment, and the item operations the store's code sends: every
   * user of JobStore can reach all of them (test/infra/least-privilege.test.ts derives that from the code).
   */
  connect(
    fn: lambda.Function,
    actions: readonly JobStoreAction[] = ['GetItem', 'PutItem', 'Query', 'DeleteItem'],
  ): void {
    fn.addEnvironment(JOB_TABLE_ENV, this.table.tableName);
    fn.addEnvironment(JOB_DATA_TTL_DAYS_ENV, String(this.ttlDays));
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: actions.map((action) => `dynamodb:${action}`),
        resources: [this.table.tableArn],
      }),
    );
    // DynamoDB encrypts and decrypts with the table's key on the caller's behalf.
    fn.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [this.key.keyArn] }),
    );
  }
}
