import { type DnsChangeApi, InconsistentPlanStateError } from './change-api.js';
import type { RaceEventSink } from './events.js';
import type { PlanStore } from './plans.js';

export interface EnactorOptions {
  id: string;
  store: PlanStore;
  api: DnsChangeApi;
  /** Cleanup deletes plans more than this many generations older than the one just applied. */
  keepGenerations: number;
  /**
   * Makes this the delayed enactor from generation `from` on: after its staleness check passes it
   * stalls until a plan `generations` newer has been applied by someone else. The delay is counted
   * in generations, not milliseconds, so the interleaving is the same on a loaded CI box.
   */
  delay?: { from: number; generations: number };
  emit: RaceEventSink;
}

/**
 * A worker that applies the newest plan it has seen, then cleans up old plans. Three run at once;
 * each is correct alone. The flaw is the gap between the staleness check and the apply.
 */
export class DnsEnactor {
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly options: EnactorOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Resolves when the worker has finished its current step; close the store first to wake it. */
  stop(): Promise<void> {
    this.running = false;
    return this.loop;
  }

  private async run(): Promise<void> {
    const { id, store, api, emit } = this.options;
    let lastSeen = 0;
    while (this.running) {
      const plan = await store.waitForNewer(lastSeen);
      if (!plan || !this.running) return;
      lastSeen = plan.generation;
      emit({ worker: id, action: 'picked', generation: plan.generation });
      const applied = store.applied;
      if (applied !== undefined && plan.generation <= applied) {
        emit({
          worker: id,
          action: 'skipped-stale',
          generation: plan.generation,
          detail: `live is ${applied}`,
        });
        continue;
      }
      const delay = this.options.delay;
      if (delay && plan.generation >= delay.from) {
        emit({
          worker: id,
          action: 'stalled',
          generation: plan.generation,
          detail: 'update retries delayed',
        });
        const reached = await store.waitForApplied(plan.generation + delay.generations);
        if (!reached || !this.running) return;
        emit({
          worker: id,
          action: 'resumed',
          generation: plan.generation,
          detail: `live is ${store.applied}`,
        });
      }
      try {
        await api.apply(plan, id, (overwritten) => {
          const newest = store.newest()?.generation ?? plan.generation;
          emit({
            worker: id,
            action: 'applied',
            generation: plan.generation,
            stale: plan.generation < newest,
            ips: plan.ips,
            ...(overwritten === undefined ? {} : { detail: `over ${overwritten}` }),
          });
        });
      } catch (error) {
        if (!(error instanceof InconsistentPlanStateError)) throw error;
        emit({ worker: id, action: 'apply-failed', generation: plan.generation, detail: error.message });
        continue;
      }
      await this.cleanup(plan.generation);
    }
  }

  private async cleanup(appliedGeneration: number): Promise<void> {
    const { id, api, emit, keepGenerations } = this.options;
    const old = await api.listOlderThan(appliedGeneration - keepGenerations);
    for (const generation of old) {
      await api.deletePlan(generation, id, (wasApplied) =>
        emit({ worker: id, action: 'deleted-plan', generation, wasApplied }),
      );
    }
  }
}
