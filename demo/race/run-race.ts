import type { ChangeEntry, DemoDnsServer } from '../../emulators/dns/dns-server.js';
import type { RecordType } from '../../lambda/domain/observation.js';
import { DnsChangeApi, type RecordWriter } from './change-api.js';
import { DnsEnactor } from './enactor.js';
import type { RaceEvent } from './events.js';
import { DnsPlanner, type Plan, PlanStore } from './plans.js';

export interface RaceOptions {
  /** Where the record is served (and watched for the moment it empties). */
  server: DemoDnsServer;
  /** Where the enactors write; default: straight into `server`. Route 53's API in the demo. */
  writer?: RecordWriter;
  name: string;
  type?: RecordType;
  ttl?: number;
  onEvent?: (event: RaceEvent) => void;
  /** Milliseconds between plan generations (the planner's pace, not the race's trigger). */
  planIntervalMs?: number;
  keepGenerations?: number;
  /** Generation from which enactor-3 is delayed; `false` runs three healthy enactors. */
  slowFrom?: number | false;
  /** Give up (RaceDidNotEmptyError) after this many generations without an empty record. */
  maxGenerations?: number;
  seed?: number;
}

export interface RaceResult {
  emptied: ChangeEntry;
  /** The plan the delayed enactor applied over a newer one, then deleted as "too old". */
  staleGeneration: number;
  /** The newer live plan that the stale apply overwrote: the last good state. */
  lastGoodPlan: Plan;
  /** The enactor whose cleanup deleted the live plan. */
  deletedBy: string;
  events: RaceEvent[];
}

export class RaceDidNotEmptyError extends Error {
  readonly code = 'RACE_DID_NOT_EMPTY';
  constructor(
    generations: number,
    readonly events: RaceEvent[],
  ) {
    super(`the record was never emptied in ${generations} plan generations`);
    this.name = 'RaceDidNotEmptyError';
  }
}

export const raceDefaults = {
  type: 'A',
  ttl: 60,
  planIntervalMs: 25,
  keepGenerations: 3,
  slowFrom: 4,
  maxGenerations: 200,
} as const;

/**
 * Runs one planner and three enactors against `server` until the record is emptied by the
 * October-2025 race, then stops them. Resolves with the cause read from the workers' own log.
 *
 * @example
 * const result = await runRace({ server, name: 'dynamodb.us-east-1.amazonaws.com' });
 * restore({ server, name: 'dynamodb.us-east-1.amazonaws.com', plan: result.lastGoodPlan });
 */
export async function runRace(options: RaceOptions): Promise<RaceResult> {
  const type = options.type ?? raceDefaults.type;
  const keepGenerations = options.keepGenerations ?? raceDefaults.keepGenerations;
  const slowFrom = options.slowFrom ?? raceDefaults.slowFrom;
  const maxGenerations = options.maxGenerations ?? raceDefaults.maxGenerations;
  const events: RaceEvent[] = [];
  const emit = (event: Omit<RaceEvent, 'at' | 'hrtimeNs'>) => {
    const full = { ...event, at: new Date(), hrtimeNs: process.hrtime.bigint() };
    events.push(full);
    options.onEvent?.(full);
  };

  const store = new PlanStore();
  const planner = new DnsPlanner({ store, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  const api = new DnsChangeApi(options.writer ?? options.server, store, {
    name: options.name,
    type,
    ttl: options.ttl ?? raceDefaults.ttl,
  });
  const enactors = [1, 2, 3].map(
    (index) =>
      new DnsEnactor({
        id: `enactor-${index}`,
        store,
        api,
        keepGenerations,
        emit,
        ...(index === 3 && slowFrom !== false
          ? { delay: { from: slowFrom, generations: keepGenerations + 1 } }
          : {}),
      }),
  );

  let finish: (entry: ChangeEntry | undefined) => void = () => {};
  const outcome = new Promise<ChangeEntry | undefined>((resolve) => {
    finish = resolve;
  });
  const unsubscribe = options.server.onChange((change) => {
    if (change.name !== options.name.toLowerCase().replace(/\.$/, '') || change.type !== type) return;
    if (change.before.length > 0 && change.after.length === 0) {
      // The deleting worker has logged its step already (DnsChangeApi.deletePlan logs before it writes).
      emit({ worker: 'dns', action: 'record-emptied', generation: store.applied ?? 0, ips: change.before });
      finish(change);
    }
  });
  for (const enactor of enactors) enactor.start();
  const publish = () => {
    if (planner.publish().generation >= maxGenerations) finish(undefined);
    const plan = store.newest();
    if (plan) emit({ worker: 'planner', action: 'published', generation: plan.generation, ips: plan.ips });
  };
  publish();
  const timer = setInterval(publish, options.planIntervalMs ?? raceDefaults.planIntervalMs);

  const emptied = await outcome;
  clearInterval(timer);
  unsubscribe();
  store.close();
  await Promise.all(enactors.map((enactor) => enactor.stop()));
  if (!emptied) throw new RaceDidNotEmptyError(maxGenerations, events);
  return explain(emptied, events, store);
}

/** Puts the last good plan's IPs back, as operators did by hand in October 2025. */
export function restore(options: {
  server: DemoDnsServer;
  name: string;
  type?: RecordType;
  ttl?: number;
  plan: Plan;
}): void {
  options.server.setRecords(
    options.name,
    options.type ?? raceDefaults.type,
    options.plan.ips,
    options.ttl ?? raceDefaults.ttl,
  );
}

function explain(emptied: ChangeEntry, events: RaceEvent[], store: PlanStore): RaceResult {
  const deletion = events.findLast((event) => event.action === 'deleted-plan' && event.wasApplied);
  if (!deletion) throw new Error('record emptied without a live plan being deleted');
  const staleGeneration = deletion.generation;
  const staleApply = events.findLast(
    (event) => event.action === 'applied' && event.generation === staleGeneration,
  );
  const overwritten = Number(staleApply?.detail?.replace('over ', ''));
  const good = events.findLast((event) => event.action === 'applied' && event.generation === overwritten);
  const lastGoodPlan = store.get(overwritten) ?? {
    generation: overwritten,
    ips: good?.ips ?? [],
    createdAt: good?.at ?? new Date(),
  };
  return { emptied, staleGeneration, lastGoodPlan, deletedBy: deletion.worker, events };
}
