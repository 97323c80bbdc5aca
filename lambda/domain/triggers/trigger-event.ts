/** Who sent a trigger. EventBridge carries the generic schema, so its triggers are `generic` too. */
export const TRIGGER_SENDERS = ['generic', 'pagerduty', 'alertmanager'] as const;
export type TriggerSender = (typeof TRIGGER_SENDERS)[number];

/**
 * What a trigger asks: open (or update) the incident of what it names, acknowledge it, or resolve it;
 * PagerDuty also reopens an episode it resolved and takes an acknowledgement back (timeout, a person).
 */
export type TriggerAction = 'trigger' | 'acknowledge' | 'resolve' | 'reopen' | 'unacknowledge';

/** How a sender is named to people (in the root message, the timeline and the logs). */
export const SENDER_NAMES: Readonly<Record<TriggerSender, string>> = {
  generic: 'trigger',
  pagerduty: 'PagerDuty',
  alertmanager: 'Alertmanager',
};

/** Who triggered, as the first words of a sentence: the generic trigger says how it arrived. */
export function senderPhrase(event: Pick<TriggerEvent, 'sender' | 'via'>): string {
  if (event.sender !== 'generic') return SENDER_NAMES[event.sender];
  return event.via === 'eventbridge' ? 'An EventBridge trigger' : 'A signed trigger';
}

/**
 * One thing a sender asked, read from its payload and verified: a PagerDuty webhook event, one alert of
 * an Alertmanager notification, a generic trigger (HTTPS or EventBridge). Only what the sender sent.
 */
export interface TriggerEvent {
  sender: TriggerSender;
  /** How it arrived, for the timeline and the logs. */
  via: 'https' | 'eventbridge';
  action: TriggerAction;
  /**
   * This delivery's identity: a repeat with the same id is applied once (PagerDuty's event id;
   * Alertmanager's groupKey + fingerprint + startsAt + status; a generic trigger's id or signature).
   */
  dedupId: string;
  /** The episode's identity at the sender (PagerDuty incident id, alert fingerprint, generic key). */
  key: string;
  /** What it is about, in the sender's words: a service, an alert name. */
  name: string;
  /** The sender's one-line description (PagerDuty's title, the alert's summary), when it sent one. */
  summary?: string;
  /** When it happened by the sender's clock (ISO). */
  at: string;
  /** Who acknowledged or resolved it at the sender, when it said. */
  by?: string;
  /** The sender's own severity word (P1, high, critical…), mapped to Lookout's by config. */
  severity?: string;
  /** A runbook id the trigger names (checked against runbooks/*.yaml before anything is written). */
  runbook?: string;
  /** The sender's page for it (PagerDuty incident, Prometheus graph). */
  url?: string;
  /**
   * The sender's events for one key may arrive in any order, each carries enough to open the episode,
   * and `at` orders them (PagerDuty's `occurred_at`): an event for an episode never seen opens it, and one
   * older than a resolve or reopen already applied changes nothing (trigger-order.ts).
   */
  ordered?: boolean;
  /** When the sender says the episode began (PagerDuty's `created_at`), for an episode opened by a later event. */
  openedAt?: string;
}
