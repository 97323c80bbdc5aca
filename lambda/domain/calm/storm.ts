import { bounded } from './text.js';

export { renderStormSummary } from './storm-render.js';

export interface StormSettings {
  /** K: more than this many openings within the window make a storm. Default 5. */
  threshold: number;
  /** W: the window openings are counted in (ms). Default 60 000. */
  windowMs: number;
  /** The storm is over once no incident opened for this long (ms). Default: the window. */
  quietMs: number;
}

/** An incident opening in the channel, as the storm counts it. */
export interface StormOpening {
  incidentId: string;
  /** By the delivery clock (ISO): the window runs on it. */
  at: string;
  kind: string;
  source: string;
  /** What it shares with others (`resolver 10.0.0.53 down`, a Health event), in words. */
  cause?: string;
  region?: string;
}

/**
 * What recordOpening is told. `openedAt`: when the incident opened (its own time); the window counts
 * on it, so a backlog delivered at once (a paused token, a throttled run) is no storm. Absent: `now`.
 */
export type OpeningInput = Omit<StormOpening, 'at'> & { channel: string; openedAt?: string };

/** Counts kept by the storm: keys beyond MAX_STORM_KEYS are added up under OTHER_KEY. */
export interface StormIncidents {
  total: number;
  /** By kind, an AWS Health event as `AWS Health` (what the summary lists). */
  byKind: Record<string, number>;
  bySource: Record<string, number>;
  byCause: Record<string, number>;
  /** The newest MAX_STORM_IDS incident ids (redelivered openings keep their placement). */
  ids: string[];
  /** The first distinct regions (two tell that it is not shared). */
  regions: string[];
  /** Some incident had no region: the region is not shared. */
  regionMissing: boolean;
}

export interface Storm {
  /** `storm-<id of the incident that started it>`: deterministic, so a replay finds the same storm. */
  id: string;
  startedAt: string;
  lastAt: string;
  /** When its last incident was delivered (the quiet rule runs on the delivery clock). */
  lastSeenAt?: string;
  /** Its incidents posted top-level before it was recognised (the first K in the window). */
  topLevelIds: string[];
  incidents: StormIncidents;
  /** When it was over: `quietMs` after its last incident (see endStorm). */
  endedAt?: string;
}

export interface StormState {
  channel: string;
  /** Openings within the window while no storm goes on (at most K + 1 are needed). */
  opened: StormOpening[];
  storm?: Storm;
}

export interface OpeningResult {
  state: StormState;
  placement: 'top-level' | 'storm-thread';
  startsStorm: boolean;
  /** Added: the storm this opening found over (quiet for `quietMs`); its summary says so now. */
  ended?: Storm;
}

export const MAX_STORM_IDS = 500;
export const MAX_STORM_KEYS = 20;
export const MAX_STORM_REGIONS = 2;
export const OTHER_KEY = '(other)';
/** Outside words kept per key: a cause or a kind is a short phrase. */
const KEY_MAX = 120;

/** The label a storm lists an incident under: AWS Health events as one family, else the kind. */
export function stormLabel(opening: Pick<StormOpening, 'kind' | 'source'>): string {
  return opening.source === 'aws-health' || opening.kind === 'HEALTH_EVENT' ? 'AWS Health' : opening.kind;
}

function bump(counts: Record<string, number>, raw: string): Record<string, number> {
  const key = bounded(raw, KEY_MAX);
  const known = key in counts;
  const room = Object.keys(counts).filter((k) => k !== OTHER_KEY).length < MAX_STORM_KEYS;
  const at = known || room ? key : OTHER_KEY;
  return { ...counts, [at]: (counts[at] ?? 0) + 1 };
}

function count(incidents: StormIncidents, o: StormOpening): StormIncidents {
  const region = o.region ? bounded(o.region, KEY_MAX) : undefined;
  const regions =
    region && !incidents.regions.includes(region) && incidents.regions.length < MAX_STORM_REGIONS
      ? [...incidents.regions, region]
      : incidents.regions;
  return {
    total: incidents.total + 1,
    byKind: bump(incidents.byKind, stormLabel(o)),
    bySource: bump(incidents.bySource, o.source),
    byCause: o.cause ? bump(incidents.byCause, o.cause) : incidents.byCause,
    ids: [...incidents.ids, o.incidentId].slice(-MAX_STORM_IDS),
    regions,
    regionMissing: incidents.regionMissing || !region,
  };
}

const NO_INCIDENTS: StormIncidents = {
  total: 0,
  byKind: {},
  bySource: {},
  byCause: {},
  ids: [],
  regions: [],
  regionMissing: false,
};

/** The storm has had no new incident for `quietMs`: its summary may say it is over. */
export function stormOver(state: StormState | undefined, now: Date, settings: StormSettings): boolean {
  const storm = state?.storm;
  if (!storm || storm.endedAt) return false;
  return now.getTime() - Date.parse(storm.lastSeenAt ?? storm.lastAt) >= settings.quietMs;
}

/**
 * The state with its storm marked over at `lastAt + quietMs` (the moment it was known to be over,
 * whenever the sweep that noticed ran), counting afresh from then on. Unchanged when not over.
 */
export function endStorm(state: StormState, now: Date, settings: StormSettings): StormState {
  if (!stormOver(state, now, settings) || !state.storm) return state;
  const endedAt = new Date(
    Date.parse(state.storm.lastSeenAt ?? state.storm.lastAt) + settings.quietMs,
  ).toISOString();
  return { ...state, opened: [], storm: { ...state.storm, endedAt } };
}

/**
 * Counts one incident opening in a channel and says where its root goes: the first K openings within
 * W stay top-level; the (K+1)-th starts a storm and it and every later one (until the storm is over)
 * go to the storm's thread. Idempotent per incident id: a redelivered opening keeps its placement.
 * @example const { state, placement, startsStorm } = recordOpening(prev, opening, now, CALM_DEFAULTS.storm);
 */
export function recordOpening(
  previous: StormState | undefined,
  input: OpeningInput,
  now: Date,
  settings: StormSettings,
): OpeningResult {
  let state: StormState = previous ?? { channel: input.channel, opened: [] };
  if (
    state.opened.some((o) => o.incidentId === input.incidentId) ||
    state.storm?.topLevelIds.includes(input.incidentId)
  )
    return { state, placement: 'top-level', startsStorm: false };
  if (state.storm?.incidents.ids.includes(input.incidentId))
    return { state, placement: 'storm-thread', startsStorm: false };
  const { channel: _channel, openedAt, ...fields } = input;
  const opened = openedAt ? Date.parse(openedAt) : Number.NaN;
  // Never later than its delivery; an unreadable time counts as the delivery's.
  const at = Number.isNaN(opened) ? now : new Date(Math.min(opened, now.getTime()));
  const opening: StormOpening = { ...fields, at: at.toISOString() };
  let ended: Storm | undefined;
  if (stormOver(state, now, settings)) {
    state = endStorm(state, now, settings);
    ended = state.storm;
  }
  const result = place(state, opening, now, settings);
  return ended ? { ...result, ended } : result;
}

function place(state: StormState, opening: StormOpening, now: Date, settings: StormSettings): OpeningResult {
  const storm = state.storm;
  if (storm && !storm.endedAt) {
    const incidents = count(storm.incidents, opening);
    const lastAt = Date.parse(opening.at) > Date.parse(storm.lastAt) ? opening.at : storm.lastAt;
    const grown = { ...storm, lastAt, lastSeenAt: now.toISOString(), incidents };
    return { state: { ...state, storm: grown }, placement: 'storm-thread', startsStorm: false };
  }
  // Within W of this incident's own opening, by the incidents' own times.
  const since = Date.parse(opening.at) - settings.windowMs;
  const recent = state.opened.filter(
    (o) => Date.parse(o.at) > since && Date.parse(o.at) < since + 2 * settings.windowMs,
  );
  const opened = [...recent, opening]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(-(Math.max(0, settings.threshold) + 1));
  if (opened.length <= settings.threshold)
    return { state: { ...state, opened }, placement: 'top-level', startsStorm: false };
  const started: Storm = {
    id: `storm-${opening.incidentId}`,
    startedAt: (opened[0] as StormOpening).at,
    lastAt: (opened[opened.length - 1] as StormOpening).at,
    lastSeenAt: now.toISOString(),
    topLevelIds: opened.slice(0, -1).map((o) => o.incidentId),
    incidents: opened.reduce(count, NO_INCIDENTS),
  };
  return { state: { ...state, opened: [], storm: started }, placement: 'storm-thread', startsStorm: true };
}
