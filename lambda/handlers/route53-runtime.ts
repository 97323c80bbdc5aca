import { Route53Client } from '@aws-sdk/client-route-53';
import { ConfigError } from '../config/errors.js';
import { createRoute53Services } from '../service/route53/route53-services.js';
import type { ChangeHistoryClient } from '../sources/route53/change-history-client.js';
import { RateLimiter } from '../sources/route53/rate-limiter.js';
import { Route53Adapter } from '../sources/route53/route53-adapter.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

let adapter: Route53Adapter | undefined;
let changeHistory: ChangeHistoryClient | undefined;

/**
 * The Route 53 side of a run: one rate-limited adapter per container (Route 53's API is global, served
 * from us-east-1; the limiter keeps Lookout well below the account limit it shares with your own
 * automation), the store, Slack as the secret says right now, and the control-plane services.
 */
export async function route53Run(setup: LambdaSetup, deadline: () => number) {
  const r53 = setup.config.route53;
  if (!r53)
    throw new ConfigError('LOOKOUT_CONFIG has no route53 section: there are no hosted zones to watch');
  adapter ??= new Route53Adapter(
    new Route53Client({ region: 'us-east-1' }),
    new RateLimiter(r53.requestsPerSecond, r53.burst),
  );
  const { store } = containerOf(setup.env);
  const slack = await slackFor(setup, deadline);
  const now = () => new Date();
  const services = createRoute53Services({
    store,
    config: setup.config,
    adapter,
    log,
    now,
    ...(slack ? { slackChannel: slack.channel } : {}),
  });
  return {
    ...services,
    r53,
    adapter,
    changeHistory: changeHistory as ChangeHistoryClient,
    store,
    slack,
    now,
  };
}
