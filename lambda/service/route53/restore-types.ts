import { ROUTE53_DEFAULTS } from '../../config/config-schema.js';
import type { RecordSetVersion } from '../../domain/route53/history.js';
import type { RecordSetContent, RecordSetKey } from '../../domain/route53/record-set.js';
import type { RestorePlan } from '../../domain/route53/restore-plan.js';
import type { Log } from '../../ports/log.js';
import type { Prober } from '../../ports/prober.js';
import type { Route53Writer } from '../../ports/route53.js';
import type { Store } from '../../store/store.js';

export interface RestoreServiceOptions {
  store: Store;
  adapter: Route53Writer;
  /** Asks `resolvers` after INSYNC; a DnsProbe is built when resolvers are given without one. */
  probe?: Prober;
  /** `host:port` to verify against; none → Route 53's own name servers through TestDNSAnswer. */
  resolvers?: string[];
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  log: Log;
  /** A version is last-known-good once it stayed current this long (config: lastKnownGoodStableSeconds). */
  stableSeconds?: number;
  /** Between GetChange polls and between verification attempts. */
  pollMs?: number;
  /** Give up waiting for INSYNC after this long (the change stays submitted). */
  insyncTimeoutMs?: number;
  /** Keep asking the resolvers this long for the restored answer (a resolver may lag the API). */
  verifyTimeoutMs?: number;
  /** Called as each step happens (the CLI prints them). */
  onStep?: (step: RestoreStep) => void;
}

export const restoreDefaults = {
  stableSeconds: ROUTE53_DEFAULTS.lastKnownGoodStableSeconds,
  pollMs: 1000,
  insyncTimeoutMs: 120_000,
  verifyTimeoutMs: 10_000,
  probeTimeoutMs: 2000,
} as const;

export interface RestoreRequest {
  zoneId: string;
  name: string;
  type: string;
  setIdentifier?: string;
  /** The incident to record the steps on; default: the open incident of `name/TYPE`, if any. */
  incidentId?: string;
  /** Who restores (`cli:alice`): the timeline entries' source. */
  by: string;
  /** Read and plan only: nothing is submitted and nothing is written to the timeline. */
  dryRun?: boolean;
}

export type RestoreStepName =
  | 'read'
  | 'plan'
  | 'dry-run'
  | 'submitted'
  | 'refused'
  | 'insync'
  | 'not-insync'
  | 'verified'
  | 'verify-failed';

export interface RestoreStep {
  step: RestoreStepName;
  at: string;
  text: string;
}

/** Everything read and decided before anything is changed: what `apply` submits, exactly. */
export interface PreparedRestore {
  /** Deterministic per attempt: the timeline entry ids derive from it. */
  attemptId: string;
  key: RecordSetKey;
  by: string;
  incidentId?: string;
  /** Slack channel of the incident: the entries are queued for it like every other entry. */
  channel?: string;
  /** What Route 53 held when read (absent: the record set did not exist). */
  current?: RecordSetContent;
  good: RecordSetVersion & { content: RecordSetContent };
  /** 1-based position of `good` in the stored history. */
  goodVersion: number;
  plan: RestorePlan;
  steps: RestoreStep[];
}

export interface ResolverCheck {
  /** `host:port`, or `route53:TestDNSAnswer`. */
  resolver: string;
  ok: boolean;
  values: string[];
  detail: string;
}

export interface RestoreResult extends PreparedRestore {
  /** `verified`: INSYNC and every resolver answers the restored values. `unverified`: submitted, not confirmed. */
  outcome: 'dry-run' | 'verified' | 'unverified';
  changeId?: string;
  insyncAfterMs?: number;
  checks: ResolverCheck[];
}
