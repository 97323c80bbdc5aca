/**
 * A source's own sequence as text that sorts like the numbers it is made of, so entries that share a
 * time (CloudTrail gives whole seconds) keep the order their source gave them. Each part is a
 * non-negative integer below 10^10.
 *
 * @example
 * sourceSequence(7, 1); // '0000000007.0000000001'
 * sourceSequence(7, 1) < sourceSequence(12, 0); // true
 */
export function sourceSequence(...parts: number[]): string {
  return parts
    .map((part) => {
      if (!Number.isSafeInteger(part) || part < 0 || part >= 1e10) {
        throw new RangeError(`a source sequence part must be an integer in [0, 1e10), got ${part}`);
      }
      return String(part).padStart(10, '0');
    })
    .join('.');
}
