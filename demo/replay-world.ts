import type { Route53Client } from '@aws-sdk/client-route-53';
import type { DemoDnsServer } from '../emulators/dns/dns-server.js';
import type { FakeRoute53 } from '../emulators/route53/index.js';
import { route53Client } from '../emulators/route53/sdk-helpers.js';

export const ZONE = 'us-east-1.amazonaws.com';
const ACCOUNT = '111122223333';
/** Who is who, by access key: the fake attributes each API call (and its CloudTrail event) to one. */
const PRINCIPALS = {
  'enactor-1': `arn:aws:sts::${ACCOUNT}:assumed-role/dns-enactor/enactor-1`,
  'enactor-2': `arn:aws:sts::${ACCOUNT}:assumed-role/dns-enactor/enactor-2`,
  'enactor-3': `arn:aws:sts::${ACCOUNT}:assumed-role/dns-enactor/enactor-3`,
  lookout: `arn:aws:sts::${ACCOUNT}:assumed-role/lookout-reader/zone-poller`,
  operator: `arn:aws:sts::${ACCOUNT}:assumed-role/oncall/alice`,
} as const;

export interface ReplayWorld {
  /** The Route 53 API server's endpoint. */
  endpoint: string;
  zoneId: string;
  /** Route 53's name server, the one the race writes to. */
  primary: DemoDnsServer;
  /** Route 53's name server, then the secondary. */
  servers: string[];
  /** An SDK client signed as one of the principals (each enactor, Lookout, the operator). */
  client: (who: string) => Route53Client;
}

/**
 * The AWS side of the replay, started: the Route 53 API server with the zone, its name server, a
 * secondary that mirrors it, and one client per principal.
 */
export async function startReplayWorld(route53: FakeRoute53, secondary: DemoDnsServer): Promise<ReplayWorld> {
  const { endpoint } = await route53.start();
  const zoneId = await route53.createZone({ name: ZONE, acceleratedRecovery: 'ENABLED' });
  const primary = route53.dns as DemoDnsServer;
  const servers = [route53.dnsAddress as string, await secondary.start()];
  // The secondary follows the primary on every change, like a zone transfer after NOTIFY.
  primary.onChange((c) =>
    c.after.length
      ? secondary.setRecords(c.name, c.type, c.after, 60)
      : secondary.deleteRecords(c.name, c.type),
  );
  const clients = new Map<string, Route53Client>();
  for (const [who, arn] of Object.entries(PRINCIPALS)) {
    const key = `ASIA${who.replace(/[^a-z0-9]/gi, '').toUpperCase()}`;
    route53.registerPrincipal(key, arn);
    clients.set(who, route53Client(endpoint, key));
  }
  const client = (who: string) => clients.get(who) as Route53Client;
  return { endpoint, zoneId, primary, servers, client };
}
