import type { HealthClient } from '@aws-sdk/client-health';
import type { Log } from '../../ports/log.js';
import { activeHealthRegion, type CnameResolver, otherHealthRegion } from './active-endpoint.js';
import { errorText, isEndpointError } from './health-api-errors.js';

/** What the poller needs of an SDK client: `send`. */
export type HealthApiClient = Pick<HealthClient, 'send'>;

/** Builds (or hands back) the client for one region's endpoint; made in lambda/app/health-clients.ts. */
export type HealthClientFactory = (region: string) => HealthApiClient;

export interface HealthEndpointDeps {
  clientFor: HealthClientFactory;
  resolveCname: CnameResolver;
  log: Log;
}

/**
 * The Health API for one poll: the active region found through DNS on first use, and one failover to
 * the other region when its endpoint fails (503 from the passive side, a dropped connection, a
 * signature for the wrong region). One per poll, so every poll starts from what DNS says now and a
 * poll never bounces between the two.
 */
export class HealthEndpoint {
  private region: string | undefined;
  private failedOver: { from: string; to: string; reason: string } | undefined;

  constructor(private readonly deps: HealthEndpointDeps) {}

  /** Runs one API call at the active endpoint, failing over once on an endpoint error. */
  async call<T>(operation: string, send: (client: HealthApiClient) => Promise<T>): Promise<T> {
    const region = this.region ?? (await this.resolve());
    try {
      return await send(this.deps.clientFor(region));
    } catch (error) {
      if (this.failedOver || !isEndpointError(error)) throw error;
      // DNS may already name the new active region; when it still names the failing one (its TTL, or
      // AWS has not switched it yet), the other region is the only other place to ask.
      const resolved = await activeHealthRegion(this.deps.resolveCname, this.deps.log);
      const to = resolved !== region ? resolved : otherHealthRegion(region);
      this.failedOver = { from: region, to, reason: errorText(error) };
      this.region = to;
      this.deps.log.warn(
        `AWS Health API endpoint in ${region} failed on ${operation}: failing over to ${to}`,
        {
          error,
        },
      );
      return send(this.deps.clientFor(to));
    }
  }

  /** The region asked last (undefined before the first call). */
  get activeRegion(): string | undefined {
    return this.region;
  }

  /** The failover this poll made, if any. */
  get failover(): { from: string; to: string; reason: string } | undefined {
    return this.failedOver;
  }

  private async resolve(): Promise<string> {
    this.region = await activeHealthRegion(this.deps.resolveCname, this.deps.log);
    return this.region;
  }
}
