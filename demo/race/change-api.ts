import type { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import type { RecordType } from '../../lambda/domain/observation.js';
import type { Plan, PlanStore } from './plans.js';

/**
 * The live plan was deleted under the record: there is no "current" plan to build the next change
 * from, so every later apply fails — why AWS's record stayed empty until operators intervened.
 */
export class InconsistentPlanStateError extends Error {
  readonly code = 'INCONSISTENT_PLAN_STATE';
  constructor(readonly appliedGeneration: number) {
    super(`applied plan ${appliedGeneration} no longer exists; refusing to build a change from it`);
    this.name = 'InconsistentPlanStateError';
  }
}

/**
 * The DNS API the enactors share (Route 53 plus the plan table). Calls are processed one at a time
 * in arrival order, each after a turn of the event loop, like requests to a remote service — so
 * concurrent workers interleave at every call, which is where the race lives.
 */
/** Where the enactors' record writes go: straight into a DNS server, or through Route 53's API. */
export interface RecordWriter {
  /** Replaces the record's values, as `worker`. */
  set(worker: string, values: readonly string[]): Promise<void>;
  /** Deletes the record, whose current values are `values`, as `worker`. */
  clear(worker: string, values: readonly string[]): Promise<void>;
}

/** Writes straight into the in-process authoritative server. */
export function dnsServerWriter(
  server: DemoDnsServer,
  record: { name: string; type: RecordType; ttl: number },
): RecordWriter {
  return {
    set: async (_worker, values) => server.setRecords(record.name, record.type, values, record.ttl),
    clear: async () => server.deleteRecords(record.name, record.type),
  };
}

export class DnsChangeApi {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly writer: RecordWriter;

  constructor(
    target: DemoDnsServer | RecordWriter,
    private readonly store: PlanStore,
    record: { name: string; type: RecordType; ttl: number },
  ) {
    this.writer =
      'set' in target && 'clear' in target ? target : dnsServerWriter(target as DemoDnsServer, record);
  }

  /**
   * Writes the plan's IPs and marks it live. Deliberately no "is it still the newest?" re-check.
   * `onApplied` runs once the record holds the plan and before the plan is marked live (which wakes the
   * workers waiting for it), with the generation it replaced: the log shows the apply before its effects.
   */
  apply(
    plan: Plan,
    worker = 'enactor',
    onApplied?: (overwritten: number | undefined) => void,
  ): Promise<void> {
    return this.call(async () => {
      const current = this.store.applied;
      if (current !== undefined && !this.store.has(current)) throw new InconsistentPlanStateError(current);
      await this.writer.set(worker, plan.ips);
      onApplied?.(current);
      this.store.setApplied(plan.generation);
    });
  }

  listOlderThan(generation: number): Promise<number[]> {
    return this.call(() => this.store.generations().filter((candidate) => candidate < generation));
  }

  /**
   * Deleting the live plan deletes its records with it: the step that emptied AWS's record.
   * `onDeleted` runs when the plan is gone and before its records are, so the log shows the deletion
   * before the record empties (the DNS changes while Route 53's answer is still on its way).
   */
  deletePlan(
    generation: number,
    worker = 'enactor',
    onDeleted?: (wasApplied: boolean) => void,
  ): Promise<{ deleted: boolean; wasApplied: boolean }> {
    return this.call(async () => {
      const ips = this.store.get(generation)?.ips ?? [];
      const deleted = this.store.delete(generation);
      const wasApplied = deleted && this.store.applied === generation;
      if (deleted) onDeleted?.(wasApplied);
      if (wasApplied) await this.writer.clear(worker, ips);
      return { deleted, wasApplied };
    });
  }

  private call<T>(work: () => T | Promise<T>): Promise<T> {
    const result = this.tail
      .then(() => new Promise<void>((resolve) => setImmediate(resolve)))
      .then(() => work());
    this.tail = result.catch(() => undefined);
    return result;
  }
}
