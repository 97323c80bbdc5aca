import { describeAffectedAccountsForOrganization } from './account-operations.js';
import { describeAffectedEntities, describeAffectedEntitiesForOrganization } from './entity-operations.js';
import {
  describeEventDetails,
  describeEventDetailsForOrganization,
  describeEvents,
  describeEventsForOrganization,
} from './event-operations.js';
import type { Operation } from './operation-context.js';

/** `X-Amz-Target: AWSHealth_20160804.<operation>`. */
export const TARGET_PREFIX = 'AWSHealth_20160804.';

/** The operations served; any other target is an UnknownOperationException. */
export const OPERATIONS: ReadonlyMap<string, Operation> = new Map<string, Operation>([
  ['DescribeEvents', describeEvents],
  ['DescribeEventDetails', describeEventDetails],
  ['DescribeAffectedEntities', describeAffectedEntities],
  ['DescribeEventsForOrganization', describeEventsForOrganization],
  ['DescribeAffectedAccountsForOrganization', describeAffectedAccountsForOrganization],
  ['DescribeEventDetailsForOrganization', describeEventDetailsForOrganization],
  ['DescribeAffectedEntitiesForOrganization', describeAffectedEntitiesForOrganization],
  [
    'DescribeHealthServiceStatusForOrganization',
    () => ({ healthServiceAccessStatusForOrganization: 'ENABLED' }),
  ],
]);
