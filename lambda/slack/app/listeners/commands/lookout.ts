import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { isLookoutError } from '../../../../domain/errors.js';
import type { SlackAppDeps } from '../../deps.js';
import { SlackUsageError } from '../../errors.js';
import { code } from '../../mrkdwn.js';
import { SUBCOMMANDS } from './lookout/index.js';
import { usageOf } from './lookout/subcommand.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/lookout <subcommand> …`: parses, dispatches, and acknowledges with the subcommand's answer
 * (ephemeral: only the person who asked sees it). Unknown or misused subcommands are answered with what
 * to type, never with Slack's generic failure; work handed off runs after the acknowledgement.
 */
export function lookoutCommand(deps: SlackAppDeps) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    const text = command.text.trim();
    const words = text.split(/\s+/).filter(Boolean);
    const name = (words[0] ?? 'help').toLowerCase();
    const subcommand = SUBCOMMANDS.find((s) => s.name === name);
    if (!subcommand) {
      const help = code(usageOf(command.command, { name: 'help', usage: '' }));
      await ack(
        ephemeral(`Lookout has no subcommand ${code(words[0] ?? '')}. ${help} lists what it can do.`),
      );
      return;
    }
    let reply: Awaited<ReturnType<typeof subcommand.run>>;
    try {
      reply = await subcommand.run({
        args: words.slice(1),
        rest: text.slice(words[0]?.length ?? 0).trim(),
        command,
        deps,
        client,
        subcommands: SUBCOMMANDS,
      });
    } catch (error) {
      if (!(error instanceof SlackUsageError))
        deps.log.error('a /lookout subcommand failed', error, { name });
      await ack(ephemeral(failureText(error, usageOf(command.command, subcommand))));
      return;
    }
    await ack(ephemeral(reply.text));
    if (!reply.after) return;
    try {
      await reply.after();
    } catch (error) {
      deps.log.error('could not hand off a /lookout subcommand', error, { name });
      await respond(
        ephemeral(
          `Lookout could not start ${code(`${command.command} ${text}`)}: ${describe(error)}. Try again in a moment.`,
        ),
      );
    }
  };
}

function ephemeral(text: string) {
  return { response_type: 'ephemeral' as const, text };
}

function failureText(error: unknown, usage: string): string {
  if (error instanceof SlackUsageError) return error.message;
  return `Lookout could not answer ${code(usage)}: ${describe(error)}. Try again in a moment; if it keeps failing, the Slack function's logs have the cause.`;
}

/** The error's kind in words a person can pass on, never a stack trace. */
function describe(error: unknown): string {
  if (isLookoutError(error)) return `${error.name} (${error.code})`;
  return error instanceof Error ? `${error.name}` : 'an unexpected failure';
}
