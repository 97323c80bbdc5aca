import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** Lower-case hex HMAC-SHA256 of the parts, in order, as one message. */
export function hmacSha256Hex(secret: string, ...parts: (string | Uint8Array)[]): string {
  const mac = createHmac('sha256', secret);
  for (const part of parts) mac.update(part);
  return mac.digest('hex');
}

const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/** Constant-time comparison of two hex SHA-256 digests; false for anything that is not one. */
export function equalDigests(expected: string, given: string): boolean {
  if (!HEX_SHA256.test(given) || !HEX_SHA256.test(expected)) return false;
  return timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(given, 'hex'));
}

/**
 * Constant-time comparison of two secrets of any length: both are hashed first, so neither the content
 * nor the length of the expected one leaks through timing.
 */
export function equalSecrets(expected: string, given: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(expected), digest(given)) && expected.length > 0;
}

/** `v1=<hex>` signatures from a header that may list several (comma-separated, during rotation). */
export function v1Signatures(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('v1='))
    .map((s) => s.slice(3));
}

/** True when any signature matches the HMAC of the message under any secret. */
export function anySignatureMatches(
  secrets: readonly string[],
  signatures: readonly string[],
  ...message: (string | Uint8Array)[]
): boolean {
  let matched = false;
  // Every pair is compared, so the time taken does not say which secret or signature matched.
  for (const secret of secrets) {
    const expected = hmacSha256Hex(secret, ...message);
    for (const given of signatures) matched = equalDigests(expected, given) || matched;
  }
  return matched;
}
