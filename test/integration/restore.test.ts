import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RestoreIo, restoreCommand } from '../../bin/commands/restore.js';
import { type LocalStore, openLocalStore } from '../../bin/support/local-store.js';
import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { type AppliedBatch, FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import type { ChangeAction, ControlPlaneChange } from '../../lambda/domain/route53/control-plane-change.js';
import { emptyHistory, versionOfChange, withVersion } from '../../lambda/domain/route53/history.js';
import type { RecordSetKey } from '../../lambda/domain/route53/record-set.js';
import { silentLog } from '../../lambda/ports/log.js';
import {
  NoLastKnownGoodError,
  RestoreConflictError,
  RestoreService,
  type RestoreServiceOptions,
} from '../../lambda/service/route53/restore.js';
import { WireDnsClient } from '../../lambda/sources/dns/wire-client.js';
import { type PageCursor, Route53Adapter } from '../../lambda/sources/route53/route53-adapter.js';
import { NotFoundError } from '../../lambda/store/errors.js';
import type { Store } from '../../lambda/store/store.js';
import { runCommand } from '../support/command-io.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { pipeline } from '../support/pipeline.js';

const ZONE = 'example.test';
const NAME = `api.${ZONE}`;
const GOOD = ['10.0.0.1', '10.0.0.2'];
const STALE = ['10.0.0.9'];
const ENACTOR = (n: number) => `arn:aws:sts::123456789012:assumed-role/dns-enactor/enactor-${n}`;

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

function controlPlaneChange(
  zoneId: string,
  id: string,
  at: string,
  action: ChangeAction,
  values: string[],
  writer: string,
): ControlPlaneChange {
  return {
    id,
    source: 'cloudtrail',
    at,
    action,
    recordSet: { key: { zoneId, name: NAME, type: 'A' }, ttl: 60, values },
    writer: { principalArn: writer, roleName: 'dns-enactor', sessionName: writer.split('/').at(-1) ?? '' },
    requestId: `req-${id}`,
  };
}

/**
 * The October-2025 shape, as Lookout's control-plane ingest saw it: a good version current for two
 * hours, a stale plan written over it, then the cleanup's DELETE. Two writers within the race window
 * open a CONCURRENT_WRITERS incident on `api.example.test/A`.
 */
async function ingestRace(store: Store, zoneId: string): Promise<string> {
  const { ingest } = pipeline(store, { detection: { autoResolve: false } });
  await ingest.ingest(controlPlaneChange(zoneId, 'ev1#0', minutesAgo(120), 'CREATE', GOOD, ENACTOR(1)));
  await ingest.ingest(controlPlaneChange(zoneId, 'ev2#0', minutesAgo(3), 'UPSERT', STALE, ENACTOR(3)));
  await ingest.ingest(controlPlaneChange(zoneId, 'ev3#0', minutesAgo(2), 'DELETE', STALE, ENACTOR(2)));
  const claim = await store.incidents.openClaim(`${NAME}/A`);
  if (!claim) throw new Error('the race did not open an incident');
  return claim.incidentId;
}

async function restoreNotes(store: Store, incidentId: string): Promise<string[]> {
  return (await store.incidents.listTimeline(incidentId))
    .filter((e) => e.kind === 'NOTE' && e.text.startsWith('restore:'))
    .map((e) => e.text);
}

describe('Class: RestoreService', () => {
  let route53: FakeRoute53;
  let client: Route53Client;
  let zoneId: string;
  let dnsAddress: string;
  let test: TestStore;
  let store: Store;
  let batches: AppliedBatch[];
  let key: RecordSetKey;

  const service = (options: Partial<RestoreServiceOptions> = {}) =>
    new RestoreService({
      store,
      adapter: new Route53Adapter(client),
      resolvers: [dnsAddress],
      log: silentLog,
      pollMs: 50,
      insyncTimeoutMs: 10_000,
      verifyTimeoutMs: 2000,
      ...options,
    });

  beforeEach(async () => {
    route53 = new FakeRoute53({ throttling: false });
    const started = await route53.start();
    client = route53Client(started.endpoint);
    zoneId = await route53.createZone({ name: ZONE });
    dnsAddress = route53.dnsAddress ?? '';
    test = await startTestStore();
    store = test.store;
    key = { zoneId, name: NAME, type: 'A' };
    batches = [];
    route53.onChange((batch) => batches.push(batch));
  });
  afterEach(async () => {
    client.destroy();
    await Promise.all([route53.stop(), test.close()]);
  });

  it('re-creates a deleted record with CREATE alone, waits for INSYNC and verifies it over DNS', async () => {
    // Prepare: the record is gone from Route 53 (the cleanup deleted it).
    const incidentId = await ingestRace(store, zoneId);
    route53.setChangePropagationMs(1500);

    // Act
    const result = await service().restore({ zoneId, name: NAME, type: 'A', by: 'cli:alice' });

    // Assess: one batch, CREATE only, marked as Lookout's own restore of this incident.
    expect(result.outcome).toBe('verified');
    expect(result.incidentId).toBe(incidentId);
    expect(result.plan.changes.map((c) => c.action)).toEqual(['CREATE']);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changes.map((c) => c.action)).toEqual(['CREATE']);
    expect(batches[0]?.comment).toMatch(new RegExp(`^lookout-restore ${incidentId}`));
    expect(batches[0]?.changeId.replace(/^\/change\//, '')).toBe(result.changeId);
    expect(result.insyncAfterMs).toBeGreaterThanOrEqual(1400);
    // Assess: DNS answers the last-known-good values.
    const answer = await new WireDnsClient({ timeoutMs: 5_000 }).query(dnsAddress, NAME, 'A');
    expect(answer).toMatchObject({ kind: 'ANSWER', values: GOOD });
    // Assess: every step is on the incident's timeline, in order.
    const notes = await restoreNotes(store, incidentId);
    expect(notes).toEqual(result.steps.map((s) => s.text));
    expect(notes[0]).toBe(`restore: read ${NAME} A from Route 53 — (absent)`);
    expect(notes[1]).toMatch(
      /last-known-good is version 1 .*by enactor-1 \(dns-enactor\)\): 10\.0\.0\.1, 10\.0\.0\.2/,
    );
    expect(notes[2]).toMatch(/^restore: submitted change C\w+ \(CREATE\) as cli:alice/);
    expect(notes[3]).toMatch(/^restore: INSYNC after \d+\.\d s$/);
    expect(notes[4]).toBe(`restore: verified from ${dnsAddress} — 10.0.0.1, 10.0.0.2`);
  });

  it('writes each timeline entry once when the steps are written again', async () => {
    // Prepare
    const incidentId = await ingestRace(store, zoneId);
    const restorer = service();
    const result = await restorer.restore({ zoneId, name: NAME, type: 'A', by: 'cli:alice' });
    const before = await store.incidents.listTimeline(incidentId);

    // Act: a retry writes the same steps twice more.
    const again = await restorer.recordSteps(result, result.steps);
    await restorer.recordSteps(result, result.steps);

    // Assess
    expect(again).toEqual([]);
    expect(await store.incidents.listTimeline(incidentId)).toEqual(before);
    expect((await restoreNotes(store, incidentId)).length).toBe(result.steps.length);
  });

  it('replaces a stale value with DELETE(current)+CREATE(good) in one batch', async () => {
    // Prepare: the stale plan is still live in Route 53.
    await ingestRace(store, zoneId);
    route53.seed(zoneId, [a(NAME, STALE)]);

    // Act
    const result = await service().restore({ zoneId, name: NAME, type: 'A', by: 'cli:alice' });

    // Assess
    expect(result.outcome).toBe('verified');
    expect(batches).toHaveLength(1);
    expect(batches[0]?.changes.map((c) => [c.action, c.set.values])).toEqual([
      ['DELETE', STALE],
      ['CREATE', GOOD],
    ]);
    expect(route53.recordSets(zoneId).find((r) => r.Name === `${NAME}.`)?.ResourceRecords).toEqual(
      GOOD.map((Value) => ({ Value })),
    );
  });

  it('fails whole with "record changed since you looked" when another writer changes the record before the submit', async () => {
    // Prepare: enactor-4 writes between Lookout's read and its submit.
    const incidentId = await ingestRace(store, zoneId);
    route53.seed(zoneId, [a(NAME, STALE)]);
    route53.registerPrincipal('ASIAENACTOR4', ENACTOR(4));
    const racer = route53Client(route53.endpoint, 'ASIAENACTOR4');
    class RacingAdapter extends Route53Adapter {
      override async listRecordSetsPage(zone: string, start?: PageCursor, maxItems?: number) {
        const page = await super.listRecordSetsPage(zone, start, maxItems);
        await change(racer, zoneId, [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, ['10.0.0.7']) }]);
        return page;
      }
    }

    // Act
    const attempt = service({ adapter: new RacingAdapter(client) }).restore({
      zoneId,
      name: NAME,
      type: 'A',
      by: 'cli:alice',
    });

    // Assess: refused as a whole; the concurrent writer's value stands.
    const error = await attempt.catch((e: unknown) => e);
    racer.destroy();
    expect(error).toBeInstanceOf(RestoreConflictError);
    expect((error as RestoreConflictError).reason).toBe('changed');
    expect((error as Error).message).toMatch(/record changed since you looked \(Lookout read 10\.0\.0\.9/);
    expect((error as RestoreConflictError).route53Message).toMatch(/do not match the current values/);
    expect(batches.map((b) => b.caller.arn)).toEqual([ENACTOR(4)]);
    expect(route53.recordSets(zoneId).find((r) => r.Name === `${NAME}.`)?.ResourceRecords).toEqual([
      { Value: '10.0.0.7' },
    ]);
    const notes = await restoreNotes(store, incidentId);
    expect(notes.at(-1)).toMatch(/^restore: record changed since you looked/);
    expect(notes.some((n) => n.includes('submitted change'))).toBe(false);
  });

  it('refuses the prepared CREATE when someone re-created the record after it was read', async () => {
    // Prepare: plan against the empty record, then another writer re-creates it.
    await ingestRace(store, zoneId);
    const restorer = service();
    const prepared = await restorer.prepare({ zoneId, name: NAME, type: 'A', by: 'cli:alice' });
    await change(client, zoneId, [{ Action: 'CREATE', ResourceRecordSet: a(NAME, ['10.0.0.5']) }]);

    // Act
    const error = await restorer.apply(prepared).catch((e: unknown) => e);

    // Assess
    expect(prepared.plan.changes.map((c) => c.action)).toEqual(['CREATE']);
    expect(error).toBeInstanceOf(RestoreConflictError);
    expect((error as Error).message).toMatch(/record changed since you looked \(Lookout read \(absent\)\)/);
    expect((error as Error).message).toMatch(/already exists/);
    expect(batches).toHaveLength(1);
    expect(route53.recordSets(zoneId).find((r) => r.Name === `${NAME}.`)?.ResourceRecords).toEqual([
      { Value: '10.0.0.5' },
    ]);
  });

  it('reports a Change Guardrail block with Route 53’s own message', async () => {
    // Prepare
    const incidentId = await ingestRace(store, zoneId);
    const said = `[RRSet with DNS name ${NAME}., type A was blocked by the change guardrail ACTIVE_RECORD_CHECK]`;
    route53.failNext({
      operation: 'ChangeResourceRecordSets',
      error: { status: 400, code: 'InvalidChangeBatch', message: said },
    });

    // Act
    const error = await service()
      .restore({ zoneId, name: NAME, type: 'A', by: 'cli:alice' })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(RestoreConflictError);
    expect((error as RestoreConflictError).reason).toBe('guardrail');
    expect((error as Error).message).toContain('Change Guardrail');
    expect((error as Error).message).toContain(said);
    expect((await restoreNotes(store, incidentId)).at(-1)).toContain('ACTIVE_RECORD_CHECK');
    expect(batches).toEqual([]);
  });

  it('refuses with a clear error when no version was stable long enough, changing nothing', async () => {
    // Prepare: only a version written a minute ago.
    const history = withVersion(
      emptyHistory(key),
      versionOfChange(controlPlaneChange(zoneId, 'ev9#0', minutesAgo(1), 'CREATE', GOOD, ENACTOR(1))),
    );
    await store.recordSets.saveHistory(history);

    // Act
    const attempt = service().restore({ zoneId, name: NAME, type: 'A', by: 'cli:alice' });

    // Assess
    await expect(attempt).rejects.toBeInstanceOf(NoLastKnownGoodError);
    await expect(attempt).rejects.toThrow(
      'no last-known-good version: Lookout has not seen this record set stable for 300 s',
    );
    expect(batches).toEqual([]);
  });

  it('changes nothing in Route 53 or on the timeline in a dry run', async () => {
    // Prepare
    const incidentId = await ingestRace(store, zoneId);
    route53.seed(zoneId, [a(NAME, STALE)]);
    const timeline = await store.incidents.listTimeline(incidentId);

    // Act
    const result = await service().restore({ zoneId, name: NAME, type: 'A', by: 'cli:alice', dryRun: true });

    // Assess
    expect(result.outcome).toBe('dry-run');
    expect(result.plan.changes.map((c) => c.action)).toEqual(['DELETE', 'CREATE']);
    expect(result.steps.map((s) => s.step)).toEqual(['read', 'plan', 'dry-run']);
    expect(batches).toEqual([]);
    expect(route53.recordSets(zoneId).find((r) => r.Name === `${NAME}.`)?.ResourceRecords).toEqual([
      { Value: '10.0.0.9' },
    ]);
    expect(await store.incidents.listTimeline(incidentId)).toEqual(timeline);
  });

  it('restores without an incident and returns the steps', async () => {
    // Prepare: a history saved directly, no incident open.
    const good = controlPlaneChange(zoneId, 'ev1#0', minutesAgo(60), 'CREATE', GOOD, ENACTOR(1));
    const gone = controlPlaneChange(zoneId, 'ev2#0', minutesAgo(1), 'DELETE', GOOD, ENACTOR(2));
    await store.recordSets.saveHistory(
      withVersion(withVersion(emptyHistory(key), versionOfChange(good)), versionOfChange(gone)),
    );

    // Act
    const result = await service().restore({ zoneId, name: NAME, type: 'A', by: 'cli:alice' });

    // Assess
    expect(result.incidentId).toBeUndefined();
    expect(result.outcome).toBe('verified');
    expect(result.steps.map((s) => s.step)).toEqual(['read', 'plan', 'submitted', 'insync', 'verified']);
    expect(batches[0]?.comment).toMatch(/^lookout-restore: last-known-good 10\.0\.0\.1,10\.0\.0\.2/);
  });

  it('fails on an unknown incident id before changing anything', async () => {
    await ingestRace(store, zoneId);

    const attempt = service().restore({
      zoneId,
      name: NAME,
      type: 'A',
      by: 'cli:alice',
      incidentId: 'inc-nope',
    });

    await expect(attempt).rejects.toBeInstanceOf(NotFoundError);
    expect(batches).toEqual([]);
  });

  it('is unverified when the change is not INSYNC in time', async () => {
    // Prepare
    const incidentId = await ingestRace(store, zoneId);
    route53.setChangePropagationMs(60_000);

    // Act
    const result = await service({ insyncTimeoutMs: 300 }).restore({
      zoneId,
      name: NAME,
      type: 'A',
      by: 'cli:alice',
    });

    // Assess
    expect(result.outcome).toBe('unverified');
    expect(result.steps.at(-1)?.step).toBe('not-insync');
    expect((await restoreNotes(store, incidentId)).at(-1)).toMatch(
      /^restore: change C\w+ still PENDING after 0 s; it stays submitted/,
    );
  });

  it('is unverified when a resolver does not answer the restored values', async () => {
    // Prepare: a second resolver that still serves the stale answer.
    await ingestRace(store, zoneId);
    const lagging = new DemoDnsServer({ zones: [ZONE] });
    const laggingAddress = await lagging.start();
    lagging.setRecords(NAME, 'A', STALE, 60);
    try {
      // Act
      const result = await service({ resolvers: [dnsAddress, laggingAddress], verifyTimeoutMs: 200 }).restore(
        {
          zoneId,
          name: NAME,
          type: 'A',
          by: 'cli:alice',
        },
      );

      // Assess
      expect(result.outcome).toBe('unverified');
      expect(result.checks.map((c) => [c.resolver, c.ok])).toEqual([
        [dnsAddress, true],
        [laggingAddress, false],
      ]);
      expect(result.steps.at(-1)?.text).toBe(
        `restore: verification failed from ${laggingAddress} — 10.0.0.9 (expected 10.0.0.1, 10.0.0.2)`,
      );
    } finally {
      await lagging.stop();
    }
  });

  it('verifies through TestDNSAnswer when no resolver is given', async () => {
    await ingestRace(store, zoneId);

    const result = await service({ resolvers: [] }).restore({
      zoneId,
      name: NAME,
      type: 'A',
      by: 'cli:alice',
    });

    expect(result.outcome).toBe('verified');
    expect(result.steps.at(-1)?.text).toBe(
      'restore: verified from route53:TestDNSAnswer — 10.0.0.1, 10.0.0.2',
    );
  });
});

describe('Command: lookout restore', () => {
  let route53: FakeRoute53;
  let zoneId: string;
  let dnsAddress: string;
  let dir: string;
  let local: LocalStore;
  let batches: AppliedBatch[];
  const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

  /** Runs the command in-process as the operator would type it, with the operator's credentials. */
  function runRestore(args: string[], io: Partial<RestoreIo> = {}) {
    return runCommand((captured) => restoreCommand({ ...captured, interactive: () => false, ...io }), args);
  }
  const common = () => ['--data', dir, '--endpoint', route53.endpoint, '--verify-with', dnsAddress];
  const liveValues = () => route53.recordSets(zoneId).find((r) => r.Name === `${NAME}.`)?.ResourceRecords;

  beforeAll(() => {
    // The SDK's default chain reads these first: the same path as an operator's exported keys.
    process.env.AWS_ACCESS_KEY_ID = 'AKIARESTORECLI';
    process.env.AWS_SECRET_ACCESS_KEY = 'not-checked-by-the-fake';
  });
  afterAll(() => {
    for (const [name, value] of [
      ['AWS_ACCESS_KEY_ID', saved.id],
      ['AWS_SECRET_ACCESS_KEY', saved.secret],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  beforeEach(async () => {
    route53 = new FakeRoute53({ throttling: false });
    await route53.start();
    zoneId = await route53.createZone({ name: ZONE });
    dnsAddress = route53.dnsAddress ?? '';
    route53.registerPrincipal('AKIARESTORECLI', 'arn:aws:iam::123456789012:user/alice');
    batches = [];
    route53.onChange((batch) => batches.push(batch));
    dir = await mkdtemp(join(tmpdir(), 'lookout-restore-'));
    // A running Lookout owns the store; the command talks to it, as `lookout incidents` does.
    local = await openLocalStore(dir, { serve: true });
  });
  afterEach(async () => {
    await Promise.all([route53.stop(), local.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('restores with --yes, prints each step and exits 0', async () => {
    // Prepare
    const incidentId = await ingestRace(local.store, zoneId);

    // Act
    const result = await runRestore([zoneId, NAME, 'A', '--yes', ...common()]);

    // Assess
    expect(result.err).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.out).toContain(`${NAME} A in ${zoneId} (incident ${incidentId})`);
    expect(result.out).toContain('  Route 53 now:     (absent)');
    expect(result.out).toMatch(
      /last-known-good: {2}10\.0\.0\.1, 10\.0\.0\.2 \(TTL 60\) — version 1, since .*, by enactor-1/,
    );
    expect(result.out).toContain('    CREATE 10.0.0.1, 10.0.0.2 (TTL 60)');
    expect(result.out).toMatch(/ {2}submitted change C\w+ \(CREATE\)/);
    expect(result.out).toMatch(/ {2}INSYNC after \d+\.\d s/);
    expect(result.out).toContain(`  verified from ${dnsAddress} — 10.0.0.1, 10.0.0.2`);
    expect(result.out).toMatch(/restored api\.example\.test A \(change C\w+\) and verified/);
    expect(batches.map((b) => b.caller.arn)).toEqual(['arn:aws:iam::123456789012:user/alice']);
    expect(liveValues()).toEqual(GOOD.map((Value) => ({ Value })));
    expect(await restoreNotes(local.store, incidentId)).toHaveLength(5);
  });

  it('shows the plan and refuses without --yes when not on a terminal', async () => {
    await ingestRace(local.store, zoneId);
    route53.seed(zoneId, [a(NAME, STALE)]);

    const result = await runRestore([zoneId, NAME, 'A', ...common()]);

    expect(result.exitCode).toBe(1);
    expect(result.out).toContain('    DELETE 10.0.0.9 (TTL 60)');
    expect(result.out).toContain('    CREATE 10.0.0.1, 10.0.0.2 (TTL 60)');
    expect(result.err).toContain('not on a terminal, so nothing was changed');
    expect(result.err).toContain('add --yes');
    expect(batches).toEqual([]);
  });

  it('asks on a terminal and changes nothing when the answer is no', async () => {
    await ingestRace(local.store, zoneId);
    const questions: string[] = [];

    const result = await runRestore([zoneId, NAME, 'A', ...common()], {
      interactive: () => true,
      confirm: async (question) => {
        questions.push(question);
        return false;
      },
    });

    expect(questions).toEqual(['Apply this change to Route 53? [y/N] ']);
    expect(result.exitCode).toBe(1);
    expect(result.out).toContain('not applied: nothing was changed');
    expect(batches).toEqual([]);
  });

  it('applies exactly the confirmed plan: a change made while the operator reads it fails with exit 5', async () => {
    await ingestRace(local.store, zoneId);
    route53.seed(zoneId, [a(NAME, STALE)]);

    const result = await runRestore([zoneId, NAME, 'A', ...common()], {
      interactive: () => true,
      confirm: async () => {
        route53.seed(zoneId, [a(NAME, ['10.0.0.7'])]);
        return true;
      },
    });

    expect(result.exitCode).toBe(5);
    expect(result.err).toMatch(/record changed since you looked \(Lookout read 10\.0\.0\.9/);
    expect(batches).toEqual([]);
    expect(liveValues()).toEqual([{ Value: '10.0.0.7' }]);
  });

  it('exits 5 with Route 53’s message when a guardrail blocks the batch', async () => {
    await ingestRace(local.store, zoneId);
    route53.failNext({
      operation: 'ChangeResourceRecordSets',
      error: {
        status: 400,
        code: 'InvalidChangeBatch',
        message: `[RRSet ${NAME}. A was blocked by the change guardrail ACTIVE_RECORD_CHECK]`,
      },
    });

    const result = await runRestore([zoneId, NAME, 'A', '--yes', ...common()]);

    expect(result.exitCode).toBe(5);
    expect(result.err).toContain('blocked by a Route 53 Change Guardrail');
    expect(result.err).toContain('ACTIVE_RECORD_CHECK');
  });

  it('exits 6 when the change is not INSYNC within --timeout', async () => {
    await ingestRace(local.store, zoneId);
    route53.setChangePropagationMs(60_000);

    const result = await runRestore([zoneId, NAME, 'A', '--yes', '--timeout', '1', ...common()]);

    expect(result.exitCode).toBe(6);
    expect(result.out).toMatch(/still PENDING after 1 s/);
    expect(result.out).toContain('but it is not verified');
  });

  it('exits 1 with a clear message when there is no last-known-good version', async () => {
    const result = await runRestore([zoneId, `other.${ZONE}`, 'A', '--yes', ...common()]);

    expect(result.exitCode).toBe(1);
    expect(result.err).toContain(
      'no last-known-good version: Lookout has not seen this record set stable for 300 s',
    );
    expect(batches).toEqual([]);
  });

  it('exits 1 on a usage error', async () => {
    const badType = await runRestore([zoneId, NAME, 'XYZ', '--yes', ...common()]);
    const badResolver = await runRestore([zoneId, NAME, 'A', '--verify-with', 'not a host', '--data', dir]);

    expect(badType.exitCode).toBe(1);
    expect(badType.err).toContain('unsupported record type "XYZ"');
    expect(badResolver.exitCode).toBe(1);
    expect(batches).toEqual([]);
  });
});
