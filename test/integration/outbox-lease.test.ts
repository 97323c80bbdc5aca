import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { localLeaseOwner } from '../../bin/support/local-lease.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { TimelineKind } from '../../lambda/domain/incident.js';
import type { Deliverer } from '../../lambda/ports/deliverer.js';
import { deliverOutbox } from '../../lambda/service/outbox-delivery.js';
import { createSlackClient } from '../../lambda/slack/client.js';
import { OutboxSender, type SlackPort } from '../../lambda/slack/outbox-sender.js';
import { SlackPoster } from '../../lambda/slack/slack-poster.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';
import { forwardingPort, recordingLog, timelineEntryMaker } from '../support/slack-fixtures.js';

/** The outbox lease: a dead local predecessor is taken over at once, a live one waited for, a Lambda's bounded. */

const TOKEN = 'xoxb-test-token';
const CHANNEL = 'C0ALERTS';
const T0 = Date.parse('2023-11-14T22:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();
const runbooks = loadRunbooks({ env: {} });
const LOCAL_LEASE = pathToFileURL(resolve('bin/support/local-lease.ts')).href;

const entry = timelineEntryMaker({ at });

/**
 * Another local `lookout start` of `dir`: a separate process that builds its outbox lease owner exactly
 * as the CLI does and prints the id, then lives until `stop()` (its stdin closes) or `kill9()`.
 */
async function localLookoutProcess(
  dir: string,
): Promise<{ id: string; child: ChildProcess; stop(): Promise<void>; kill9(): Promise<void> }> {
  const script = [
    `const { localLeaseOwner } = await import(${JSON.stringify(LOCAL_LEASE)});`,
    `process.stdout.write(localLeaseOwner(process.argv[1]).id + '\\n');`,
    'process.stdin.resume();',
    "process.stdin.on('end', () => process.exit(0));",
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, dir], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const line = await Promise.race([
    once(createInterface({ input: child.stdout as NodeJS.ReadableStream }), 'line').then(
      ([l]) => l as string,
    ),
    exited.then(([code]) => Promise.reject(new Error(`the lease-owner process exited (${code}) first`))),
  ]);
  return {
    id: line,
    child,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin?.end();
        await exited;
      }
    },
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

describe('Function: deliverOutbox leases (FakeSlack + dynalite)', () => {
  let t: TestStore;
  let slack: FakeSlack;
  let dir: string;
  let log: ReturnType<typeof recordingLog>;
  let nowMs: number;
  const now = () => new Date(nowMs);
  const children: { stop(): Promise<void> }[] = [];

  beforeEach(async () => {
    t = await startTestStore();
    slack = await new FakeSlack({ channels: [CHANNEL], rateLimit: false }).start();
    dir = await mkdtemp(join(tmpdir(), 'lookout-lease-'));
    log = recordingLog();
    nowMs = T0 + 10 * 60_000;
  });
  afterEach(async () => {
    for (const child of children.splice(0)) await child.stop();
    await slack.stop();
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  function sender(port?: SlackPort): OutboxSender {
    const poster = new SlackPoster(
      createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }),
    );
    return new OutboxSender({
      outbox: t.store.outbox,
      incidents: t.store.incidents,
      slack: port ?? poster,
      runbooks,
      now: now,
      log: log,
    });
  }

  async function seed(id: string, kinds: TimelineKind[]): Promise<void> {
    await t.store.incidents.create(
      incidentFixture({ id, channel: CHANNEL, openedAt: at(0), facts: { baseline: 8 } }),
    );
    for (const [i, kind] of kinds.entries()) {
      const e = entry(id, i, kind);
      await t.store.incidents.appendTimeline(e);
      await t.store.outbox.enqueue(CHANNEL, e, now().toISOString());
    }
  }

  it('takes the lease over at once from a local Lookout of the same data directory that was killed', async () => {
    // Before fb984a8 a `lookout start` restarted after kill -9 found its own dead predecessor's lease
    // and waited it out (90 s) before posting anything.
    const dead = await localLookoutProcess(dir);
    children.push(dead);
    await dead.kill9();
    expect(await t.store.leases.acquire('outbox', dead.id, nowMs, 90_000)).toBe(true);
    await seed('inc-restart', ['OPENED']);
    const owner = localLeaseOwner(dir);
    // A dead Lookout of another data directory is not provably this one's predecessor.
    expect(localLeaseOwner(join(dir, 'other')).isStale?.(dead.id)).toBe(false);

    expect(await deliverOutbox(t.store, sender(), { owner, now, log })).toMatchObject({ sent: 1, failed: 0 });

    expect(slack.roots(CHANNEL)).toHaveLength(1);
    const tookOver = log.lines.filter((l) => l.message.includes('took over'));
    expect(tookOver).toEqual([expect.objectContaining({ level: 'warn', extra: { previous: dead.id } })]);
    expect(await t.store.leases.holder('outbox')).toBeUndefined();
  });

  it('waits for a live holder and says so once over two deliveries', async () => {
    // Before fb984a8 a blocked delivery only logged at debug level: the terminal said nothing about
    // why no message reached Slack. (And a live holder must never be taken over: that would double-post.)
    const live = await localLookoutProcess(dir);
    children.push(live);
    expect(await t.store.leases.acquire('outbox', live.id, nowMs, 90_000)).toBe(true);
    await seed('inc-held', ['OPENED']);
    const owner = localLeaseOwner(dir);

    // Held elsewhere, so a run that stays up knows to ask again soon (probe-invocation.ts).
    const none = { sent: 0, retried: 0, failed: 0, heldElsewhere: true };
    expect(await deliverOutbox(t.store, sender(), { owner, now, log })).toEqual(none);
    expect(await deliverOutbox(t.store, sender(), { owner, now, log })).toEqual(none);

    expect(slack.messages).toEqual([]);
    expect((await t.store.outbox.listPending(10)).map((p) => p.status)).toEqual(['pending']);
    expect((await t.store.leases.holder('outbox'))?.owner).toBe(live.id);
    const said = log.lines.filter((l) => l.level !== 'debug' && l.message.includes('Slack delivery waits'));
    expect(said).toEqual([expect.objectContaining({ level: 'warn', extra: { holder: live.id } })]);
    expect(log.lines.filter((l) => l.message.includes('took over'))).toEqual([]);
  });

  it('says it as info, not a warning, when a Lambda run finds another run holding the outbox (a run ending as the next starts)', async () => {
    expect(await t.store.leases.acquire('outbox', 'probe-run-ending', nowMs, 30_000)).toBe(true);
    await seed('inc-overlap', ['OPENED']);

    const held = await deliverOutbox(t.store, sender(), {
      owner: 'probe-run-starting',
      now,
      log,
      deadline: () => nowMs + 60_000,
    });

    expect(held).toMatchObject({ sent: 0, heldElsewhere: true });
    const said = log.lines.filter((l) => l.message.includes('Slack delivery waits'));
    expect(said).toEqual([expect.objectContaining({ level: 'info', extra: { holder: 'probe-run-ending' } })]);
  });

  it('with a deadline, holds the lease only a few seconds past it and starts no item after the lease ends', async () => {
    // Before fb984a8 a Lambda took the lease for a fixed 90 s whatever its deadline (a run that died
    // blocked the next ones longer than it could have lived), and the flush had no `until`: it kept
    // starting items for as long as the sender's own deadline allowed.
    await seed('inc-lambda', ['OPENED', 'NOTE', 'NOTE']);
    const start = nowMs;
    const deadline = start + 20_000;
    const postsStartedAt: number[] = [];
    const real = new SlackPoster(
      createSlackClient(TOKEN, { slackApiUrl: slack.url, logLevel: LogLevel.ERROR }),
    );
    /** Each post takes 15 s on the injected clock. */
    const slow = forwardingPort(real, {
      postRoot: async (c, m, k) => {
        postsStartedAt.push(nowMs);
        const posted = await real.postRoot(c, m, k);
        nowMs += 15_000;
        return posted;
      },
      postReply: async (c, ts, m, k) => {
        postsStartedAt.push(nowMs);
        const posted = await real.postReply(c, ts, m, k);
        nowMs += 15_000;
        return posted;
      },
    });
    const inner = sender(slow);
    const seen: { until?: number; lease?: { owner: string; expiresAtMs: number } } = {};
    const deliverer: Deliverer = {
      flush: async (options) => {
        seen.until = options?.until;
        seen.lease = await t.store.leases.holder('outbox');
        return inner.flush(options);
      },
    };

    const result = await deliverOutbox(t.store, deliverer, {
      owner: 'lambda-run-1',
      now,
      log,
      deadline: () => deadline,
    });

    expect(result).toMatchObject({ sent: 2, retried: 0, failed: 0 });
    expect(seen.lease?.owner).toBe('lambda-run-1');
    // Times on the injected clock, not measured ones.
    const leaseEnd = seen.lease?.expiresAtMs as number;
    expect(leaseEnd).toBeGreaterThanOrEqual(deadline);
    // Past the deadline only by what a Slack call begun just before it may take (the client's 10 s timeout
    // and a margin); the handlers stop 15 s before the invocation ends, so the lease ends inside it.
    expect(leaseEnd).toBeLessThanOrEqual(deadline + 12_000);
    expect(seen.until).toBeLessThanOrEqual(leaseEnd);
    expect(postsStartedAt).toEqual([start, start + 15_000]);
    for (const started of postsStartedAt) expect(started).toBeLessThan(seen.until as number);
    // The third item would have started at +30 s, past the lease: it waits for the next run.
    expect((await t.store.outbox.listPending(10)).map((p) => p.entry.entryId)).toEqual(['e02']);
    expect(slack.messages).toHaveLength(2);
    expect(await t.store.leases.holder('outbox')).toBeUndefined();
  });

  it('extends the lease while a local flush is still delivering, and releases it when the flush ends', async () => {
    // Before, a local lease ran out after 90 s even while its flush was still waiting out Retry-Afters:
    // another Lookout of the same directory could then take it and send the same channel.
    let finish: () => void = () => {};
    const running = new Promise<void>((resolve) => {
      finish = resolve;
    });
    let flushing: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      flushing = resolve;
    });
    const deliverer: Deliverer = {
      flush: async () => {
        flushing();
        await running;
        return { sent: 0, retried: 0, failed: 0 };
      },
    };
    const delivery = deliverOutbox(t.store, deliverer, { owner: 'local-run', now, log, renewEveryMs: 5 });
    await started;
    const first = (await t.store.leases.holder('outbox'))?.expiresAtMs as number;

    nowMs += 80_000; // most of the 90 s lease has passed on the injected clock
    await vi.waitFor(async () =>
      expect((await t.store.leases.holder('outbox'))?.expiresAtMs).toBe(nowMs + 90_000),
    );
    expect(nowMs + 90_000).toBeGreaterThan(first);

    finish();
    await delivery;
    expect(await t.store.leases.holder('outbox')).toBeUndefined();
  });

  it('keeps the lease for a second flush of the same owner that starts while the first is releasing it', async () => {
    // Found by the review of the calm work: the last flush forgot its hold, then released the lease; a
    // flush of the same owner starting in between took the lease (its own) and went on sending after
    // the release had deleted it, so another run could take the outbox and send the same channel.
    const release = t.store.leases.release.bind(t.store.leases);
    let releasing: () => void = () => {};
    const releaseAsked = new Promise<void>((resolve) => {
      releasing = resolve;
    });
    let letRelease: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      letRelease = resolve;
    });
    t.store.leases.release = async (name, owner) => {
      releasing();
      await released;
      return release(name, owner);
    };
    let finishSecond: () => void = () => {};
    const secondRuns = new Promise<void>((resolve) => {
      finishSecond = resolve;
    });
    let secondStarted: () => void = () => {};
    const secondFlushing = new Promise<void>((resolve) => {
      secondStarted = resolve;
    });
    const quick: Deliverer = { flush: async () => ({ sent: 0, retried: 0, failed: 0 }) };
    const slow: Deliverer = {
      flush: async () => {
        secondStarted();
        await secondRuns;
        return { sent: 0, retried: 0, failed: 0 };
      },
    };

    const first = deliverOutbox(t.store, quick, { owner: 'local-run', now, log });
    await releaseAsked;
    const second = deliverOutbox(t.store, slow, { owner: 'local-run', now, log });
    letRelease();
    await first;
    await secondFlushing;

    expect((await t.store.leases.holder('outbox'))?.owner).toBe('local-run');
    finishSecond();
    await second;
    expect(await t.store.leases.holder('outbox')).toBeUndefined();
  });
});
