import { DemoDnsServer } from '../dns/dns-server.js';
import { DEFAULT_ACCOUNT_ID } from '../route53/identity.js';
import { AccountRateLimiter, type ThrottlingOptions } from '../route53/throttling.js';
import { type HealthFault, HealthFaultQueue } from './faults.js';
import { HealthEndpoint } from './http-server.js';
import { PageTokens } from './pagination.js';
import {
  HEALTH_REGIONS,
  type HealthRegion,
  type HealthRequestLogEntry,
  HealthService,
  type PassiveAnswer,
} from './service.js';
import { HealthStore, type PublishedHealthEvent } from './state.js';

/** The name AWS documents for finding the active endpoint. */
export const GLOBAL_HEALTH_NAME = 'global.health.amazonaws.com';

export interface FakeHealthOptions {
  host?: string;
  /** The region whose endpoint is active at start (default `us-east-1`, AWS's default configuration). */
  activeRegion?: HealthRegion;
  /** How the passive endpoint answers (default `unavailable`: HTTP 503; see the README's guesses). */
  passiveAnswer?: PassiveAnswer;
  /** The account unregistered access keys belong to (default 123456789012). */
  defaultAccountId?: string;
  /** A token bucket per account, `{ burst, perSecond }`; off unless given (AWS publishes no rate). */
  throttling?: ThrottlingOptions | false;
  /** The token bucket's clock in milliseconds (default `performance.now`): tests refill it by moving it. */
  throttlingClock?: () => number;
  /** The clock that stamps `lastUpdatedTime` when `publish` gives none (default `new Date()`). */
  clock?: () => Date;
  /**
   * Serve `global.health.amazonaws.com` as a CNAME to the active endpoint's name over DNS: `true`
   * starts a DNS server for the `health.amazonaws.com` zone; a DemoDnsServer already serving a zone
   * that holds the name is updated in place.
   */
  dns?: boolean | DemoDnsServer;
  /** TTL of that CNAME in seconds (default 60). */
  dnsTtl?: number;
}

/**
 * AWS Health's API on loopback for the real `@aws-sdk/client-health` (AWS JSON 1.1, endpoint
 * override): both regional endpoints, one active and one passive, with `global.health.amazonaws.com`'s
 * CNAME, the events AWS posts (`publish`), opaque pagination, the support-plan switch, per-account
 * throttling, faults and a request log.
 *
 * @example
 * const health = new FakeHealth();
 * await health.start();
 * health.publish({ arn, service: 'DYNAMODB', typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
 *   category: 'issue', region: 'us-east-1', description: 'Increased error rates' });
 * const client = new HealthClient({ region: health.activeRegion,
 *   endpoint: health.endpointFor(health.activeRegion), credentials });
 */
export class FakeHealth {
  private readonly store: HealthStore;
  private readonly limiter: AccountRateLimiter;
  private readonly faults = new HealthFaultQueue();
  private readonly endpoints: Map<HealthRegion, HealthEndpoint>;
  private readonly accounts = new Map<string, string>();
  private everyoneSubscribed = true;
  private readonly subscriptions = new Map<string, boolean>();
  private readonly log: HealthRequestLogEntry[] = [];
  private readonly requestListeners = new Set<(entry: HealthRequestLogEntry) => void>();
  private readonly defaultAccountId: string;
  private active: HealthRegion;
  private passive: PassiveAnswer;
  private readonly dnsServer: DemoDnsServer | undefined;
  private readonly ownsDns: boolean;

  constructor(private readonly options: FakeHealthOptions = {}) {
    this.defaultAccountId = options.defaultAccountId ?? DEFAULT_ACCOUNT_ID;
    this.active = options.activeRegion ?? 'us-east-1';
    this.passive = options.passiveAnswer ?? 'unavailable';
    this.store = new HealthStore(this.defaultAccountId, options.clock ?? (() => new Date()));
    this.limiter = new AccountRateLimiter(options.throttling ?? false, options.throttlingClock);
    const service = new HealthService({
      store: this.store,
      tokens: new PageTokens(),
      limiter: this.limiter,
      faults: this.faults,
      activeRegion: () => this.active,
      passiveAnswer: () => this.passive,
      subscribed: (accountId) => this.subscriptions.get(accountId) ?? this.everyoneSubscribed,
      accountOf: (accessKeyId) => (accessKeyId && this.accounts.get(accessKeyId)) || this.defaultAccountId,
      record: (entry) => {
        this.log.push(entry);
        for (const listener of this.requestListeners) listener(entry);
      },
    });
    this.endpoints = new Map(HEALTH_REGIONS.map((region) => [region, new HealthEndpoint(region, service)]));
    this.ownsDns = options.dns === true;
    this.dnsServer =
      options.dns instanceof DemoDnsServer
        ? options.dns
        : options.dns === true
          ? new DemoDnsServer({
              zones: ['health.amazonaws.com'],
              ...(options.host ? { host: options.host } : {}),
            })
          : undefined;
  }

  /** Starts both regional endpoints (and the DNS server when it owns one). */
  async start(): Promise<{ endpoints: Record<HealthRegion, string>; dnsAddress: string | undefined }> {
    for (const endpoint of this.endpoints.values()) await endpoint.start(this.options.host);
    if (this.ownsDns) await this.dnsServer?.start();
    this.publishCname();
    return { endpoints: this.endpointMap(), dnsAddress: this.dnsServer?.address };
  }

  async stop(): Promise<void> {
    await Promise.all([...this.endpoints.values()].map((endpoint) => endpoint.stop()));
    if (this.ownsDns) await this.dnsServer?.stop();
  }

  /** The SDK endpoint standing for `health.<region>.amazonaws.com`. */
  endpointFor(region: HealthRegion): string {
    return this.endpoints.get(region)?.endpoint ?? '';
  }

  endpointMap(): Record<HealthRegion, string> {
    return { 'us-east-1': this.endpointFor('us-east-1'), 'us-east-2': this.endpointFor('us-east-2') };
  }

  get activeRegion(): HealthRegion {
    return this.active;
  }

  /** What `global.health.amazonaws.com` is a CNAME to now. */
  cnameTarget(): string {
    return `health.${this.active}.amazonaws.com`;
  }

  /** `host:port` of the DNS server answering for `global.health.amazonaws.com`, when one is wired. */
  get dnsAddress(): string | undefined {
    return this.dnsServer?.address;
  }

  /** AWS fails over: the other endpoint becomes passive and the global name's CNAME follows. */
  setActiveRegion(region: HealthRegion): void {
    this.active = region;
    this.publishCname();
  }

  setPassiveAnswer(answer: PassiveAnswer): void {
    this.passive = answer;
  }

  /** `false`: the account (default: every account) has no Business-level support plan. */
  setSubscription(subscribed: boolean, accountId?: string): void {
    if (accountId) {
      this.subscriptions.set(accountId, subscribed);
      return;
    }
    this.everyoneSubscribed = subscribed;
    this.subscriptions.clear();
  }

  /** `{ burst, perSecond }` per account, or `false` to turn throttling off. */
  setThrottling(options: ThrottlingOptions | false): void {
    this.limiter.configure(options);
  }

  /** Requests signed with `accessKeyId` act as `accountId`. */
  registerAccount(accessKeyId: string, accountId: string): void {
    this.accounts.set(accessKeyId, accountId);
  }

  /** Creates or updates an event (see PublishedHealthEvent); returns its new `lastUpdatedTime`. */
  publish(event: PublishedHealthEvent): Date {
    return this.store.publish(event).lastUpdatedTime;
  }

  /** Forgets every event. */
  clearEvents(): void {
    this.store.clear();
  }

  /** Queues a fault for the next matching request(s). */
  failNext(fault: HealthFault): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Every request served, on either endpoint, in arrival order. */
  get requestLog(): readonly HealthRequestLogEntry[] {
    return this.log;
  }

  /** Calls `listener` with each request once answered (a test moves the throttling clock on a refusal). */
  onRequest(listener: (entry: HealthRequestLogEntry) => void): () => void {
    this.requestListeners.add(listener);
    return () => this.requestListeners.delete(listener);
  }

  private publishCname(): void {
    if (!this.dnsServer?.address && this.ownsDns) return;
    this.dnsServer?.setRecords(GLOBAL_HEALTH_NAME, 'CNAME', [this.cnameTarget()], this.options.dnsTtl ?? 60);
  }
}
