import { isDnsName } from '../../../domain/targets.js';

/** Route 53 record types a restore may write (SOA belongs to the zone), as `lookout restore` takes them. */
export const RESTORABLE_TYPES = [
  'A',
  'AAAA',
  'CAA',
  'CNAME',
  'DS',
  'HTTPS',
  'MX',
  'NAPTR',
  'NS',
  'PTR',
  'SPF',
  'SRV',
  'SSHFP',
  'SVCB',
  'TLSA',
  'TXT',
] as const;

/** A hosted zone id as typed (`/hostedzone/` prefix allowed), or undefined when it is not one. */
export function zoneIdArg(zone: string): string | undefined {
  const id = zone.replace(/^\/?hostedzone\//, '');
  return /^[A-Z0-9]{1,32}$/i.test(id) ? id.toUpperCase() : undefined;
}

/** A record name as Route 53 holds it (a leading `*.` allowed), or undefined. */
export function recordNameArg(name: string): string | undefined {
  return isDnsName(name.replace(/^\*\./, '')) ? name : undefined;
}

export function restorableType(type: string): string | undefined {
  const upper = type.toUpperCase();
  return (RESTORABLE_TYPES as readonly string[]).includes(upper) ? upper : undefined;
}
