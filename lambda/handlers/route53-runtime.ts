import { Route53Client } from '@aws-sdk/client-route-53';
import { createRoute53Services } from '../app/route53.js';
import { ConfigError } from '../config/errors.js';
import { ChangeHistoryClient } from '../sources/route53/change-history-client.js';
import { RateLimiter } from '../sources/route53/rate-limiter.js';
import { Route53Adapter } from '../sources/route53/route53-adapter.js';
import { containerOf, type LambdaSetup, log, slackFor } from './lambda-runtime.js';

let clients: { adapter: Route53Adapter; history: ChangeHistoryClient } | undefined;

/**
 * The Route 53 side of a run: one rate-limited adapter and Change History client per container (Route
 * 53's API is global, served from us-east-1; the limiter keeps Lookout well below the account limit it
 * shares with your own automation), the store, Slack as the secret says right now, and the
 * control-plane services.
 */
export async function route53Run(setup: LambdaSetup, deadline: () => number) {
  const r53 = setup.config.route53;
  if (!r53) throw new ConfigError('the config has no route53 section: there are no hosted zones to watch');
  if (!clients) {
    const client = new Route53Client({ region: 'us-east-1' });
    const limiter = new RateLimiter(r53.requestsPerSecond, r53.burst);
    clients = {
      adapter: new Route53Adapter(client, limiter),
      history: ChangeHistoryClient.fromRoute53Client(client, { limiter }),
    };
  }
  const { adapter, history } = clients;
  const { store } = containerOf(setup.env);
  const slack = await slackFor(setup, deadline);
  const now = () => new Date();
  // Known from the config even while Slack is off: incidents queue for it and post once a token is set.
  const alertChannel = setup.config.slack.channel;
  const channel = alertChannel ? { slackChannel: alertChannel } : {};
  const services = createRoute53Services({ store, config: setup.config, adapter, log, now, ...channel });
  const pollDeps = {
    changeHistory: { client: history, ingest: services.ingest },
    posture: { adapter, history },
    store,
    writer: services.writer,
    log,
    now,
    ...(alertChannel ? { channel: alertChannel } : {}),
  };
  return { ...services, r53, adapter, store, slack, now, pollDeps };
}
