import { createHash } from 'node:crypto';
import type { TimelineEntry } from '../../domain/incident.js';
import { entryIdFor } from '../../domain/incidents/ids.js';
import { type Observation, RECORD_TYPES, type RecordType } from '../../domain/observation.js';
import { ABSENT, type RecordSetVersion, writerLabel } from '../../domain/route53/history.js';
import { lastKnownGood } from '../../domain/route53/last-known-good.js';
import {
  contentHash,
  dnsTargetIdOf,
  normalizeRecordName,
  type RecordSetContent,
  type RecordSetKey,
  recordSetId,
} from '../../domain/route53/record-set.js';
import { planRestore, type RestorePlan } from '../../domain/route53/restore-plan.js';
import type { Target } from '../../domain/targets.js';
import { DnsProbe } from '../../sources/dns/dns-probe.js';
import { stripZonePrefix } from '../../sources/route53/record-set-mapping.js';
import { ChangeConflictError, type Route53Adapter } from '../../sources/route53/route53-adapter.js';
import { NotFoundError } from '../../store/errors.js';
import type { Store } from '../../store/store.js';
import type { Log } from '../logger.js';

/** What asks resolvers after the restore: DnsProbe, or anything with its `probe`. */
export interface RestoreProbe {
  probe(target: Target): Promise<Observation>;
}

export interface RestoreServiceOptions {
  store: Store;
  adapter: Route53Adapter;
  /** Asks `resolvers` after INSYNC; a DnsProbe is built when resolvers are given without one. */
  probe?: RestoreProbe;
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
  stableSeconds: 300,
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

export class NoLastKnownGoodError extends Error {
  readonly code = 'NO_LAST_KNOWN_GOOD';
  constructor(message: string) {
    super(message);
    this.name = 'NoLastKnownGoodError';
  }
}

/**
 * Route 53 refused the batch as a whole, so nothing changed: the record changed since it was read
 * (`changed`), a Change Guardrail blocked it (`guardrail`), or another batch rule refused it (`refused`).
 */
export class RestoreConflictError extends Error {
  readonly code = 'RESTORE_CONFLICT';
  constructor(
    message: string,
    readonly reason: 'changed' | 'guardrail' | 'refused',
    readonly route53Message: string,
    readonly result: RestoreResult,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RestoreConflictError';
  }
}

const GUARDRAIL = /guardrail|ALIAS_TARGET_CHECK|ACTIVE_RECORD_CHECK|ACTIVE_DELEGATION_CHECK/i;
const CHANGED = /not found|do not match|already exists/i;
const TEST_DNS_ANSWER = 'route53:TestDNSAnswer';

/**
 * Puts a record set back to its last-known-good version with one compare-and-swap change batch, waits
 * for INSYNC, checks DNS answers with the restored values, and writes every step on the incident's
 * timeline (deterministic entry ids: writing the steps again writes nothing new).
 *
 * @example
 * const service = new RestoreService({ store, adapter, resolvers: ['127.0.0.1:5300'], log });
 * const result = await service.restore({ zoneId, name: 'api.example.com', type: 'A', by: 'cli:alice' });
 */
export class RestoreService {
  private readonly now: () => Date;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly probe: RestoreProbe | undefined;

  constructor(private readonly options: RestoreServiceOptions) {
    this.now = options.now ?? (() => new Date());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.probe =
      options.probe ??
      (options.resolvers?.length
        ? new DnsProbe({ timeoutMs: restoreDefaults.probeTimeoutMs, now: this.now })
        : undefined);
  }

  /** Prepares and, unless `dryRun`, applies. */
  async restore(request: RestoreRequest): Promise<RestoreResult> {
    const prepared = await this.prepare(request);
    if (request.dryRun) {
      const steps = [...prepared.steps];
      this.step(steps, 'dry-run', 'restore: dry run — nothing submitted');
      return { ...prepared, steps, outcome: 'dry-run', checks: [] };
    }
    return this.apply(prepared);
  }

  /**
   * Reads the record set straight from Route 53, finds the last-known-good version in the stored
   * history and plans the batch. Changes nothing and writes nothing.
   */
  async prepare(request: RestoreRequest): Promise<PreparedRestore> {
    const key: RecordSetKey = {
      zoneId: stripZonePrefix(request.zoneId),
      name: normalizeRecordName(request.name),
      type: request.type.toUpperCase(),
      ...(request.setIdentifier !== undefined ? { setIdentifier: request.setIdentifier } : {}),
    };
    const incident = await this.incidentFor(key, request.incidentId);
    const startedAt = this.now().toISOString();
    const steps: RestoreStep[] = [];
    const current = await this.readCurrent(key);
    this.step(
      steps,
      'read',
      `restore: read ${describeKey(key)} from Route 53 — ${current ? describeContent(current) : '(absent)'}`,
    );
    const history = await this.options.store.recordSets.history(key);
    const stableSeconds = this.options.stableSeconds ?? restoreDefaults.stableSeconds;
    const good = lastKnownGood(history, this.now(), stableSeconds);
    if (!good?.content) {
      throw new NoLastKnownGoodError(
        `no last-known-good version: Lookout has not seen this record set stable for ${stableSeconds} s (${describeKey(key)}, ${history.versions.length} version(s) in its history)`,
      );
    }
    const plan = planRestore(current, good.content, incident?.id);
    const number = history.versions.indexOf(good) + 1;
    this.step(
      steps,
      'plan',
      `restore: last-known-good is version ${number} (since ${good.since}, by ${writerLabel(good.writer)}): ${describeContent(good.content)}; plan: ${plan.summary}`,
    );
    const attemptId = createHash('sha256')
      .update([recordSetId(key), current ? contentHash(current) : ABSENT, good.hash, startedAt].join('\n'))
      .digest('hex')
      .slice(0, 12);
    return {
      attemptId,
      key,
      by: request.by,
      ...(incident ? { incidentId: incident.id } : {}),
      ...(incident?.channel ? { channel: incident.channel } : {}),
      ...(current ? { current } : {}),
      good: { ...good, content: good.content },
      goodVersion: number,
      plan,
      steps,
    };
  }

  /**
   * Submits exactly the prepared batch (so a record changed since `prepare` makes Route 53 refuse it
   * whole), waits for INSYNC, verifies, and records every step, the prepared ones included.
   */
  async apply(prepared: PreparedRestore): Promise<RestoreResult> {
    const result: RestoreResult = {
      ...prepared,
      steps: [...prepared.steps],
      outcome: 'unverified',
      checks: [],
    };
    await this.recordSteps(result, result.steps);
    let changeId: string;
    let status: string;
    try {
      ({ changeId, status } = await this.options.adapter.changeRecordSets(
        prepared.key.zoneId,
        prepared.plan.changes,
        prepared.plan.comment,
      ));
    } catch (error) {
      const refusal = refusalOf(prepared, error);
      await this.record(result, this.step(result.steps, 'refused', `restore: ${refusal.text}`));
      if (!refusal.conflict) throw error;
      throw new RestoreConflictError(refusal.text, refusal.conflict, refusal.route53Message, result, {
        cause: error,
      });
    }
    result.changeId = changeId;
    const actions = prepared.plan.changes.map((c) => c.action).join('+');
    await this.record(
      result,
      this.step(
        result.steps,
        'submitted',
        `restore: submitted change ${changeId} (${actions}) as ${prepared.by}, comment "${prepared.plan.comment}"`,
      ),
    );

    const submittedAt = this.now().getTime();
    const insync = await this.waitInsync(changeId, status, submittedAt);
    if (!insync.ok) {
      await this.record(result, this.step(result.steps, 'not-insync', insync.text));
      return result;
    }
    result.insyncAfterMs = insync.afterMs;
    await this.record(
      result,
      this.step(result.steps, 'insync', `restore: INSYNC after ${(insync.afterMs / 1000).toFixed(1)} s`),
    );

    result.checks = await this.verify(prepared.key, prepared.good.content);
    for (const check of result.checks) {
      const text = check.ok
        ? `restore: verified from ${check.resolver} — ${check.detail}`
        : `restore: verification failed from ${check.resolver} — ${check.detail}`;
      await this.record(result, this.step(result.steps, check.ok ? 'verified' : 'verify-failed', text));
    }
    result.outcome = result.checks.length > 0 && result.checks.every((c) => c.ok) ? 'verified' : 'unverified';
    return result;
  }

  /**
   * Writes steps on the restore's incident (none: nothing to do). Idempotent: each step has a
   * deterministic entry id and its own time, so writing the same steps again writes nothing new.
   * Returns the entries written for the first time.
   */
  async recordSteps(
    restore: Pick<PreparedRestore, 'attemptId' | 'incidentId' | 'channel' | 'by'>,
    steps: readonly RestoreStep[],
  ): Promise<TimelineEntry[]> {
    const written: TimelineEntry[] = [];
    for (const step of steps) {
      const entry = await this.record(restore, step);
      if (entry) written.push(entry);
    }
    return written;
  }

  /** The timeline entry of one step of one attempt. */
  entryFor(
    restore: Pick<PreparedRestore, 'attemptId' | 'incidentId' | 'by'>,
    step: RestoreStep,
  ): TimelineEntry | undefined {
    if (!restore.incidentId) return undefined;
    return {
      incidentId: restore.incidentId,
      entryId: entryIdFor(
        restore.incidentId,
        'NOTE',
        `restore#${restore.attemptId}#${step.step}#${step.text}`,
      ),
      at: step.at,
      kind: 'NOTE',
      source: restore.by,
      text: step.text,
    };
  }

  /**
   * Best effort: Route 53 matters more than the timeline here, so a failed store write is logged and
   * the restore goes on (the caller may write `result.steps` again with `recordSteps`).
   */
  private async record(
    restore: Pick<PreparedRestore, 'attemptId' | 'incidentId' | 'channel' | 'by'>,
    step: RestoreStep,
  ): Promise<TimelineEntry | undefined> {
    const entry = this.entryFor(restore, step);
    if (!entry) return undefined;
    try {
      const fresh = await this.options.store.incidents.appendTimeline(entry);
      if (restore.channel) await this.options.store.outbox.enqueue(restore.channel, entry);
      return fresh ? entry : undefined;
    } catch (error) {
      this.options.log.warn('restore step not recorded on the timeline', {
        incidentId: restore.incidentId,
        step: step.step,
        error: (error as Error).message,
      });
      return undefined;
    }
  }

  /** Appends a step, its time strictly after the previous one so the timeline keeps the order. */
  private step(steps: RestoreStep[], name: RestoreStepName, text: string): RestoreStep {
    let at = this.now().getTime();
    const last = steps.at(-1);
    if (last && at <= Date.parse(last.at)) at = Date.parse(last.at) + 1;
    const step = { step: name, at: new Date(at).toISOString(), text };
    steps.push(step);
    this.options.onStep?.(step);
    return step;
  }

  private async incidentFor(
    key: RecordSetKey,
    incidentId: string | undefined,
  ): Promise<{ id: string; channel?: string } | undefined> {
    const incidents = this.options.store.incidents;
    const id = incidentId ?? (await incidents.openClaim(dnsTargetIdOf(key)))?.incidentId;
    if (!id) return undefined;
    const incident = await incidents.get(id);
    if (!incident && incidentId) throw new NotFoundError(`incident ${incidentId}`);
    if (!incident) return undefined;
    return { id: incident.id, ...(incident.channel ? { channel: incident.channel } : {}) };
  }

  /** ListResourceRecordSets from name/type/identifier: the first sets are it, or it is absent. */
  private async readCurrent(key: RecordSetKey): Promise<RecordSetContent | undefined> {
    const page = await this.options.adapter.listRecordSetsPage(
      key.zoneId,
      {
        name: key.name,
        type: key.type,
        ...(key.setIdentifier !== undefined ? { identifier: key.setIdentifier } : {}),
      },
      10,
    );
    return page.recordSets.find(
      (r) => r.key.name === key.name && r.key.type === key.type && r.key.setIdentifier === key.setIdentifier,
    );
  }

  private async waitInsync(
    changeId: string,
    submitStatus: string,
    submittedAt: number,
  ): Promise<{ ok: true; afterMs: number } | { ok: false; text: string }> {
    const timeoutMs = this.options.insyncTimeoutMs ?? restoreDefaults.insyncTimeoutMs;
    const pollMs = this.options.pollMs ?? restoreDefaults.pollMs;
    let status = submitStatus;
    let lastError: string | undefined;
    for (;;) {
      if (status === 'INSYNC') return { ok: true, afterMs: this.now().getTime() - submittedAt };
      if (this.now().getTime() - submittedAt >= timeoutMs) {
        return {
          ok: false,
          text: `restore: change ${changeId} still ${status} after ${Math.round(timeoutMs / 1000)} s${lastError ? ` (last GetChange error: ${lastError})` : ''}; it stays submitted, but the restore is not verified`,
        };
      }
      await this.sleep(pollMs);
      try {
        status = await this.options.adapter.getChangeStatus(changeId);
      } catch (error) {
        // The change is submitted whatever GetChange says: keep asking until the deadline.
        lastError = (error as Error).message;
        this.options.log.warn('GetChange failed', { changeId, error: lastError });
      }
    }
  }

  /** Asks until every resolver answers as expected, or the verification time is up. */
  private async verify(key: RecordSetKey, good: RecordSetContent): Promise<ResolverCheck[]> {
    const deadline = this.now().getTime() + (this.options.verifyTimeoutMs ?? restoreDefaults.verifyTimeoutMs);
    const pollMs = this.options.pollMs ?? restoreDefaults.pollMs;
    for (;;) {
      const checks = await this.checkOnce(key, good);
      if (checks.every((c) => c.ok) || this.now().getTime() >= deadline) return checks;
      await this.sleep(pollMs);
    }
  }

  private async checkOnce(key: RecordSetKey, good: RecordSetContent): Promise<ResolverCheck[]> {
    const expected = expectationOf(good);
    const resolvers = this.options.resolvers ?? [];
    if (this.probe && resolvers.length && isProbeType(key.type)) {
      const observation = await this.probe.probe({
        id: dnsTargetIdOf(key),
        name: key.name,
        type: key.type,
        mode: 'exact',
        resolvers,
      });
      return observation.outcomes.map((o) =>
        judge(o.resolver, key.type, o.kind === 'ANSWER' ? o.values : [], expected, o.kind, o.detail),
      );
    }
    try {
      const answer = await this.options.adapter.testDnsAnswer(key.zoneId, key.name, key.type);
      const resolver = resolvers.length
        ? `${TEST_DNS_ANSWER} (the DNS probe asks A, AAAA, CNAME, TXT only)`
        : TEST_DNS_ANSWER;
      return [judge(resolver, key.type, answer.values, expected, answer.responseCode)];
    } catch (error) {
      return [
        {
          resolver: TEST_DNS_ANSWER,
          ok: false,
          values: [],
          detail: `could not ask (${(error as Error).message}); pass resolvers to verify a private zone`,
        },
      ];
    }
  }
}

function refusalOf(
  prepared: PreparedRestore,
  error: unknown,
): { text: string; conflict?: RestoreConflictError['reason']; route53Message: string } {
  if (!(error instanceof ChangeConflictError)) {
    const message = (error as Error).message;
    return { text: `Route 53 refused the change: ${message}; nothing was changed`, route53Message: message };
  }
  // The SDK leaves `messages` an empty array (Route 53 sends the standard error shape now), so the
  // adapter's route53Message can be empty: the SDK error's own message carries the text then.
  const said = error.route53Message || ((error.cause as Error | undefined)?.message ?? error.message);
  if (GUARDRAIL.test(said)) {
    return {
      text: `blocked by a Route 53 Change Guardrail, nothing was changed — Route 53 said: ${said}`,
      conflict: 'guardrail',
      route53Message: said,
    };
  }
  if (CHANGED.test(said)) {
    const then = prepared.current ? describeContent(prepared.current) : '(absent)';
    return {
      text: `record changed since you looked (Lookout read ${then}); Route 53 refused the whole batch, nothing was changed — run the restore again to plan against the new value. Route 53 said: ${said}`,
      conflict: 'changed',
      route53Message: said,
    };
  }
  return {
    text: `Route 53 refused the batch, nothing was changed — Route 53 said: ${said}`,
    conflict: 'refused',
    route53Message: said,
  };
}

interface Expectation {
  /** `exact`: the answer is these values; `includes`: they are among the answer; `answers`: any answer. */
  mode: 'exact' | 'includes' | 'answers';
  values: string[];
}

/**
 * A simple record answers exactly its values. A weighted (weight > 0) or multivalue member is one of
 * several merged into the answer; failover, latency and geolocation members and aliases answer what
 * Route 53 picks, so only an answer is asked for.
 */
function expectationOf(good: RecordSetContent): Expectation {
  const values = good.values.map((v) => normalizeValue(good.key.type, v)).sort();
  if (good.alias) return { mode: 'answers', values };
  if (good.key.setIdentifier === undefined) return { mode: 'exact', values };
  if ((good.weight ?? 0) > 0 || good.multiValueAnswer) return { mode: 'includes', values };
  return { mode: 'answers', values };
}

function judge(
  resolver: string,
  type: string,
  answered: readonly string[],
  expected: Expectation,
  kind: string,
  detail?: string,
): ResolverCheck {
  const values = [...new Set(answered.map((v) => normalizeValue(type, v)))].sort();
  const ok =
    values.length > 0 &&
    (expected.mode === 'answers' ||
      (expected.mode === 'includes' && expected.values.every((v) => values.includes(v))) ||
      (expected.mode === 'exact' &&
        values.length === expected.values.length &&
        values.every((v, i) => v === expected.values[i])));
  const shown = values.length ? values.join(', ') : `${kind}${detail ? ` (${detail})` : ''}`;
  return {
    resolver,
    ok,
    values,
    detail: ok ? shown : `${shown} (expected ${expected.values.join(', ') || 'an answer'})`,
  };
}

/** Route 53's value text and a DNS answer's, made comparable (quotes of TXT, case and dot of names). */
function normalizeValue(type: string, value: string): string {
  if (type === 'TXT') {
    const quoted = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
      (m[1] ?? '').replace(/\\(.)/g, '$1'),
    );
    return quoted.length ? quoted.join('') : value;
  }
  if (type === 'AAAA') {
    try {
      return new URL(`http://[${value}]/`).hostname.slice(1, -1);
    } catch {
      return value.toLowerCase();
    }
  }
  return value.toLowerCase().replace(/\.$/, '');
}

function isProbeType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}

export function describeKey(key: RecordSetKey): string {
  return `${key.name} ${key.type}${key.setIdentifier !== undefined ? ` [${key.setIdentifier}]` : ''}`;
}

export function describeContent(content: RecordSetContent): string {
  const what = content.alias ? `alias ${content.alias.dnsName}` : content.values.join(', ');
  return `${what}${content.ttl !== undefined ? ` (TTL ${content.ttl})` : ''}${content.weight !== undefined ? ` weight ${content.weight}` : ''}`;
}
