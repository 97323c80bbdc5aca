import type { AllMiddlewareArgs, SlashCommand } from '@slack/bolt';
import type { SlackAppDeps } from '../../../deps.js';

/** One `/lookout` request as the router hands it to the subcommand it names. */
export interface SubcommandRequest {
  /** The words after the subcommand's name. */
  args: string[];
  /** The text after the subcommand's name as typed (inner spacing kept), for free text such as a note. */
  rest: string;
  /** Slack's payload: who, where, `response_url`, `trigger_id`, and the command as the app names it. */
  command: SlashCommand;
  deps: SlackAppDeps;
  /** Bolt's Web API client with the bot token, for what must happen before the acknowledgement (a modal). */
  client: AllMiddlewareArgs['client'];
  /** Every registered subcommand, in listing order (for `help` and usage messages). */
  subcommands: readonly Subcommand[];
}

/** The answer: acknowledged at once, ephemerally; `after` runs once the acknowledgement is on its way. */
export interface SubcommandReply {
  text: string;
  /** Work slower than a store read, handed off here and answered later through the response URL. */
  after?: () => Promise<void>;
}

/**
 * A `/lookout` subcommand. Adding one is a new file in this folder exporting a Subcommand, and one line
 * in `index.ts`. Throw SlackUsageError (its message says what to type) for input that cannot be done.
 */
export interface Subcommand {
  name: string;
  /** Arguments after the name, as help shows them: `<id>` required, `[type]` optional. */
  usage: string;
  /** One line: what it does. */
  help: string;
  run(request: SubcommandRequest): Promise<SubcommandReply>;
}

/** `/lookout check <name> [type]`, with the command as this app names it. */
export function usageOf(command: string, subcommand: Pick<Subcommand, 'name' | 'usage'>): string {
  return `${command} ${subcommand.name}${subcommand.usage ? ` ${subcommand.usage}` : ''}`;
}
