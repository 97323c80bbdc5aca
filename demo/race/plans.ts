/** One numbered DNS plan: the endpoint IPs the record should hold at that generation. */
export interface Plan {
  generation: number;
  ips: string[];
  createdAt: Date;
}

/**
 * The plan table the planner writes and the enactors read, plus which generation is live in DNS.
 * Waiters stand in for the enactors' polling, so nothing here depends on wall-clock timing.
 */
export class PlanStore {
  private readonly plans = new Map<number, Plan>();
  private newestGeneration = 0;
  private appliedGeneration: number | undefined;
  private newerWaiters: Array<{ than: number; resolve: (plan: Plan | undefined) => void }> = [];
  private appliedWaiters: Array<{ atLeast: number; resolve: (reached: boolean) => void }> = [];
  private closed = false;

  add(plan: Plan): void {
    this.plans.set(plan.generation, plan);
    this.newestGeneration = Math.max(this.newestGeneration, plan.generation);
    const ready = this.newerWaiters.filter((waiter) => plan.generation > waiter.than);
    this.newerWaiters = this.newerWaiters.filter((waiter) => plan.generation <= waiter.than);
    for (const waiter of ready) waiter.resolve(this.newest());
  }

  get(generation: number): Plan | undefined {
    return this.plans.get(generation);
  }

  has(generation: number): boolean {
    return this.plans.has(generation);
  }

  delete(generation: number): boolean {
    return this.plans.delete(generation);
  }

  newest(): Plan | undefined {
    return this.plans.get(this.newestGeneration);
  }

  generations(): number[] {
    return [...this.plans.keys()].sort((a, b) => a - b);
  }

  get applied(): number | undefined {
    return this.appliedGeneration;
  }

  setApplied(generation: number): void {
    this.appliedGeneration = generation;
    const ready = this.appliedWaiters.filter((waiter) => generation >= waiter.atLeast);
    this.appliedWaiters = this.appliedWaiters.filter((waiter) => generation < waiter.atLeast);
    for (const waiter of ready) waiter.resolve(true);
  }

  /** The newest plan once one newer than `than` exists; undefined once the store is closed. */
  waitForNewer(than: number): Promise<Plan | undefined> {
    const newest = this.newest();
    if (this.closed) return Promise.resolve(undefined);
    if (newest && newest.generation > than) return Promise.resolve(newest);
    return new Promise((resolve) => this.newerWaiters.push({ than, resolve }));
  }

  /** Resolves true once a generation ≥ `atLeast` is applied, false if the store closes first. */
  waitForApplied(atLeast: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    if (this.appliedGeneration !== undefined && this.appliedGeneration >= atLeast)
      return Promise.resolve(true);
    return new Promise((resolve) => this.appliedWaiters.push({ atLeast, resolve }));
  }

  /** Releases every waiting worker so the race can shut down. */
  close(): void {
    this.closed = true;
    for (const waiter of this.newerWaiters) waiter.resolve(undefined);
    for (const waiter of this.appliedWaiters) waiter.resolve(false);
    this.newerWaiters = [];
    this.appliedWaiters = [];
  }
}

export interface PlannerOptions {
  store: PlanStore;
  /** Endpoint IPs to choose from; each plan takes 3–8 of them. */
  pool?: string[];
  minIps?: number;
  maxIps?: number;
  /** Seed for the IP choice, so a demo run can be replayed. */
  seed?: number;
  now?: () => Date;
}

export const plannerDefaults = {
  pool: Array.from({ length: 24 }, (_, index) => `10.0.${Math.floor(index / 8)}.${10 + (index % 8)}`),
  minIps: 3,
  maxIps: 8,
  seed: 2025_10_20,
} as const;

/** Produces a new generation whenever load-balancer health "changes" (here: when asked). */
export class DnsPlanner {
  private generation = 0;
  private readonly random: () => number;
  private readonly pool: readonly string[];
  private readonly minIps: number;
  private readonly maxIps: number;
  private readonly now: () => Date;

  constructor(private readonly options: PlannerOptions) {
    this.random = mulberry32(options.seed ?? plannerDefaults.seed);
    this.pool = options.pool ?? plannerDefaults.pool;
    this.minIps = options.minIps ?? plannerDefaults.minIps;
    this.maxIps = Math.min(options.maxIps ?? plannerDefaults.maxIps, this.pool.length);
    this.now = options.now ?? (() => new Date());
  }

  publish(): Plan {
    this.generation++;
    const count = this.minIps + Math.floor(this.random() * (this.maxIps - this.minIps + 1));
    const shuffled = [...this.pool].sort(() => this.random() - 0.5);
    const plan = { generation: this.generation, ips: shuffled.slice(0, count).sort(), createdAt: this.now() };
    this.options.store.add(plan);
    return plan;
  }
}

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
