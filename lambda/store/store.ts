import { CreateTableCommand, DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { retry } from '../shared/retry.js';
import { TableNotActiveError } from './errors.js';
import { HealthDigestRepo } from './health-digest-repo.js';
import { HealthPollRepo } from './health-poll-repo.js';
import { HealthRecordRepo } from './health-record-repo.js';
import { IncidentRepo } from './incident-repo.js';
import { LeaseRepo } from './lease-repo.js';
import { OutboxRepo } from './outbox-repo.js';
import { RecordSetRepo } from './record-set-repo.js';
import { RequestRepo } from './request-repo.js';
import { StormRepo } from './storm-repo.js';
import { tableDefinition } from './table.js';
import { TableClient } from './table-client.js';
import { TargetStateRepo } from './target-state-repo.js';
import { ThreadRepo } from './thread-repo.js';
import { UsergroupMembersRepo } from './usergroup-members-repo.js';
import { WatchListRepo } from './watch-list-repo.js';

export interface Store {
  targets: TargetStateRepo;
  incidents: IncidentRepo;
  outbox: OutboxRepo;
  leases: LeaseRepo;
  recordSets: RecordSetRepo;
  health: HealthRecordRepo;
  digests: HealthDigestRepo;
  healthPoll: HealthPollRepo;
  requests: RequestRepo;
  watchList: WatchListRepo;
  usergroups: UsergroupMembersRepo;
  storms: StormRepo;
  threads: ThreadRepo;
}

/** Builds the repositories over one table; the client is injected (AWS, dynalite, or a test server). */
export function createStore(client: DynamoDBClient, tableName: string): Store {
  const table = new TableClient(client, tableName);
  return {
    targets: new TargetStateRepo(table),
    incidents: new IncidentRepo(table),
    outbox: new OutboxRepo(table),
    leases: new LeaseRepo(table),
    recordSets: new RecordSetRepo(table),
    health: new HealthRecordRepo(table),
    digests: new HealthDigestRepo(table),
    healthPoll: new HealthPollRepo(table),
    requests: new RequestRepo(table),
    watchList: new WatchListRepo(table),
    usergroups: new UsergroupMembersRepo(table),
    storms: new StormRepo(table),
    threads: new ThreadRepo(table),
  };
}

/** Creates the table if missing (local mode and tests; on AWS the CDK stack owns it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: tableName }));
    return;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  try {
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
  } catch (error) {
    if ((error as Error).name !== 'ResourceInUseException') throw error;
  }
  // A new table is CREATING for a moment (dynalite: milliseconds); poll for ACTIVE, up to 5 s.
  await retry(
    async () => {
      const out = await client.send(new DescribeTableCommand({ TableName: tableName }));
      if (out.Table?.TableStatus !== 'ACTIVE') throw new TableNotActiveError(tableName);
    },
    { attempts: 100, retryable: (error) => error instanceof TableNotActiveError, backoff: () => 50 },
  );
}
