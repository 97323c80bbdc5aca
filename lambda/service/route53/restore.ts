import { createHash } from 'node:crypto';
import type { TimelineEntry } from '../../domain/incident.js';
import { ABSENT, versionOrigin } from '../../domain/route53/history.js';
import { bareZoneId as stripZonePrefix } from '../../domain/route53/ids.js';
import { lastKnownGood } from '../../domain/route53/last-known-good.js';
import {
  contentHash,
  dnsTargetIdOf,
  normalizeRecordName,
  type RecordSetContent,
  type RecordSetKey,
  recordSetId,
} from '../../domain/route53/record-set.js';
import { planRestore } from '../../domain/route53/restore-plan.js';
import { longestSeenCurrent, restoreHistory } from '../../domain/route53/seen-versions.js';
import { sleep as realSleep } from '../../shared/sleep.js';
import { DnsProbe } from '../../sources/dns/dns-probe.js';
import { NotFoundError } from '../../store/errors.js';
import { lastSnapshotStart } from '../../store/snapshot-checkpoint.js';
import { NoLastKnownGoodError, RestoreConflictError } from './errors.js';
import { refusalOf } from './restore-refusal.js';
import {
  appendStep,
  describeContent,
  describeKey,
  type RestoreAttempt,
  RestoreTimeline,
  restoreEntry,
} from './restore-steps.js';
import {
  type PreparedRestore,
  type RestoreRequest,
  type RestoreResult,
  type RestoreServiceOptions,
  type RestoreStep,
  type RestoreStepName,
  restoreDefaults,
} from './restore-types.js';
import { RestoreVerifier } from './restore-verify.js';

export { NoLastKnownGoodError, RestoreConflictError } from './errors.js';
export { describeContent, describeKey } from './restore-steps.js';
export {
  type PreparedRestore,
  type ResolverCheck,
  type RestoreRequest,
  type RestoreResult,
  type RestoreServiceOptions,
  type RestoreStep,
  type RestoreStepName,
  restoreDefaults,
} from './restore-types.js';

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
  private readonly timeline: RestoreTimeline;
  private readonly verifier: RestoreVerifier;

  constructor(private readonly options: RestoreServiceOptions) {
    this.now = options.now ?? (() => new Date());
    const sleep = options.sleep ?? realSleep;
    const probe =
      options.probe ??
      (options.resolvers?.length
        ? new DnsProbe({ timeoutMs: restoreDefaults.probeTimeoutMs, now: this.now })
        : undefined);
    this.timeline = new RestoreTimeline({ store: options.store, log: options.log });
    this.verifier = new RestoreVerifier({
      adapter: options.adapter,
      probe,
      ...(options.resolvers ? { resolvers: options.resolvers } : {}),
      now: this.now,
      sleep,
      log: options.log,
      ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
      ...(options.insyncTimeoutMs !== undefined ? { insyncTimeoutMs: options.insyncTimeoutMs } : {}),
      ...(options.verifyTimeoutMs !== undefined ? { verifyTimeoutMs: options.verifyTimeoutMs } : {}),
    });
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
    const { history, knownUntil } = await this.history(key, current);
    const stableSeconds = this.options.stableSeconds ?? restoreDefaults.stableSeconds;
    const good = lastKnownGood(history, knownUntil, stableSeconds);
    if (!good?.content) {
      const longest = longestSeenCurrent(history, knownUntil);
      throw new NoLastKnownGoodError(
        `no last-known-good version: Lookout has not seen this record set stable for ${stableSeconds} s (${describeKey(key)}, ${history.versions.length} version(s) in its history${longest === undefined ? '' : `; the longest a non-empty version was seen current: ${longest} s`})`,
      );
    }
    const plan = planRestore(current, good.content, incident?.id);
    const number = history.versions.indexOf(good) + 1;
    this.step(
      steps,
      'plan',
      `restore: last-known-good is version ${number} (${versionOrigin(good)}): ${describeContent(good.content)}; plan: ${plan.summary}`,
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
    const insync = await this.verifier.waitInsync(changeId, status, submittedAt);
    if (!insync.ok) {
      await this.record(result, this.step(result.steps, 'not-insync', insync.text));
      return result;
    }
    result.insyncAfterMs = insync.afterMs;
    await this.record(
      result,
      this.step(result.steps, 'insync', `restore: INSYNC after ${(insync.afterMs / 1000).toFixed(1)} s`),
    );

    result.checks = await this.verifier.verify(prepared.key, prepared.good.content);
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
  async recordSteps(restore: RestoreAttempt, steps: readonly RestoreStep[]): Promise<TimelineEntry[]> {
    return this.timeline.recordSteps(restore, steps);
  }

  /** The timeline entry of one step of one attempt. */
  entryFor(
    restore: Pick<PreparedRestore, 'attemptId' | 'incidentId' | 'by'>,
    step: RestoreStep,
  ): TimelineEntry | undefined {
    return restoreEntry(restore, step);
  }

  /** Best effort: a failed store write is logged and the restore goes on. */
  private async record(restore: RestoreAttempt, step: RestoreStep): Promise<TimelineEntry | undefined> {
    return this.timeline.record(restore, step);
  }

  private step(steps: RestoreStep[], name: RestoreStepName, text: string): RestoreStep {
    return appendStep(steps, name, text, this.now(), this.options.onStep);
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

  /**
   * The stored versions plus what the zone view still holds (snapshots write versions only when they
   * see a change), and until when the latest one is known to have been current.
   */
  private async history(key: RecordSetKey, current: RecordSetContent | undefined) {
    const recordSets = this.options.store.recordSets;
    const [stored, viewed, checkpoint] = await Promise.all([
      recordSets.history(key),
      recordSets.viewedRecordSet(key),
      recordSets.checkpoint(key.zoneId),
    ]);
    const lastSnapshotStartedAt = lastSnapshotStart(checkpoint);
    return restoreHistory({
      stored,
      ...(viewed ? { viewed } : {}),
      ...(lastSnapshotStartedAt ? { lastSnapshotStartedAt } : {}),
      currentHash: current ? contentHash(current) : ABSENT,
      now: this.now(),
    });
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
}
