/**
 * Orders two versions by their time; an absent time is older than any. Times that do not parse (AWS
 * spelled one in a way nobody expected) compare as text, so the order stays total and deterministic.
 */
export function compareVersions(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const ma = Date.parse(a);
  const mb = Date.parse(b);
  if (!Number.isNaN(ma) && !Number.isNaN(mb) && ma !== mb) return ma < mb ? -1 : 1;
  if (!Number.isNaN(ma) && !Number.isNaN(mb)) return 0;
  return a < b ? -1 : 1;
}
