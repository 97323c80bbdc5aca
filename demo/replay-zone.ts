import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';

/** The name the October-2025 race emptied. */
export const DEMO_NAME = 'dynamodb.us-east-1.amazonaws.com';
/** What the record held before the race started (the planner's generation 0). */
export const BOOTSTRAP_IPS = ['10.0.0.10', '10.0.0.11', '10.0.0.12', '10.0.0.13'];

/** The zone as it stood before the race: the A record and the TXT that keeps the name alive. */
export function bootstrap(zoneId: string) {
  return new ChangeResourceRecordSetsCommand({
    HostedZoneId: zoneId,
    ChangeBatch: {
      Comment: 'bootstrap: plan generation 0',
      Changes: [
        {
          Action: 'UPSERT',
          ResourceRecordSet: {
            Name: DEMO_NAME,
            Type: 'A',
            TTL: 60,
            ResourceRecords: BOOTSTRAP_IPS.map((Value) => ({ Value })),
          },
        },
        {
          Action: 'UPSERT',
          ResourceRecordSet: {
            Name: DEMO_NAME,
            Type: 'TXT',
            TTL: 300,
            ResourceRecords: [{ Value: '"endpoint records managed by the DNS planner"' }],
          },
        },
      ],
    },
  });
}
