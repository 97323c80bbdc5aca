import type { SlackSetup } from '../lambda/app/slack.js';
import type { Incident, TimelineEntry } from '../lambda/domain/incident.js';
import type { Log } from '../lambda/ports/log.js';
import type { Store } from '../lambda/store/store.js';
import type { HealthDelivery } from './health-posts.js';
import type { RaceResult } from './race/run-race.js';
import type { SlackCounts } from './slack-count.js';

export interface ReplayOptions {
  out: NodeJS.WritableStream;
  /** Seconds between probe rounds (default 1). */
  intervalSeconds?: number;
  color?: boolean;
  /** IANA zone the printed times are in (UTC when absent). */
  timeZone?: string | undefined;
  log?: Log;
  /** Slack delivery over the demo's store, when tokens are set. */
  slack?: SlackSetup;
  /**
   * A local store on disk to keep the incident in, and its data directory, named at the end for
   * `lookout show`. Without it the demo's store lives in memory and ends with it.
   */
  keep?: { store: Store; dataDir: string };
  /** Planner pace; slower makes the race easier to follow. */
  planIntervalMs?: number;
  seed?: number;
  /**
   * One real minute of AWS's 2025-10-20 Health posts on the demo's clock (default: a tenth of the probe
   * interval, so AWS's first post, 23 minutes in, comes 2.3 intervals after the record emptied — after
   * the two probes EMPTY needs, at any interval).
   */
  healthMinuteMs?: number;
  /**
   * AWS Health's posts (default on). Off, the incident resolves on the probe's recovery and the replay
   * ends ~16 probe intervals sooner: for runs that measure only detection (the bench).
   */
  healthPosts?: boolean;
}

export interface ReplayResult {
  /** From the DNS server's record of the moment the record emptied to the EMPTY alert being delivered. */
  detectionLatencySeconds: number;
  /**
   * Probe rounds from the one under way when the record emptied to the one that alerted, both included:
   * the detection latency in the probe's own rhythm (at most `emptyAfterProbes` + 1, whatever the load).
   */
  detectionRounds: number;
  incident: Incident;
  timeline: TimelineEntry[];
  race: RaceResult;
  /** AWS's Health deliveries as the demo sent them (each version three times), in order. */
  healthDeliveries: HealthDelivery[];
  /** The lead line printed at the end (see leadLine); absent without Health posts. */
  leadLine?: string;
  /** What delivery made of Slack (posts, replies, edits, calls), when Slack was on. */
  slack?: SlackCounts;
}
