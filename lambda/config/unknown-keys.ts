import { nearestKey } from './nearest-key.js';

/**
 * What to say about keys a section does not know: the nearest known key when one is close (a typo),
 * else the keys it does know.
 *
 * @example
 * unknownKeysMessage(['detecton'], ['probe', 'detection']); // 'unknown key `detecton` — did you mean `detection`?'
 */
export function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  return keys
    .map((key) => {
      const nearest = nearestKey(key, known);
      return nearest
        ? `unknown key \`${key}\` — did you mean \`${nearest}\`?`
        : `unknown key \`${key}\`: expected one of ${known.join(', ')}`;
    })
    .join('; ');
}
