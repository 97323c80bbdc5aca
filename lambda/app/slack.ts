import type { CalmSettings } from '../domain/calm/settings.js';
import type { RestoreSettings } from '../domain/route53/restore-target.js';
import type { Runbook } from '../domain/runbooks/schema.js';
import type { Deliverer } from '../ports/deliverer.js';
import type { Log } from '../ports/log.js';
import { DeliveryHealth } from '../slack/delivery-health.js';
import type { IncidentChannelSettings } from '../slack/incident-channels.js';
import type { SlackDeliveryOptions } from '../slack/slack-delivery.js';
import type { SlackPosterOptions } from '../slack/slack-poster.js';
import type { Store } from '../store/store.js';

/** Slack as a host knows it: a bot token and a channel (both present, or Slack is off). */
export interface SlackSetup {
  channel: string;
  token: string;
  /** Another Web API base URL (the Slack emulator, GovSlack); Slack's own by default. */
  apiUrl?: string | undefined;
  runbooks: readonly Runbook[];
  giveUpAfterMinutes: number;
  /** Who is invited to incident channels and whether they are archived (config slack.incidentChannels). */
  incidentChannels?: IncidentChannelSettings | undefined;
  /** `route53:` (restoreFromSlack, zones): roots offer Restore where restore from Slack applies. */
  restore?: RestoreSettings | undefined;
  /**
   * Token trouble is said when it starts and ends, not on every run: a host that outlives one
   * delivery (a Lambda container) keeps one health across runs.
   */
  health?: DeliveryHealth;
  /** What a person should do when the token stops working, in this host's words. */
  tokenAdvice?: string;
  /** Grouping and root-edit pacing (config slack.calm); CALM_DEFAULTS when absent. */
  calm?: CalmSettings | undefined;
  /** Told of every Web API call delivery makes (SlackPoster `onCall`): the demo counts them. */
  onCall?: SlackPosterOptions['onCall'];
}

export interface SlackDelivery {
  channel: string;
  deliverer: Deliverer;
}

/**
 * The outbox sender for a flow, or undefined when Slack is off. A delivery already built (a test's
 * sender over a fault-injecting Slack, with its own clock) is used as it is.
 */
export function slackDeliveryFor(
  slack: SlackSetup | SlackDelivery | undefined,
  deps: { store: Store; log: Log; deadline?: (() => number) | undefined },
): SlackDelivery | undefined {
  if (!slack) return undefined;
  if ('deliverer' in slack) return slack;
  const health =
    slack.health ??
    new DeliveryHealth(
      slack.tokenAdvice ??
        'Put a working bot token in place (add any missing scope to the app, then reinstall it).',
    );
  return {
    channel: slack.channel,
    deliverer: loadedOnFirstFlush({
      token: slack.token,
      apiUrl: slack.apiUrl,
      store: deps.store,
      runbooks: slack.runbooks,
      logger: deps.log,
      health,
      giveUpAfterMinutes: slack.giveUpAfterMinutes,
      incidentChannels: slack.incidentChannels,
      restore: slack.restore,
      calm: slack.calm,
      ...(slack.onCall ? { onCall: slack.onCall } : {}),
      ...(deps.deadline ? { deadline: deps.deadline } : {}),
    }),
  };
}

/**
 * The Slack client (@slack/web-api and its HTTP stack, ~7 MiB resident) is loaded when the first
 * delivery runs, not when a flow is built: every flow builds this, and `lookout start` without a token
 * never delivers, so it never pays for a client it cannot use.
 */
function loadedOnFirstFlush(options: SlackDeliveryOptions): Deliverer {
  let sender: Promise<Deliverer> | undefined;
  return {
    async flush(flushOptions) {
      sender ??= import('../slack/slack-delivery.js').then((m) => m.createSlackDelivery(options));
      return (await sender).flush(flushOptions);
    },
  };
}
