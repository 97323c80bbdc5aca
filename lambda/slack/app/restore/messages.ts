import { NothingToRestoreError } from '../../../domain/route53/errors.js';
import { NoLastKnownGoodError, RestoreConflictError } from '../../../service/route53/errors.js';
import { NotFoundError } from '../../../store/errors.js';
import { code, escapeMrkdwn } from '../mrkdwn.js';

/** Without `route53.restoreFromSlack`: what is off, how to turn it on, and what works meanwhile. */
export function restoreOffMessage(command: string): string {
  return `Restore from Slack is off. Whoever runs Lookout can turn it on with ${code('route53.restoreFromSlack: true')} in its config (and a deploy: the stack then gives a separate worker function ${code('route53:ChangeResourceRecordSets')} on the configured hosted zones, and nothing else). Meanwhile ${code('lookout restore <zone> <name> <type>')} restores from a terminal with your own AWS credentials; ${code(`${command} show <id>`)} shows an incident.`;
}

/**
 * A restore that cannot go on, in the CLI's words (bin/support/restore-output.ts), or undefined for
 * an error that is not one of them (Route 53 unreachable, the store failing).
 */
export function restoreRefusal(error: unknown): string | undefined {
  if (error instanceof RestoreConflictError) return escapeMrkdwn(error.message);
  if (error instanceof NothingToRestoreError) return `Nothing to restore: ${escapeMrkdwn(error.message)}.`;
  if (error instanceof NoLastKnownGoodError || error instanceof NotFoundError)
    return `${escapeMrkdwn(error.message)}; nothing was changed.`;
  return undefined;
}
