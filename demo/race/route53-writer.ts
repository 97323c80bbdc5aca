import { ChangeResourceRecordSetsCommand, type Route53Client } from '@aws-sdk/client-route-53';
import type { RecordType } from '../../lambda/domain/observation.js';
import type { RecordWriter } from './change-api.js';

/**
 * The enactors' writes through Route 53's API, each worker with its own client (its own assumed-role
 * session), as DynamoDB's DNS Enactors ran: so CloudTrail names every writer.
 */
export function route53Writer(
  clients: (worker: string) => Route53Client,
  zoneId: string,
  record: { name: string; type: RecordType; ttl: number },
  options: {
    /** Awaited before each DELETE is sent (the replay lets Lookout catch up on CloudTrail first). */
    beforeDelete?: () => Promise<void>;
  } = {},
): RecordWriter {
  const recordSet = (values: readonly string[]) => ({
    Name: record.name,
    Type: record.type,
    TTL: record.ttl,
    ResourceRecords: values.map((Value) => ({ Value })),
  });
  const send = (worker: string, action: 'UPSERT' | 'DELETE', values: readonly string[], comment: string) =>
    clients(worker).send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Comment: comment,
          Changes: [{ Action: action, ResourceRecordSet: recordSet(values) }],
        },
      }),
    );
  return {
    set: async (worker, values) => {
      await send(worker, 'UPSERT', values, `${worker}: apply plan`);
    },
    clear: async (worker, values) => {
      await options.beforeDelete?.();
      await send(worker, 'DELETE', values, `${worker}: clean up old plan`);
    },
  };
}
