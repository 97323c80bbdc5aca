export type RaceAction =
  | 'published'
  | 'picked'
  | 'skipped-stale'
  | 'stalled'
  | 'resumed'
  | 'applied'
  | 'apply-failed'
  | 'deleted-plan'
  | 'record-emptied';

/** One thing one worker did; the demo prints these as the race's timeline. */
export interface RaceEvent {
  at: Date;
  hrtimeNs: bigint;
  /** `planner`, an enactor id, or `dns` for the record itself. */
  worker: string;
  action: RaceAction;
  generation: number;
  /** For `applied`: a newer plan already existed. For `deleted-plan`: the plan was live. */
  stale?: boolean;
  wasApplied?: boolean;
  ips?: string[];
  detail?: string;
}

export type RaceEventSink = (event: Omit<RaceEvent, 'at' | 'hrtimeNs'>) => void;
