import { LogLevel } from '@slack/web-api';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { CALM_DEFAULTS } from '../../lambda/domain/calm/settings.js';
import type { TimelineEntry, TimelineKind } from '../../lambda/domain/incident.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender, type OutboxSenderDeps, type SlackPort } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster, type SlackPosterOptions } from '../../lambda/slack/slack-poster.js';
import type { Store } from '../../lambda/store/store.js';
import { startTestStore, type TestStore } from './dynalite.js';
import { incidentFixture } from './incidents.js';
import { recordingLog, timelineEntryMaker } from './slack-fixtures.js';

export const TOKEN = 'xoxb-test-token';
/** The channel the calm tests crowd. */
export const CHANNEL = 'C0STORM';
export const runbooks = loadRunbooks({ env: {} });
export const T0 = Date.parse('2025-10-20T06:48:00.000Z');
/** Entry `n`, `n` seconds after T0: every entry of a test gets its own `n`, so its own time and seq. */
export const make = timelineEntryMaker({ at: (n) => new Date(T0 + n * 1000).toISOString(), idDigits: 4 });

/**
 * One calm-delivery test's world: a fresh dynalite store, the Slack emulator, the clock every sender
 * and enqueue reads (`now`, moved by the test) and the last entry number `queue` gave (`n`).
 * `start()` in beforeEach and `stop()` in afterEach, so no test sees another's messages or items.
 */
export class CalmWorld {
  now: number;
  n = 0;
  private test: TestStore | undefined;
  private emulator: FakeSlack | undefined;
  private readonly startAt: number;

  /**
   * `channels`: the emulator's; the first is where `queue` and `openIncidents` go unless told otherwise.
   * `startAt`: the clock at each test's start (default: an hour after T0, later than any entry `make`
   * stamps).
   */
  constructor(private readonly options: { channels: [string, ...string[]]; startAt?: number }) {
    this.startAt = options.startAt ?? T0 + 3_600_000;
    this.now = this.startAt;
  }

  async start(): Promise<void> {
    this.test = await startTestStore();
    // No rate limit: a test that wants Slack to refuse a call says so (failNext), never by chance of load.
    this.emulator = await new FakeSlack({ channels: [...this.options.channels], rateLimit: false }).start();
    this.now = this.startAt;
    this.n = 0;
  }

  async stop(): Promise<void> {
    await this.emulator?.stop();
    await this.test?.close();
  }

  get store(): Store {
    if (!this.test) throw new Error('CalmWorld: start() it first (in beforeEach)');
    return this.test.store;
  }

  get slack(): FakeSlack {
    if (!this.emulator) throw new Error('CalmWorld: start() it first (in beforeEach)');
    return this.emulator;
  }

  /** A SlackPoster on the emulator; a test wraps it to record or break calls. */
  poster(options?: SlackPosterOptions): SlackPoster {
    const client = createSlackClient(TOKEN, { slackApiUrl: this.slack.url, logLevel: LogLevel.ERROR });
    return new SlackPoster(client, options);
  }

  /**
   * An OutboxSender over the store, on the world's clock, sending through `slack`, with reply groups
   * and paced root edits (CALM_DEFAULTS) unless `deps` says otherwise.
   */
  sender(slack: SlackPort, deps: Partial<OutboxSenderDeps> = {}): OutboxSender {
    return new OutboxSender({
      outbox: this.store.outbox,
      incidents: this.store.incidents,
      slack,
      runbooks,
      now: () => new Date(this.now),
      log: recordingLog(),
      threads: this.store.threads,
      calm: CALM_DEFAULTS,
      ...deps,
    });
  }

  /** Appends the next entry (later than every earlier one) to the timeline and the channel's outbox. */
  async queue(
    incidentId: string,
    kind: TimelineKind,
    channel = this.options.channels[0],
  ): Promise<TimelineEntry> {
    this.n += 1;
    const entry = make(incidentId, this.n, kind);
    await this.store.incidents.appendTimeline(entry);
    await this.store.outbox.enqueue(channel, entry, new Date(this.now).toISOString());
    return entry;
  }

  /** Creates the incidents in `channel` and queues their OPENED; their roots go with the next flush. */
  async openIncidents(ids: readonly string[], channel = this.options.channels[0]): Promise<void> {
    for (const id of ids) {
      await this.store.incidents.create(incidentFixture({ id, facts: { baseline: 8 }, channel }));
      await this.queue(id, 'OPENED', channel);
    }
  }
}
