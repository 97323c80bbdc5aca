// The scenario's fixed numbers: zone, throttling, Lookout's limiter, record mix, principals, and where
// the entry file (the one every process of this section runs) lives.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bench/route53-snapshot.ts: run.ts spawns it with `--json`, the service side with `--poller`. */
export const ENTRY = resolve(fileURLToPath(import.meta.url), '..', '..', 'route53-snapshot.ts');
export const ROOT = resolve(ENTRY, '..', '..');
export const ZONE = 'bench.test';
/** Route 53's account token bucket (TOOLCHAIN.md): the API server enforces it, throttling with HTTP 400. */
export const ACCOUNT = { perSecond: 10, burst: 50 } as const;
/**
 * Lookout's limiter for this run, set through `route53.requestsPerSecond` / `route53.burst` as a user
 * would: 8/s leaves 2/s of the account's 10/s to the operator's own automation and keeps the run ≈ 45 s
 * per snapshot. (Lookout's default is 2/s, burst 5: the same zone would take ≈ 2.8 min per snapshot.)
 */
export const LIMITER = { perSecond: 8, burst: 5 } as const;
export const RECORD_QUOTA = 100_010;
export const MIX = {
  simpleA: 90_000,
  weightedNames: 1_000,
  weightedMembers: 5,
  txt: 2_500,
  cname: 1_500,
  alias: 1_000,
};
export const SEEDED =
  MIX.simpleA + MIX.weightedNames * MIX.weightedMembers + MIX.txt + MIX.cname + MIX.alias; /* 100,000 */
export const POLLER_KEY = 'AKIALOOKOUTPOLLER001';
export const OPERATOR_KEY = 'AKIAOPERATORBENCH001';
