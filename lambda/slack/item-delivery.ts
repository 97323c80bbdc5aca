import { entryWeight, writtenByPerson } from '../domain/calm/entry-weight.js';
import type { Incident, SlackRef } from '../domain/incident.js';
import type { ResolverOutcome } from '../domain/observation.js';
import { renderTimelineReply } from '../domain/render/blocks.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import { runbookFor } from '../domain/runbooks/select.js';
import type { IncidentReader, OutboxItem } from '../store/ports.js';
import { classifySlackError, SlackDeliveryError } from './errors.js';
import { IncidentChannels } from './incident-channels.js';
import { type Doubt, findEarlierPost } from './post-lookup.js';
import type { ReplyGroups } from './reply-groups.js';
import type { RootEdits } from './root-edits.js';
import type { RootMessages } from './root-messages.js';
import type { DeliveryLogger, SlackPort } from './slack-port.js';

export interface ItemDeliveryDeps {
  incidents: IncidentReader;
  slack: SlackPort;
  runbooks: readonly Runbook[];
  now: () => Date;
  log: DeliveryLogger;
  roots: RootMessages;
  /** How long a post of unknown outcome that a lookup cannot find is still awaited before posting again. */
  lookupGraceMs: number;
  /** Incidents' own channels and links from routed channels (absent: every root goes to its alert channel). */
  channels?: IncidentChannels | undefined;
  /** Routine entries as one reply edited in place (absent: each entry its own reply). */
  groups?: ReplyGroups | undefined;
  /** Paced root edits (absent: the root is edited after every item). */
  rootEdits?: RootEdits | undefined;
}

/** What every delivery of an item first needs: the incident as stored, its root in Slack, and how to edit it. */
interface Prepared {
  incident: Incident;
  current: Incident;
  ref: SlackRef;
  fresh: boolean;
  home: string;
  /** Edits the root to the incident's current state now: undefined, or why Slack did not take the edit. */
  refresh: () => Promise<SlackDeliveryError | undefined>;
  /** Edits the root now or owes the edit (paced), whichever the pacing allows. */
  edit: () => Promise<void>;
  /** Owes the edit at once (absent: a person's action, shown at once, or no pacing). */
  owe?: () => Promise<void>;
}

/** The ts an item was delivered as, whether an earlier attempt's post was adopted, and the root edit to run once it is marked sent. */
export type DeliveryOutcome = {
  ts: string;
  adopted: boolean;
  after?: () => Promise<void>;
  /**
   * Instead of `after`: owes the root edit for the flush's end, while state changes still wait in the
   * channel (its one call per second is theirs first). Absent: `after` runs.
   */
  owe?: () => Promise<void>;
};

/**
 * Delivers one outbox item: the incident's root (once), then its thread reply, and the root edit that
 * shows the incident's current status.
 * @example const outcome = await new ItemDelivery({ incidents, slack, runbooks, now, log, roots, lookupGraceMs }).deliver(item, doubt, new Map());
 */
export class ItemDelivery {
  /** The incident version each root was last rendered from here: a root-only update of it is skipped. */
  private readonly shown = new Map<string, number>();

  constructor(private readonly deps: ItemDeliveryDeps) {}

  /**
   * Posts what `item` stands for, or adopts what an earlier attempt of unknown outcome already posted
   * (`doubt`). Returns the ts and the root edit to run once the item is marked sent.
   */
  async deliver(
    item: OutboxItem,
    doubt: Doubt,
    evidenceCache: Map<string, ResolverOutcome[]>,
  ): Promise<DeliveryOutcome> {
    const { incident, current, ref, fresh, home, refresh, edit, owe } = await this.prepare(
      item,
      doubt,
      evidenceCache,
    );
    const channels = this.deps.channels;
    // AFFECTED (a target joined or left a cause incident) only re-renders the root, which lists them:
    // never a reply, and nothing when the root already shows this version (a round attaches many).
    if (item.entry.kind === 'OPENED' || item.entry.kind === 'AFFECTED') {
      if (fresh) {
        this.remember(current.id, current.version);
        await this.deps.rootEdits?.posted(current.id, ref);
      }
      const skip =
        fresh || (item.entry.kind === 'AFFECTED' && this.shown.get(current.id) === current.version);
      return { ts: ref.ts, adopted: false, ...(skip ? {} : { after: edit, ...(owe ? { owe } : {}) }) };
    }
    const key = { incident: incident.id, entry: item.entry.entryId };
    const since = doubt.since;
    const found = since
      ? await findEarlierPost(
          () => this.deps.slack.findReply(ref, key, Date.parse(since)),
          doubt.graceFrom,
          this.deps.now().getTime(),
          this.deps.lookupGraceMs,
        )
      : undefined;
    let reply: { ts: string; adopted: boolean };
    if (found) {
      reply = { ts: found.ts, adopted: true };
    } else {
      doubt.posting = true;
      const posted = await this.deps.slack.postReply(
        ref.channel,
        ref.thread ?? ref.ts,
        renderTimelineReply(item.entry, incident.targetId),
        key,
      );
      if (posted.asText)
        this.deps.log.warn('Slack refused the reply blocks; sent as plain text', { seq: item.seq });
      reply = { ts: posted.ts, adopted: false };
    }
    // A state change ends the group of routine entries above it: later ones gather below it, in order.
    await this.deps.groups?.close(incident.id, ref.channel);
    if (item.entry.kind === 'RESOLVED' && channels && home !== item.channel) {
      // The root shows the resolution before its channel closes (an archived channel's root is never
      // edited again). An edit kept back (pace, deadline) or failed in a way Slack may get over, and a
      // failed archive, are tried again with the item, whose reply is then found by its metadata, not
      // posted twice; Lookout's own deferral counts no attempt. An edit Slack will never take
      // (message_not_found, is_archived) closes the channel all the same: the item would block its thread.
      const missed = await refresh();
      if (missed && (missed.kind === 'retryable' || missed.kind === 'paused')) throw again(missed);
      await channels.archive(current).catch((error: unknown) => {
        throw again(classifySlackError(error));
      });
      return reply;
    }
    return { ...reply, after: edit, ...(owe ? { owe } : {}) };
  }

  /**
   * Routine entries of one incident, in order, as its group reply (reply-groups.ts): one post or one
   * edit for all of them.
   */
  async deliverRoutine(
    items: readonly OutboxItem[],
    doubt: Doubt,
    evidenceCache: Map<string, ResolverOutcome[]>,
  ): Promise<DeliveryOutcome> {
    const [first] = items;
    const groups = this.deps.groups;
    if (!first || !groups) throw new Error('deliverRoutine needs items and reply groups');
    const { incident, ref, edit, owe } = await this.prepare(first, doubt, evidenceCache);
    doubt.posting = true;
    const { ts } = await groups.deliver(items, ref, incident.targetId);
    return { ts, adopted: false, after: edit, ...(owe ? { owe } : {}) };
  }

  /**
   * Whether `item` waits behind state changes when the channel must queue: routine by its weight, also
   * with grouping off (then it still gets a reply of its own, only later).
   */
  routine(item: OutboxItem): boolean {
    return entryWeight(item.entry) === 'routine';
  }

  /** Whether `item` joins a group reply rather than getting its own. */
  groups(item: OutboxItem): boolean {
    return Boolean(
      this.deps.groups && this.deps.groups.windowMs > 0 && entryWeight(item.entry) === 'routine',
    );
  }

  /** Makes the root edits owed (paced) that are due, from each incident as it is now, at most `max`. */
  async settleRoots(
    until: number,
    max?: number,
    hold?: (queue: string) => Promise<boolean>,
  ): Promise<number> {
    const edits = this.deps.rootEdits;
    if (!edits) return 0;
    return edits.settle(
      until,
      max,
      async (incidentId, ref) => {
        const incident = await this.deps.incidents.get(incidentId);
        if (!incident) return 'gone';
        const evidence = await this.deps.roots.openingEvidence({ incidentId }, new Map());
        const runbook = runbookFor(this.deps.runbooks, incident);
        const edited = await this.deps.roots.refresh(ref, incident, runbook, evidence);
        if (!edited) return false;
        this.remember(incident.id, incident.version);
        // Changed while the edit was on its way (RESOLVED went out meanwhile): Slack may show an older
        // state than the incident's, so the edit stays owed, one interval later.
        return (await this.deps.incidents.get(incidentId))?.version === incident.version;
      },
      hold,
    );
  }

  private async prepare(
    item: OutboxItem,
    doubt: Doubt,
    evidenceCache: Map<string, ResolverOutcome[]>,
  ): Promise<Prepared> {
    const read = await this.deps.incidents.get(item.incidentId);
    if (!read) throw new SlackDeliveryError('permanent', `incident ${item.incidentId} not found`);
    const channels = this.deps.channels;
    const roots = this.deps.roots;
    // Its own channel exists (and its people are in it) before its root is posted there.
    const incident = channels ? await channels.prepare(read) : read;
    const evidence = await roots.openingEvidence(item, evidenceCache);
    const runbook = runbookFor(this.deps.runbooks, incident);
    const home = IncidentChannels.homeOf(incident, item.channel);
    const ensured = await roots.ensure(item, incident, runbook, evidence, doubt, home);
    const { ref, fresh } = ensured;
    const current = channels ? await channels.link(ensured.current, ref) : ensured.current;
    const refresh = async () => {
      const missed = await roots.tryRefresh(ref, current, runbook, evidence);
      if (!missed) this.remember(current.id, current.version);
      return missed;
    };
    const render = async () => !(await refresh());
    const rootEdits = this.deps.rootEdits;
    const byPerson = writtenByPerson(item.entry.source);
    const queue = item.channel;
    const edit = rootEdits
      ? () => rootEdits.request(current.id, ref, render, { now: byPerson, queue })
      : async () => {
          await render();
        };
    // A person's own action is shown at once; anything else may wait for the channel's state changes.
    const owe = rootEdits && !byPerson ? () => rootEdits.owe(current.id, ref, queue) : undefined;
    return { incident, current, ref, fresh, home, refresh, edit, ...(owe ? { owe } : {}) };
  }

  private remember(incidentId: string, version: number): void {
    this.shown.delete(incidentId);
    this.shown.set(incidentId, version);
    // Bounded for a long-running `lookout start`: forgetting only costs one more edit.
    if (this.shown.size > 1000) this.shown.delete(this.shown.keys().next().value as string);
  }
}

/**
 * A failure after the item's reply was posted, for the item's retry: its outcome counts as unknown, so
 * the retry finds the reply by its metadata instead of posting it again; Lookout's own deferral stays one.
 */
function again(failure: SlackDeliveryError): SlackDeliveryError {
  return new SlackDeliveryError(failure.kind, failure.reason, {
    cause: failure,
    outcomeUnknown: true,
    paced: failure.paced,
  });
}
