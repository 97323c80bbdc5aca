import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
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

/**
 * Item read/write on the table and its GSI1, through the grantee's identity policy. A named index rather
 * than `table.grantReadWriteData`'s `index/*`: no wildcard to acknowledge. A customer-managed key, when
 * the table has one, is granted too.
 */
export function grantItemReadWrite(table: dynamodb.ITable, grantee: iam.IGrantable): iam.Grant {
  table.encryptionKey?.grantEncryptDecrypt(grantee);
  return iam.Grant.addToPrincipal({
    grantee,
    actions: READ_WRITE_ACTIONS,
    resourceArns: [table.tableArn, `${table.tableArn}/index/${GSI1}`],
  });
}

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
}
