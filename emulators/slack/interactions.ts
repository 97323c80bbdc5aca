import { randomBytes } from 'node:crypto';

/**
 * The short-lived handles Slack gives an app with each slash command or interaction: a `trigger_id`
 * (one modal, within about 3 s) and a `response_url` (5 answers within 30 minutes). Both are measured on
 * the emulator's injected clock.
 */

export const TRIGGER_LIFETIME_MS = 3_000;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;
export const RESPONSE_URL_USES = 5;

/** Slack's documented shape, `12345.98765.abcd2358fdea`. */
const TRIGGER_SHAPE = /^\d+\.\d+\.[0-9a-f]+$/;

/** Where an interaction happened: the person, and the channel and message when there was one. */
export interface InteractionContext {
  user: string;
  channel?: string;
  messageTs?: string;
}

interface Trigger extends InteractionContext {
  issuedAt: number;
  exchanged: boolean;
}

export interface ResponseTarget extends InteractionContext {
  issuedAt: number;
  uses: number;
}

export class Interactions {
  private readonly triggers = new Map<string, Trigger>();
  private readonly responseUrls = new Map<string, ResponseTarget>();
  private sequence = 0;

  constructor(private readonly clock: () => number) {}

  issueTrigger(context: InteractionContext): string {
    const now = this.clock();
    const id = `${Math.floor(now / 1000)}.${++this.sequence}.${randomBytes(8).toString('hex')}`;
    this.triggers.set(id, { ...context, issuedAt: now, exchanged: false });
    return id;
  }

  /** The path of a new response URL (`/commands/…` or `/actions/…`, as Slack's hooks host names them). */
  issueResponsePath(kind: 'commands' | 'actions', context: InteractionContext): string {
    const path = `/${kind}/T0LOOKOUT/${++this.sequence}/${randomBytes(12).toString('hex')}`;
    this.responseUrls.set(path, { ...context, issuedAt: this.clock(), uses: 0 });
    return path;
  }

  /**
   * Checks a trigger for views.open/push. `take` marks it exchanged; a view that is refused does not
   * use the trigger up, so the app can fix the view and try again while it is still fresh.
   */
  trigger(id: unknown): { context: InteractionContext; take: () => void } | { error: string } {
    if (typeof id !== 'string' || !TRIGGER_SHAPE.test(id)) return { error: 'invalid_trigger_id' };
    const trigger = this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.exchanged) return { error: 'exchanged_trigger_id' };
    if (this.clock() - trigger.issuedAt > TRIGGER_LIFETIME_MS) return { error: 'expired_trigger_id' };
    return {
      context: { user: trigger.user, ...channelOf(trigger) },
      take: () => {
        trigger.exchanged = true;
      },
    };
  }

  /** The response URL's target if it may take one more answer, else Slack's refusal. */
  response(path: string): { target: ResponseTarget } | { status: number; error: string } {
    const target = this.responseUrls.get(path);
    if (!target) return { status: 404, error: 'no_service' };
    if (this.clock() - target.issuedAt > RESPONSE_URL_LIFETIME_MS)
      return { status: 404, error: 'expired_url' };
    if (target.uses >= RESPONSE_URL_USES) return { status: 404, error: 'used_url' };
    return { target };
  }
}

function channelOf(context: InteractionContext): Omit<InteractionContext, 'user'> {
  return {
    ...(context.channel ? { channel: context.channel } : {}),
    ...(context.messageTs ? { messageTs: context.messageTs } : {}),
  };
}
