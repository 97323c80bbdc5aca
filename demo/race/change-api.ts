import type { RecordType } from '../../lambda/domain/observation.js';
import type { DemoDnsServer } from '../dns-server.js';
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
export class DnsChangeApi {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly server: DemoDnsServer,
    private readonly store: PlanStore,
    private readonly record: { name: string; type: RecordType; ttl: number },
  ) {}

  /** Writes the plan's IPs and marks it live. Deliberately no "is it still the newest?" re-check. */
  apply(plan: Plan): Promise<void> {
    return this.call(() => {
      const current = this.store.applied;
      if (current !== undefined && !this.store.has(current)) throw new InconsistentPlanStateError(current);
      this.server.setRecords(this.record.name, this.record.type, plan.ips, this.record.ttl);
      this.store.setApplied(plan.generation);
    });
  }

  listOlderThan(generation: number): Promise<number[]> {
    return this.call(() => this.store.generations().filter((candidate) => candidate < generation));
  }

  /** Deleting the live plan deletes its records with it: the step that emptied AWS's record. */
  deletePlan(generation: number): Promise<{ deleted: boolean; wasApplied: boolean }> {
    return this.call(() => {
      const deleted = this.store.delete(generation);
      const wasApplied = deleted && this.store.applied === generation;
      if (wasApplied) this.server.deleteRecords(this.record.name, this.record.type);
      return { deleted, wasApplied };
    });
  }

  private call<T>(work: () => T): Promise<T> {
    const result = this.tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
