import { SlackUsageError } from '../../../errors.js';
import { code } from '../../../mrkdwn.js';
import { type Subcommand, type SubcommandRequest, usageOf } from './subcommand.js';

/** A usage error naming what was wrong (mrkdwn, escaped by the caller) and what to type instead. */
export function usageError(request: SubcommandRequest, self: Subcommand, problem: string): SlackUsageError {
  return new SlackUsageError(`${problem} Type ${code(usageOf(request.command.command, self))}.`);
}

/** Refuses words beyond the `max` a subcommand takes, naming the first one. */
export function noMoreThan(request: SubcommandRequest, self: Subcommand, max: number): void {
  const extra = request.args[max];
  if (extra !== undefined)
    throw usageError(request, self, `${code(self.name)} takes no ${code(extra)} there.`);
}
