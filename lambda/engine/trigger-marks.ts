import type { EpisodeMark } from '../domain/triggers/trigger-order.js';
import type { Store } from '../store/store.js';

const MARK_SOURCE = 'trigger-mark';
const SEEN_SOURCE = 'trigger-seen';
/** As long as a delivery is remembered: PagerDuty's late events arrive within its ~20 min of retries. */
const KEEP_MS = 30 * 24 * 3_600_000;
/** An episode resolved and reopened more often than this is not told apart any further. */
const MAX_MARKS = 50;

/**
 * What happened to each ordered episode (PagerDuty incident): whether Lookout has seen it, and the
 * resolves and reopens applied, by the sender's clock. Kept as single-item conditional writes (the
 * request claims): marks are an append-only list `<subject>#0, #1…`, so two writers never overwrite.
 */
export class TriggerMarks {
  constructor(private readonly store: Store) {}

  async seen(subject: string, now: Date): Promise<boolean> {
    const seen = await this.store.requests.get(SEEN_SOURCE, subject);
    return seen !== undefined && seen.expiresAtMs > now.getTime();
  }

  async markSeen(subject: string, now: Date): Promise<void> {
    await this.store.requests.claim(SEEN_SOURCE, subject, now, KEEP_MS);
  }

  async list(subject: string, now: Date): Promise<EpisodeMark[]> {
    const marks: EpisodeMark[] = [];
    for (let i = 0; i < MAX_MARKS; i++) {
      const item = await this.store.requests.get(MARK_SOURCE, `${subject}#${i}`);
      if (!item) break;
      const mark = item.expiresAtMs > now.getTime() ? parseMark(item.outcome) : undefined;
      if (mark) marks.push(mark);
    }
    return marks;
  }

  /** Appends the mark unless it is there already (a retried delivery adds nothing). */
  async add(subject: string, mark: EpisodeMark, now: Date): Promise<void> {
    for (let i = 0; i < MAX_MARKS; i++) {
      const item = await this.store.requests.get(MARK_SOURCE, `${subject}#${i}`);
      if (item?.outcome === `${mark.kind}@${mark.at}`) return;
      if (item) continue;
      if (
        await this.store.requests.claim(
          MARK_SOURCE,
          `${subject}#${i}`,
          now,
          KEEP_MS,
          `${mark.kind}@${mark.at}`,
        )
      )
        return;
      i--; // another writer took this slot: read it again
    }
  }
}

function parseMark(outcome: string | undefined): EpisodeMark | undefined {
  const [kind, at] = outcome?.split('@') ?? [];
  return (kind === 'resolved' || kind === 'reopened' || kind === 'unacknowledged') && at
    ? { kind, at }
    : undefined;
}
