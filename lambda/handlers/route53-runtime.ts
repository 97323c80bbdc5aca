import { createRoute53App, type Route53App } from '../app/route53.js';
import { createRoute53Clients, type Route53Clients } from '../app/route53-clients.js';
import { ConfigError } from '../config/errors.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

let clients: Route53Clients | undefined;

/**
 * The Route 53 flow for one run: Route 53 clients per container (rate-limited, so Lookout stays well
 * below the account limit it shares with your own automation), the store, Slack as the secret says
 * right now.
 */
export async function route53App(
  setup: LambdaSetup,
  deadline: () => number,
  owner: string,
): Promise<Route53App> {
  const r53 = setup.config.route53;
  if (!r53) throw new ConfigError('the config has no route53 section: there are no hosted zones to watch');
  clients ??= createRoute53Clients({ pace: { requestsPerSecond: r53.requestsPerSecond, burst: r53.burst } });
  return createRoute53App({
    config: setup.config,
    store: containerOf(setup.env).store,
    clients,
    log,
    now: () => new Date(),
    // Known from the config even while Slack is off: incidents queue for it and post once a token is set.
    channel: setup.config.slack.channel,
    slack: await slackFor(setup),
    deadline,
    owner,
  });
}
