import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DnsChangeApi, InconsistentPlanStateError, type RecordWriter } from '../../demo/race/change-api.js';
import { DnsPlanner, PlanStore } from '../../demo/race/plans.js';
import { RaceDidNotEmptyError, restore, runRace } from '../../demo/race/run-race.js';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';

const NAME = 'dynamodb.us-east-1.amazonaws.com';

describe('Function: runRace', () => {
  let server: DemoDnsServer;
  let address: string;

  beforeEach(async () => {
    server = new DemoDnsServer({ zones: ['amazonaws.com'] });
    address = await server.start();
  });
  afterEach(() => server.stop());

  it('empties the record because a cleanup deleted the stale plan a delayed enactor had just applied', async () => {
    // Act
    const result = await runRace({ server, name: NAME });

    // Assess: the record is empty on the wire, and the server logged when.
    const outcome = await new WireDnsClient({ timeoutMs: 5_000 }).query(address, NAME, 'A');
    expect(outcome.kind).toBe('NXDOMAIN');
    expect(server.getRecords(NAME, 'A')).toBeUndefined();
    expect(server.emptiedAt(NAME, 'A')).toBe(result.emptied);

    // Assess: the cause, step by step, from the workers' own log.
    const { events, staleGeneration } = result;
    const staleApply = events.findIndex(
      (event) => event.action === 'applied' && event.generation === staleGeneration && event.stale,
    );
    const deletion = events.findIndex(
      (event) => event.action === 'deleted-plan' && event.generation === staleGeneration && event.wasApplied,
    );
    const emptied = events.findIndex((event) => event.action === 'record-emptied');
    expect(staleApply).toBeGreaterThanOrEqual(0);
    expect(deletion).toBeGreaterThan(staleApply);
    expect(emptied).toBeGreaterThan(deletion);
    expect(events[staleApply]?.worker).toBe('enactor-3');
    expect(result.deletedBy).not.toBe('enactor-3');
    // The stale plan overwrote a newer live one, which is what restore() puts back.
    expect(result.lastGoodPlan.generation).toBeGreaterThan(staleGeneration);
    expect(events[staleApply]?.detail).toBe(`over ${result.lastGoodPlan.generation}`);
    // What disappeared from DNS is exactly the stale plan's endpoints.
    expect(result.emptied.before).toEqual(events[staleApply]?.ips);
    expect(result.emptied.after).toEqual([]);
  });

  it('logs each step before what it causes, also when a write answers only after the DNS changed', async () => {
    // Prepare: writes land in DNS at once but answer a few turns later, as Route 53's API does over HTTP.
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
    };
    const writer: RecordWriter = {
      set: async (_worker, values) => {
        server.setRecords(NAME, 'A', values, 60);
        await turns(3);
      },
      clear: async () => {
        server.deleteRecords(NAME, 'A');
        await turns(3);
      },
    };

    // Act
    const { events } = await runRace({ server, writer, name: NAME });

    // Assess: the live plan's deletion before the record's emptying; a plan applied before the delayed
    // enactor's resumption that it waited for.
    const deletion = events.findIndex((e) => e.action === 'deleted-plan' && e.wasApplied);
    const emptied = events.findIndex((e) => e.action === 'record-emptied');
    expect(deletion).toBeGreaterThanOrEqual(0);
    expect(emptied).toBeGreaterThan(deletion);
    const resumed = events.filter((e) => e.action === 'resumed');
    expect(resumed.length).toBeGreaterThan(0);
    for (const resume of resumed) {
      const live = Number(resume.detail?.replace('live is ', ''));
      const applied = events.findIndex((e) => e.action === 'applied' && e.generation === live);
      expect(applied).toBeGreaterThanOrEqual(0);
      expect(applied).toBeLessThan(events.indexOf(resume));
    }
  });

  it('lets restore() put the last good plan back', async () => {
    const result = await runRace({ server, name: NAME });

    restore({ server, name: NAME, plan: result.lastGoodPlan });

    const outcome = await new WireDnsClient({ timeoutMs: 5_000 }).query(address, NAME, 'A');
    expect(outcome.kind).toBe('ANSWER');
    expect(outcome.values).toEqual(result.lastGoodPlan.ips);
    expect(result.lastGoodPlan.ips.length).toBeGreaterThanOrEqual(3);
    expect(result.lastGoodPlan.ips.length).toBeLessThanOrEqual(8);
  });

  it('never empties the record when no enactor is delayed', async () => {
    const changes: string[][] = [];
    server.onChange((change) => changes.push(change.after));

    const attempt = runRace({ server, name: NAME, slowFrom: false, maxGenerations: 25, planIntervalMs: 5 });

    await expect(attempt).rejects.toBeInstanceOf(RaceDidNotEmptyError);
    expect(changes.length).toBeGreaterThan(10);
    expect(changes.every((after) => after.length >= 3)).toBe(true);
    expect(server.getRecords(NAME, 'A')?.values.length).toBeGreaterThanOrEqual(3);
  });

  it('refuses later applies once the live plan is gone, so the record stays empty', async () => {
    // Prepare: plan 2 is live, then deleted under the record, as the cleanup did.
    const store = new PlanStore();
    const planner = new DnsPlanner({ store });
    const api = new DnsChangeApi(server, store, { name: NAME, type: 'A', ttl: 60 });
    planner.publish();
    const live = planner.publish();
    await api.apply(live);
    expect(await api.deletePlan(live.generation)).toEqual({ deleted: true, wasApplied: true });

    // Act
    const next = api.apply(planner.publish());

    // Assess
    await expect(next).rejects.toBeInstanceOf(InconsistentPlanStateError);
    expect(server.getRecords(NAME, 'A')).toBeUndefined();
    expect(await api.deletePlan(1)).toEqual({ deleted: true, wasApplied: false });
  });
});
