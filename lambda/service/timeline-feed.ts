import type { Incident, TimelineEntry } from '../domain/incident.js';
import type { Store } from '../store/store.js';

/** Incidents looked at on each poll: the newest ones, plus every one still open (however old). */
const RECENT_INCIDENTS = 50;

interface Followed {
  version: number;
  status: Incident['status'];
  /** Entry ids already reported, so an entry is reported once whoever wrote it. */
  reported: Set<string>;
}

export interface FeedNews {
  incident: Incident;
  /** Entries nobody reported yet, in timeline order. */
  entries: TimelineEntry[];
}

/**
 * What reached the incidents' timelines from elsewhere: `lookout ack`, `resolve` or `restore` writing into
 * the store a running `lookout start` serves. Those commands run in other processes, and the store has no
 * change stream (dynalite has no Streams), so the feed reads the timelines of the incidents that can
 * still change (open ones, and any whose version moved) and reports the entries it has not reported yet.
 * Entries this process wrote itself are marked with `fresh()` as they are printed, so none is told twice.
 */
export class TimelineFeed {
  private readonly followed = new Map<string, Followed>();
  private primed = false;

  constructor(
    private readonly store: Store,
    private readonly options: { recent?: number } = {},
  ) {}

  /** Takes note of every timeline as it is now: what is there already is not news. */
  async prime(): Promise<void> {
    for (const incident of await this.candidates()) {
      const timeline = await this.store.incidents.listTimeline(incident.id);
      this.followed.set(incident.id, {
        version: incident.version,
        status: incident.status,
        reported: new Set(timeline.map((e) => e.entryId)),
      });
    }
    this.primed = true;
  }

  /** Of `entries`, those not reported yet, now marked reported (the caller is about to tell them). */
  fresh(entries: readonly TimelineEntry[]): TimelineEntry[] {
    return entries.filter((entry) => {
      const followed = this.follow(entry.incidentId);
      if (followed.reported.has(entry.entryId)) return false;
      followed.reported.add(entry.entryId);
      return true;
    });
  }

  /**
   * Entries nobody has reported yet, per incident (oldest incident first). They are marked reported when
   * the caller tells them (`fresh`), so a poll whose output was lost is not the end of them.
   */
  async poll(): Promise<FeedNews[]> {
    if (!this.primed) await this.prime();
    const news: FeedNews[] = [];
    const incidents = await this.candidates();
    for (const incident of [...incidents].reverse()) {
      const known = this.followed.get(incident.id);
      const mayHaveNews = !known || incident.status !== 'resolved' || known.version !== incident.version;
      if (!mayHaveNews) continue;
      const followed = this.follow(incident.id);
      const timeline = await this.store.incidents.listTimeline(incident.id);
      const entries = timeline.filter((e) => !followed.reported.has(e.entryId));
      followed.version = incident.version;
      followed.status = incident.status;
      if (entries.length) news.push({ incident, entries });
    }
    this.forget(new Set(incidents.map((i) => i.id)));
    return news;
  }

  /** Incidents not resolved, as of the last poll (ids). */
  open(): string[] {
    return [...this.followed].filter(([, f]) => f.status !== 'resolved').map(([id]) => id);
  }

  private follow(incidentId: string): Followed {
    let followed = this.followed.get(incidentId);
    if (!followed) {
      followed = { version: -1, status: 'open', reported: new Set() };
      this.followed.set(incidentId, followed);
    }
    return followed;
  }

  /** The newest incidents, and the ones this feed knows to be open even when they are older. */
  private async candidates(): Promise<Incident[]> {
    const recent = await this.store.incidents.list(this.options.recent ?? RECENT_INCIDENTS);
    const ids = new Set(recent.map((i) => i.id));
    const older: Incident[] = [];
    for (const [id, followed] of this.followed) {
      if (ids.has(id) || followed.status === 'resolved') continue;
      const incident = await this.store.incidents.get(id);
      if (incident) older.push(incident);
      else this.followed.delete(id);
    }
    return [...recent, ...older];
  }

  /** Resolved incidents that fell out of the recent list are done changing: stop remembering them. */
  private forget(current: Set<string>): void {
    for (const [id, followed] of this.followed) {
      if (!current.has(id) && followed.status === 'resolved') this.followed.delete(id);
    }
  }
}
