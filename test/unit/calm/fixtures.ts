import type { TimelineEntry } from '../../../lambda/domain/incident.js';
import type {
  ChangeAction,
  ControlPlaneChange,
} from '../../../lambda/domain/route53/control-plane-change.js';

/** A RECORD_CHANGED entry as CloudTrail ingest writes it: one change by `session` of role dns-enactor. */
export function recordChange(
  n: number,
  at: string,
  session: string,
  values: string[] = [`10.0.0.${n % 250}`],
  action: ChangeAction = 'UPSERT',
): TimelineEntry {
  const change: ControlPlaneChange = {
    id: `evt-${n}#0`,
    source: 'cloudtrail',
    at,
    action,
    recordSet: { key: { zoneId: 'Z1', name: 'dynamodb.us-east-1.amazonaws.com', type: 'A' }, values },
    writer: {
      principalArn: `arn:aws:sts::123456789012:assumed-role/dns-enactor/${session}`,
      roleName: 'dns-enactor',
      sessionName: session,
    },
    requestId: `req-${n}`,
    changeId: `C${String(n).padStart(6, '0')}`,
  };
  return {
    incidentId: 'inc-1',
    entryId: `record_changed-${n}`,
    at,
    kind: 'RECORD_CHANGED',
    source: 'cloudtrail',
    text: `${session} UPSERT dynamodb.us-east-1.amazonaws.com A → ${values.join(', ')}`,
    changes: [change],
  };
}

/** `2025-10-20T07:48:12.000Z` plus `ms`. */
export function t(ms: number): string {
  return new Date(Date.parse('2025-10-20T07:48:12.000Z') + ms).toISOString();
}
