import { describeError } from '../../../shared/describe-error.js';
import type { SlackAppDeps } from '../deps.js';
import { escapeMrkdwn } from '../mrkdwn.js';

/**
 * Runs what an acknowledged listener does. Once Slack has its acknowledgement the person hears of a
 * failure from the listener or not at all (Bolt's error handler only logs), so one the listener did not
 * answer itself — the store unreachable, a hand-off refused — is logged with its cause and told to them.
 *
 * @example
 * await tellingFailures(deps, 'the Add note button', tell, async () => { … });
 */
export async function tellingFailures(
  deps: Pick<SlackAppDeps, 'log'>,
  what: string,
  tell: (text: string) => Promise<void>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    deps.log.error(`${what} failed`, error);
    await tell(
      `Lookout could not finish ${what}: ${escapeMrkdwn(describeError(error))}. Try again in a moment; the Slack function's logs have the cause.`,
    ).catch((tellError: unknown) => deps.log.error(`could not say that ${what} failed`, tellError));
  }
}
