import { Resolver } from 'node:dns/promises';
import { HealthClient, type HealthClientConfig } from '@aws-sdk/client-health';
import type { Log } from '../ports/log.js';
import type { CnameResolver } from '../sources/health/active-endpoint.js';
import { HealthEndpoint } from '../sources/health/health-endpoint.js';

/**
 * The SDK's standard retry (3 attempts, backoff with jitter, its retry quota) is the one retry layer for
 * throttling and a transient 5xx or reset: these are reads, safe to repeat. Lookout adds only what the SDK
 * cannot do — one failover to the other region per poll, after the SDK has given up on an endpoint — so
 * a passive endpoint costs 3 quick requests, not 3 × Lookout's own tries.
 */
export const HEALTH_MAX_ATTEMPTS = 3;

export interface HealthClientsOptions {
  /** Endpoints other than AWS's, per region (the emulator's `endpointMap()`). */
  endpoints?: Partial<Record<string, string>>;
  /** Static keys or a provider; none = the SDK's default chain. */
  credentials?: HealthClientConfig['credentials'];
  /** DNS server(s) for `global.health.amazonaws.com` (`host:port`); none = the system's. */
  dnsServers?: string[];
  /** Resolves the CNAME itself (overrides `dnsServers`). */
  resolveCname?: CnameResolver;
  maxAttempts?: number;
}

export interface HealthClients {
  /** A fresh endpoint for one poll: active region through DNS, one failover. */
  endpoint(log: Log): HealthEndpoint;
  /** Ends the clients' keep-alive sockets. */
  destroy(): void;
}

/**
 * The one place Lookout makes AWS Health clients: one per region (us-east-1, us-east-2), each signed
 * for its own region — never `aws-global`, which signs for us-east-1 and is refused after AWS fails over
 * to us-east-2. Which one is asked is decided per poll from `global.health.amazonaws.com`'s CNAME.
 */
export function createHealthClients(options: HealthClientsOptions = {}): HealthClients {
  const clients = new Map<string, HealthClient>();
  const clientFor = (region: string): HealthClient => {
    let client = clients.get(region);
    if (!client) {
      const endpoint = options.endpoints?.[region];
      client = new HealthClient({
        region,
        maxAttempts: options.maxAttempts ?? HEALTH_MAX_ATTEMPTS,
        ...(endpoint ? { endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
      clients.set(region, client);
    }
    return client;
  };
  const resolveCname = options.resolveCname ?? cnameResolver(options.dnsServers);
  return {
    endpoint: (log) => new HealthEndpoint({ clientFor, resolveCname, log }),
    destroy: () => {
      for (const client of clients.values()) client.destroy();
    },
  };
}

function cnameResolver(servers: string[] | undefined): CnameResolver {
  const resolver = new Resolver();
  if (servers?.length) resolver.setServers(servers);
  return (name) => resolver.resolveCname(name);
}
