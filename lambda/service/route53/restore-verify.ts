import { normalizeDnsName } from '../../domain/dns-name.js';
import { RECORD_TYPES, type RecordType } from '../../domain/observation.js';
import { dnsTargetIdOf, type RecordSetContent, type RecordSetKey } from '../../domain/route53/record-set.js';
import type { Log } from '../../ports/log.js';
import type { Prober } from '../../ports/prober.js';
import type { Route53Writer } from '../../ports/route53.js';
import { type ResolverCheck, restoreDefaults } from './restore-types.js';

const TEST_DNS_ANSWER = 'route53:TestDNSAnswer';

export interface RestoreVerifierOptions {
  adapter: Route53Writer;
  /** Asks `resolvers`; none (or a type it cannot ask) → Route 53's TestDNSAnswer. */
  probe: Prober | undefined;
  resolvers?: string[];
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  log: Log;
  pollMs?: number;
  insyncTimeoutMs?: number;
  verifyTimeoutMs?: number;
}

export type InsyncWait = { ok: true; afterMs: number } | { ok: false; text: string };

/** After a restore is submitted: waits for INSYNC, then checks DNS answers with the restored values. */
export class RestoreVerifier {
  constructor(private readonly options: RestoreVerifierOptions) {}

  async waitInsync(changeId: string, submitStatus: string, submittedAt: number): Promise<InsyncWait> {
    const timeoutMs = this.options.insyncTimeoutMs ?? restoreDefaults.insyncTimeoutMs;
    const pollMs = this.options.pollMs ?? restoreDefaults.pollMs;
    let status = submitStatus;
    let lastError: string | undefined;
    for (;;) {
      if (status === 'INSYNC') return { ok: true, afterMs: this.options.now().getTime() - submittedAt };
      if (this.options.now().getTime() - submittedAt >= timeoutMs) {
        return {
          ok: false,
          text: `restore: change ${changeId} still ${status} after ${Math.round(timeoutMs / 1000)} s${lastError ? ` (last GetChange error: ${lastError})` : ''}; it stays submitted, but the restore is not verified`,
        };
      }
      await this.options.sleep(pollMs);
      try {
        status = await this.options.adapter.getChangeStatus(changeId);
      } catch (error) {
        // The change is submitted whatever GetChange says: keep asking until the deadline.
        lastError = (error as Error).message;
        this.options.log.warn('GetChange failed', { changeId, error });
      }
    }
  }

  /** Asks until every resolver answers as expected, or the verification time is up. */
  async verify(key: RecordSetKey, good: RecordSetContent): Promise<ResolverCheck[]> {
    const deadline =
      this.options.now().getTime() + (this.options.verifyTimeoutMs ?? restoreDefaults.verifyTimeoutMs);
    const pollMs = this.options.pollMs ?? restoreDefaults.pollMs;
    for (;;) {
      const checks = await this.checkOnce(key, good);
      if (checks.every((c) => c.ok) || this.options.now().getTime() >= deadline) return checks;
      await this.options.sleep(pollMs);
    }
  }

  private async checkOnce(key: RecordSetKey, good: RecordSetContent): Promise<ResolverCheck[]> {
    const expected = expectationOf(good);
    const resolvers = this.options.resolvers ?? [];
    const probe = this.options.probe;
    if (probe && resolvers.length && isProbeType(key.type)) {
      const observation = await probe.probe({
        id: dnsTargetIdOf(key),
        name: key.name,
        type: key.type,
        mode: 'exact',
        resolvers,
      });
      return observation.outcomes.map((o) =>
        judge(o.resolver, key.type, o.kind === 'ANSWER' ? o.values : [], expected, o.kind, o.detail),
      );
    }
    try {
      const answer = await this.options.adapter.testDnsAnswer(key.zoneId, key.name, key.type);
      const resolver = resolvers.length
        ? `${TEST_DNS_ANSWER} (the DNS probe asks A, AAAA, CNAME, TXT only)`
        : TEST_DNS_ANSWER;
      return [judge(resolver, key.type, answer.values, expected, answer.responseCode)];
    } catch (error) {
      return [
        {
          resolver: TEST_DNS_ANSWER,
          ok: false,
          values: [],
          detail: `could not ask (${(error as Error).message}); pass resolvers to verify a private zone`,
        },
      ];
    }
  }
}

interface Expectation {
  /** `exact`: the answer is these values; `includes`: they are among the answer; `answers`: any answer. */
  mode: 'exact' | 'includes' | 'answers';
  values: string[];
}

/**
 * A simple record answers exactly its values. A weighted (weight > 0) or multivalue member is one of
 * several merged into the answer; failover, latency and geolocation members and aliases answer what
 * Route 53 picks, so only an answer is asked for.
 */
function expectationOf(good: RecordSetContent): Expectation {
  const values = good.values.map((v) => normalizeValue(good.key.type, v)).sort();
  if (good.alias) return { mode: 'answers', values };
  if (good.key.setIdentifier === undefined) return { mode: 'exact', values };
  if ((good.weight ?? 0) > 0 || good.multiValueAnswer) return { mode: 'includes', values };
  return { mode: 'answers', values };
}

function judge(
  resolver: string,
  type: string,
  answered: readonly string[],
  expected: Expectation,
  kind: string,
  detail?: string,
): ResolverCheck {
  const values = [...new Set(answered.map((v) => normalizeValue(type, v)))].sort();
  const ok =
    values.length > 0 &&
    (expected.mode === 'answers' ||
      (expected.mode === 'includes' && expected.values.every((v) => values.includes(v))) ||
      (expected.mode === 'exact' &&
        values.length === expected.values.length &&
        values.every((v, i) => v === expected.values[i])));
  const shown = values.length ? values.join(', ') : `${kind}${detail ? ` (${detail})` : ''}`;
  return {
    resolver,
    ok,
    values,
    detail: ok ? shown : `${shown} (expected ${expected.values.join(', ') || 'an answer'})`,
  };
}

/** Route 53's value text and a DNS answer's, made comparable (quotes of TXT, case and dot of names). */
function normalizeValue(type: string, value: string): string {
  if (type === 'TXT') {
    const quoted = [...value.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) =>
      (m[1] ?? '').replace(/\\(.)/g, '$1'),
    );
    return quoted.length ? quoted.join('') : value;
  }
  if (type === 'AAAA') {
    try {
      return new URL(`http://[${value}]/`).hostname.slice(1, -1);
    } catch {
      return value.toLowerCase();
    }
  }
  return normalizeDnsName(value);
}

function isProbeType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}
