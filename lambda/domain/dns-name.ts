/**
 * The one spelling of a DNS name Lookout compares and keys by: lower case, no trailing root dot.
 * DNS names are case-insensitive (RFC 4343) and `example.com.` is `example.com`; Route 53, CloudTrail,
 * resolvers and configs each spell them their own way.
 */
export function normalizeDnsName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/** The fully qualified spelling (trailing dot) that Route 53's record-name parameters expect. */
export function fqdn(name: string): string {
  return `${normalizeDnsName(name)}.`;
}
