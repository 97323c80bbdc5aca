import { createHash } from 'node:crypto';
import type { EntitiesLeftOut } from './health-record.js';

/** Characters per left-out entity: 8 of its value's hash and 4 of its status's. */
export const FINGERPRINT = 12;

export function hash(text: string, chars: number): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, chars);
}

/** Value fingerprint (8 characters) → status fingerprint (4). */
export function fingerprintsOf(left: EntitiesLeftOut | undefined): Map<string, string> {
  const map = new Map<string, string>();
  const text = left?.fingerprints ?? '';
  for (let i = 0; i + FINGERPRINT <= text.length; i += FINGERPRINT) {
    map.set(text.slice(i, i + 8), text.slice(i + 8, i + FINGERPRINT));
  }
  return map;
}
