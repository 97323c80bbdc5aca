import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { grantItemReadWrite } from './store.js';

/** What every Lookout function works with: its table and the Slack token's secret. */
export interface LookoutResources {
  readonly table: dynamodb.ITable;
  readonly slackSecret: secretsmanager.ISecret;
}

/**
 * Grants a function its table and secret and sets `TABLE_NAME` / `SLACK_SECRET_ARN` together, so a
 * function never has a permission without the name, nor the name without the permission.
 */
export function wireFunction(fn: lambda.Function, resources: LookoutResources): void {
  grantItemReadWrite(resources.table, fn);
  fn.addEnvironment('TABLE_NAME', resources.table.tableName);
  resources.slackSecret.grantRead(fn);
  fn.addEnvironment('SLACK_SECRET_ARN', resources.slackSecret.secretArn);
}
