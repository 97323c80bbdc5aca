/**
 * Route 53 record types a restore may write (SOA belongs to the zone): what `lookout restore` and
 * `/lookout restore` both take.
 */
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
