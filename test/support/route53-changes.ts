import type { ChangeAction, ControlPlaneChange } from '../../lambda/domain/route53/control-plane-change.js';
import type { RecordSetContent, RecordSetKey } from '../../lambda/domain/route53/record-set.js';

export const ZONE = 'Z0DYNAMODBZONE';
export const KEY: RecordSetKey = { zoneId: ZONE, name: 'dynamodb.us-east-1.amazonaws.com', type: 'A' };
export const ROLE = 'arn:aws:sts::111122223333:assumed-role/dns-enactor';

export function content(
  values: string[],
  extra: Partial<RecordSetContent> = {},
  key: RecordSetKey = KEY,
): RecordSetContent {
  return { key, ttl: 60, values: [...values].sort(), ...extra };
}

let seq = 0;
/** A change by an enactor session at minute:second offsets from 06:48:00 on 2025-10-20. */
export function change(
  session: string,
  action: ChangeAction,
  values: string[],
  atSeconds: number,
  extra: Partial<ControlPlaneChange> = {},
): ControlPlaneChange {
  seq++;
  return {
    id: `evt-${session}-${atSeconds}-${seq}#0`,
    source: 'cloudtrail',
    at: new Date(Date.parse('2025-10-20T06:48:00.000Z') + atSeconds * 1000).toISOString(),
    action,
    recordSet: content(values),
    writer: {
      principalArn: `${ROLE}/${session}`,
      roleName: 'dns-enactor',
      sessionName: session,
      sourceIp: '10.0.0.7',
      userAgent: 'enactor/1.0',
    },
    requestId: `req-${seq}`,
    changeId: `C${seq}`,
    ...extra,
  };
}
