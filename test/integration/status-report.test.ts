import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StatusPublisher } from '../../bin/support/status-file.js';
import { formatStatus } from '../../bin/support/status-output.js';
import { buildStatus } from '../../bin/support/status-report.js';
import { WatchBoard } from '../../bin/support/watch-board.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import type { ResolverOutcome } from '../../lambda/domain/observation.js';
import type { Target } from '../../lambda/domain/targets.js';
import { silentLog } from '../../lambda/ports/log.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observeEach, target } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';

const RESOLVERS = ['10.0.0.1:53', '10.0.0.2:53'];
const T0 = Date.parse('2026-12-02T02:30:00.000Z');
const ENDPOINT = 'http://127.0.0.1:45678';

const outcome = (resolver: string, kind: 'ANSWER' | 'NXDOMAIN', values: string[] = []): ResolverOutcome =>
  kind === 'ANSWER'
    ? { resolver, kind, values, ttl: 60, rcode: 'NOERROR', latencyMs: 2 }
    : { resolver, kind, values, negativeTtl: 30, rcode: 'NXDOMAIN', latencyMs: 2 };

const healthy = target({
  id: 'www.status.test/A',
  name: 'www.status.test',
  mode: 'exact',
  resolvers: RESOLVERS,
});
const gone = target({
  id: 'api.status.test/A',
  name: 'api.status.test',
  mode: 'exact',
  resolvers: RESOLVERS,
});
const TARGETS = [healthy, gone];

/** What could only be a placeholder in a sentence a person reads. */
const PLACEHOLDER = /undefined|NaN|\?|\[object/;

/** Five rounds through the real service: www keeps answering, api answers twice, then NXDOMAIN (EMPTY). */
async function watchFiveRounds(store: TestStore) {
  let clock = T0;
  const lookout = createProbeApp({
    config: configSchema.parse({
      probe: { resolvers: RESOLVERS },
      targets: TARGETS.map((t) => ({ name: t.name, mode: t.mode })),
    }),
    targets: TARGETS,
    store: store.store,
    prober: {
      probe: async (t: Target) =>
        observeEach(
          new Date(clock),
          t.resolvers.map((r) =>
            t === gone && clock >= T0 + 10_000 ? outcome(r, 'NXDOMAIN') : outcome(r, 'ANSWER', ['192.0.2.7']),
          ),
          t,
        ),
    },
    log: silentLog,
    now: () => new Date(clock),
  });
  const board = new WatchBoard(TARGETS);
  for (let round = 0; round < 5; round++, clock += 5_000) {
    const result = await lookout.round();
    for (const row of result.results) board.observed(row.target, row.observation, row.result.state);
    board.roundFinished(clock + 200, 200);
  }
  return board;
}

describe('Integration: lookout status (status.json, the store, dynalite)', () => {
  let store: TestStore;
  let board: WatchBoard;
  let dir: string;
  const configuredTargets = async () => TARGETS;

  beforeAll(async () => {
    store = await startTestStore();
    board = await watchFiveRounds(store);
    dir = mkdtempSync(join(tmpdir(), 'lookout-status-'));
  });
  afterAll(async () => store.close());

  it('shows the running start’s view: condition, answer per resolver, last probe, open incident', async () => {
    // Prepare
    const run = { pid: 4242, endpoint: ENDPOINT, startedAt: new Date(T0).toISOString(), intervalSeconds: 5 };
    new StatusPublisher(dir, run, silentLog).publish(board);
    // Act
    const report = await buildStatus({
      dataDir: dir,
      store: store.store,
      runningEndpoint: ENDPOINT,
      configuredTargets,
    });
    // Assess
    expect(statSync(join(dir, 'status.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['status.json']);
    expect(report.source).toBe('running');
    expect(report.start).toMatchObject({ pid: 4242, rounds: 5, intervalSeconds: 5 });
    const [www, api] = report.targets;
    expect(www).toMatchObject({
      id: healthy.id,
      condition: 'healthy',
      lastProbeAt: '2026-12-02T02:30:20.000Z',
    });
    expect(www?.answers?.map((a) => [a.resolver, a.kind, a.values])).toEqual([
      ['10.0.0.1:53', 'ANSWER', ['192.0.2.7']],
      ['10.0.0.2:53', 'ANSWER', ['192.0.2.7']],
    ]);
    expect(www?.incident).toBeUndefined();
    expect(api).toMatchObject({ id: gone.id, condition: 'empty', since: '2026-12-02T02:30:10.000Z' });
    expect(api?.incident).toMatchObject({ kind: 'EMPTY', status: 'open' });

    const text = formatStatus(report, new Date(T0 + 21_200));
    expect(text).not.toMatch(PLACEHOLDER);
    expect(text.split('\n')[0]).toBe(
      `lookout start is running on ${dir} (pid 4242, since 2026-12-02 02:30:00 UTC): 5 rounds, last round 2026-12-02 02:30:20 UTC (1 s ago, took 0.2 s), every 5 s`,
    );
    expect(text).toContain('2 targets: 1 healthy, 1 empty');
    expect(text).toContain(
      'api.status.test/A  empty since 2026-12-02 02:30:10 UTC · last probe 2026-12-02 02:30:20 UTC',
    );
    expect(text).toMatch(/ {2}10\.0\.0\.1:53 {2}NXDOMAIN/);
    expect(text).toContain(
      `  incident ${api?.incident?.id}  ${api?.incident?.title} · open · opened 2026-12-02 02:30:15 UTC`,
    );
  });

  it('takes the incident from the store, so an ack made a moment ago shows', async () => {
    // Prepare
    const before = await buildStatus({
      dataDir: dir,
      store: store.store,
      runningEndpoint: ENDPOINT,
      configuredTargets,
    });
    const id = before.targets[1]?.incident?.id as string;
    await pipeline(store.store).commands.acknowledge(id, 'cli:alice');
    // Act
    const after = await buildStatus({
      dataDir: dir,
      store: store.store,
      runningEndpoint: ENDPOINT,
      configuredTargets,
    });
    // Assess
    expect(after.targets[1]?.incident).toMatchObject({ id, status: 'acknowledged' });
  });

  it('withdraws status.json when the start stops, and leaves another start’s alone', async () => {
    // Prepare
    const mine = mkdtempSync(join(tmpdir(), 'lookout-status-'));
    const run = { pid: 4243, endpoint: ENDPOINT, startedAt: new Date(T0).toISOString(), intervalSeconds: 5 };
    const publisher = new StatusPublisher(mine, run, silentLog);
    publisher.publish(board);
    const listedWhileRunning = readdirSync(mine);
    const theirs = mkdtempSync(join(tmpdir(), 'lookout-status-'));
    const stale = new StatusPublisher(theirs, run, silentLog);
    stale.publish(board);
    new StatusPublisher(theirs, { ...run, endpoint: 'http://127.0.0.1:2' }, silentLog).publish(board);
    // Act
    publisher.withdraw();
    stale.withdraw();
    // Assess
    expect(listedWhileRunning).toEqual(['status.json']);
    expect(readdirSync(mine)).toEqual([]);
    expect(readdirSync(theirs)).toEqual(['status.json']);
  });

  it('with no start running, shows what a start killed with -9 saw last, and says so', async () => {
    // Prepare: the file stays when the process is killed before it can withdraw it.
    const killed = mkdtempSync(join(tmpdir(), 'lookout-status-'));
    const run = { pid: 4243, endpoint: ENDPOINT, startedAt: new Date(T0).toISOString(), intervalSeconds: 5 };
    new StatusPublisher(killed, run, silentLog).publish(board);
    // Act
    const report = await buildStatus({ dataDir: killed, store: store.store, configuredTargets });
    // Assess
    expect(report).toMatchObject({ running: false, source: 'last-run' });
    expect(report.targets[0]?.answers).toHaveLength(2);
    const text = formatStatus(report, new Date(T0 + 60_000));
    expect(text).not.toMatch(PLACEHOLDER);
    expect(text.split('\n')[0]).toBe(
      `no lookout start is running on ${killed}; the last one (pid 4243) did not stop cleanly and left what it saw: 5 rounds, last round 2026-12-02 02:30:20 UTC (39 s ago, took 0.2 s)`,
    );
  });

  it('with no view published, falls back to the stored detector state of the configured targets', async () => {
    // Prepare: an empty directory (no status.json), the state the service stored.
    const none = mkdtempSync(join(tmpdir(), 'lookout-status-'));
    // Act
    const report = await buildStatus({ dataDir: none, store: store.store, configuredTargets });
    // Assess
    expect(report.source).toBe('stored');
    expect(report.targets.map((t) => [t.id, t.condition])).toEqual([
      [healthy.id, 'healthy'],
      [gone.id, 'empty'],
    ]);
    expect(report.targets[1]?.lastProbeAt).toBe('2026-12-02T02:30:20.000Z');
    // The stored state keeps each resolver's last answer, so status shows it with no start running.
    expect(report.targets[0]?.answers?.map((a) => a.kind)).toEqual(
      report.targets[0]?.answers?.map(() => 'ANSWER'),
    );
    expect(report.targets[0]?.answers?.length).toBeGreaterThan(0);
    const text = formatStatus(report, new Date(T0 + 60_000));
    expect(text).not.toMatch(PLACEHOLDER);
    expect(text).toContain(`no lookout start is running on ${none}; from the stored detector state`);
  });

  it('ignores a status.json that is not one, or one left by another start, and says why', async () => {
    // Prepare
    const odd = mkdtempSync(join(tmpdir(), 'lookout-status-'));
    writeFileSync(join(odd, 'status.json'), 'not json');
    const stale = mkdtempSync(join(tmpdir(), 'lookout-status-'));
    const run = {
      pid: 1,
      endpoint: 'http://127.0.0.1:1',
      startedAt: new Date(T0).toISOString(),
      intervalSeconds: 5,
    };
    new StatusPublisher(stale, run, silentLog).publish(board);
    // Act
    const garbled = await buildStatus({ dataDir: odd, store: store.store, configuredTargets });
    const fresh = await buildStatus({
      dataDir: stale,
      store: store.store,
      runningEndpoint: ENDPOINT,
      configuredTargets,
    });
    // Assess
    expect(garbled.source).toBe('stored');
    expect(garbled.notes).toEqual([`${join(odd, 'status.json')} is not JSON: ignored`]);
    expect(fresh).toMatchObject({ running: true, source: 'stored' });
    expect(fresh.notes).toEqual([
      'the running lookout start has not published its view yet (it does after each round)',
    ]);
    expect(formatStatus(fresh, new Date(T0))).toContain(`a lookout start is running on ${stale}`);
  });
});
