import { randomUUID } from 'node:crypto';
import { slackDeliveryFor } from '../app/slack.js';
import type { SlackWorkerOptions } from '../app/slack-worker.js';
import { deliverOutbox } from '../service/outbox-delivery.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

/**
 * What the worker needs the bot token for, read from the Slack secret only when a job needs it: the
 * outbox sent after a change from Slack (the root edited in place, the entry in its thread) and the
 * `timeline` upload. Without a token (or a channel) both say so and the probe round delivers as before.
 * `deadline` (epoch ms, asked at each delivery) is when the current invocation stops starting posts:
 * without it a delivery could hold the outbox lease (90 s) past the worker's timeout and be killed
 * mid-post; with it the rest stays pending for the next delivery and the lease ends with the invocation.
 */
export function slackWorkerSlack(
  setup: LambdaSetup,
  deadline: () => number,
): Pick<SlackWorkerOptions, 'deliver' | 'botToken' | 'apiUrl'> {
  const { store } = containerOf(setup.env);
  const owner = `slack-worker-${randomUUID()}`;
  return {
    apiUrl: setup.env.SLACK_API_URL,
    botToken: async () => (await slackFor(setup))?.token,
    deliver: async () => {
      const slack = slackDeliveryFor(await slackFor(setup), { store, log, deadline });
      return deliverOutbox(store, slack?.deliverer, { owner, now: () => new Date(), log, deadline });
    },
  };
}
