import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
// Index and TTL names come from the repositories' own layout, so table and code cannot drift apart.
import { GSI1, TTL_ATTRIBUTE } from '../../lambda/store/table.js';

/** Item-level actions the repositories use: single-item conditional writes, no transactions. */
const READ_WRITE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** Lookout's single table: targets, observations, incidents, timeline and outbox. */
export class Store extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      // A few writes per probe round: on-demand costs cents and never throttles a burst of incidents.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // Incident history is the audit trail; deleting the stack must not delete it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1,
      partitionKey: { name: 'GSI1PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'GSI1SK', type: dynamodb.AttributeType.STRING },
    });
  }

  /**
   * Grants item read/write on the table and GSI1 and sets `TABLE_NAME`, so a function never has one
   * without the other.
   */
  grantReadWrite(fn: lambda.Function): void {
    // Named index instead of `table.grantReadWriteData`'s `index/*`: no wildcard to acknowledge.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: READ_WRITE_ACTIONS,
        resources: [this.table.tableArn, `${this.table.tableArn}/index/${GSI1}`],
      }),
    );
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
  }
}
