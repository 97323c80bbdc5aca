import type { Incident } from '../../lambda/domain/incident.js';
import type { Target } from '../../lambda/domain/targets.js';
import type { Store } from '../../lambda/store/store.js';
import { readStatusFile, type StatusFile } from './status-file.js';
import { type TargetView, targetView } from './target-view.js';

/** Where a status report's target views come from. */
export type StatusSource =
  /** The running `lookout start`, as of its latest round. */
  | 'running'
  /** No start runs, but one that did not stop cleanly (kill -9) left its last view. */
  | 'last-run'
  /** No view published: the detectors' stored state (flushed when a start stops; a killed one may lag). */
  | 'stored';

export interface IncidentRef {
  id: string;
  kind: Incident['kind'];
  latestKind: Incident['headlineKind'];
  status: Incident['status'];
  openedAt: string;
  title: string;
}

export interface StatusReport {
  dataDir: string;
  /** A `lookout start` serves the data directory now. */
  running: boolean;
  source: StatusSource;
  /** The start the view is from (running or last-run). */
  start?: Omit<StatusFile, 'format' | 'endpoint' | 'targets'>;
  targets: (TargetView & { incident?: IncidentRef })[];
  /** Why the report is not from a running start's view, when one was expected. */
  notes: string[];
}

/** How many incidents are read to find the open ones (as `lookout incidents --open` does). */
const INCIDENTS_READ = 10_000;

/**
 * `lookout status`: the running start's view when a start serves `dataDir` (its status.json names the
 * endpoint it serves); otherwise the view the last start left, or else the stored detector state of the
 * configured targets. Open incidents always come from the store, so an `ack` made a second ago shows.
 */
export async function buildStatus(input: {
  dataDir: string;
  store: Store;
  /** The endpoint of the `lookout start` serving the store, when one does. */
  runningEndpoint?: string;
  /** The configured targets (read only when no start's view can be used). */
  configuredTargets: () => Promise<Target[]>;
}): Promise<StatusReport> {
  const notes: string[] = [];
  const read = readStatusFile(input.dataDir);
  if (read.state === 'unusable') notes.push(`${read.why}: ignored`);
  const file = read.state === 'found' ? read.status : undefined;
  let source: StatusSource;
  let views: TargetView[];
  if (file && input.runningEndpoint && file.endpoint === input.runningEndpoint) {
    source = 'running';
    views = file.targets;
  } else if (file && !input.runningEndpoint) {
    source = 'last-run';
    views = file.targets;
  } else {
    if (input.runningEndpoint)
      notes.push('the running lookout start has not published its view yet (it does after each round)');
    source = 'stored';
    views = [];
    for (const target of await input.configuredTargets())
      views.push(targetView(target, await input.store.targets.get(target.id)));
  }
  const open = await openIncidents(input.store);
  return {
    dataDir: input.dataDir,
    running: input.runningEndpoint !== undefined,
    source,
    ...(source !== 'stored' && file ? { start: startOf(file) } : {}),
    targets: views.map((view) => {
      const incident = open.get(view.id);
      return incident ? { ...view, incident } : view;
    }),
    notes,
  };
}

function startOf({ format: _format, endpoint: _endpoint, targets: _targets, ...start }: StatusFile) {
  return start;
}

/** The newest incident not yet resolved, per target. */
async function openIncidents(store: Store): Promise<Map<string, IncidentRef>> {
  const byTarget = new Map<string, IncidentRef>();
  for (const incident of await store.incidents.list(INCIDENTS_READ)) {
    if (incident.status === 'resolved' || byTarget.has(incident.targetId)) continue;
    byTarget.set(incident.targetId, {
      id: incident.id,
      kind: incident.kind,
      latestKind: incident.headlineKind,
      status: incident.status,
      openedAt: incident.openedAt,
      title: incident.title,
    });
  }
  return byTarget;
}
