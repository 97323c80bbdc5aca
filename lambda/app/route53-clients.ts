import { Route53Client, type Route53ClientConfig } from '@aws-sdk/client-route-53';
import { ChangeHistoryClient } from '../sources/route53/change-history-client.js';
import { RateLimiter } from '../sources/route53/rate-limiter.js';
import { Route53Adapter } from '../sources/route53/route53-adapter.js';

export interface Route53ClientsOptions {
  /** A Route 53 API other than AWS's (the emulator: LOOKOUT_ROUTE53_ENDPOINT or --endpoint). */
  endpoint?: string | undefined;
  /** Lookout's share of the account's Route 53 budget; none = unpaced (a one-off command). */
  pace?: { requestsPerSecond: number; burst: number };
  /** Static keys or a provider; none = the SDK's default chain (profile, env, SSO, role). */
  credentials?: Route53ClientConfig['credentials'];
  /** An SDK client already made (tests inject one that talks to the emulator). */
  client?: Route53Client;
}

/** The Route 53 side of every flow: one SDK client, and the adapter and Change History reader over it. */
export interface Route53Clients {
  client: Route53Client;
  adapter: Route53Adapter;
  history: ChangeHistoryClient;
  /** The pace both share, when paced. */
  limiter?: RateLimiter;
  /** Ends the SDK client's keep-alive sockets, so a CLI command exits at once. */
  destroy(): void;
}

/**
 * The one place Lookout makes a Route 53 client. Route 53's API is global and signs in us-east-1
 * whatever region the profile names; the adapter and Change History share one rate limiter, so
 * Lookout stays below the account limit it shares with the customer's own automation.
 */
export function createRoute53Clients(options: Route53ClientsOptions = {}): Route53Clients {
  const client =
    options.client ??
    new Route53Client({
      region: 'us-east-1',
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
    });
  const limiter = options.pace
    ? new RateLimiter(options.pace.requestsPerSecond, options.pace.burst)
    : undefined;
  return {
    client,
    adapter: new Route53Adapter(client, limiter),
    history: ChangeHistoryClient.fromRoute53Client(client, {
      ...(limiter ? { limiter } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    }),
    ...(limiter ? { limiter } : {}),
    destroy: () => client.destroy(),
  };
}
