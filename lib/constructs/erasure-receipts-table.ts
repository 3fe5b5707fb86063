import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/**
 * One receipt per erasure request (partition key receiptKey, the erasure's name: a request id is unique only within
 * its requester). Receipts are evidence: no TTL, point-in-time recovery, deletion protection, and the table outlives
 * the stack (RETAIN, on replacement too). They hold hashed subject refs only.
 */
export class ErasureReceiptsTable extends Construct {
  /** status (partition) + dueAt (sort): finds IN_PROGRESS erasures past their due time. */
  static readonly STATUS_INDEX = 'status-dueAt';

  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'receiptKey', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: ErasureReceiptsTable.STATUS_INDEX,
      partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'dueAt', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
  }
}
