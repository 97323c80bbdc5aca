import type { SlackAppDeps } from './deps.js';

export interface LaterAnswer {
  /** The request's identity (or the view's): the job is named for it, so a redelivery answers once. */
  requestId: string;
  user: string;
  /** Where the person acted: the ephemeral answer goes there. */
  channel?: string | undefined;
  /** The request's response URL, when it has one (commands, buttons; a modal's opener's). */
  responseUrl?: string | undefined;
  text: string;
}

/**
 * Answers a person after the acknowledgement: the answer is handed off like any other Slack call, so
 * Bolt's Lambda receiver (which answers Slack only once the listener returns) is never held up by
 * Slack itself, and a refused answer (the bot not in the channel) can stop nothing (worker/tell.ts).
 */
export function tellLater(deps: Pick<SlackAppDeps, 'handoff'>, answer: LaterAnswer): Promise<void> {
  return deps.handoff.send({
    kind: 'tell',
    id: `tell:${answer.requestId}`,
    user: answer.user,
    ...(answer.channel ? { channel: answer.channel } : {}),
    ...(answer.responseUrl ? { responseUrl: answer.responseUrl } : {}),
    text: answer.text.slice(0, 4000),
  });
}
