import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { slackSchema } from '../../lambda/config/slack-schema.js';
import { type Log, silentLog } from '../../lambda/ports/log.js';
import { type Decision, SlackAuthorizer } from '../../lambda/slack/app/authorize.js';
import type {
  DeadlineTimer,
  UsergroupMembersStore,
  UsergroupsClient,
} from '../../lambda/slack/app/usergroup-members.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { startSlackAppHarness } from '../support/slack-app-harness.js';

/**
 * Group membership shared through the store (real dynalite): a cold container decides from a store read,
 * Slack is asked only when the stored list is older than a minute and only until a deadline the test
 * fires by hand, and a stale list stands in for a slow or failing Slack for at most 15 minutes.
 */

const START = Date.parse('2026-12-02T10:00:00Z');
const MINUTE = 60_000;

/** usergroups.users.list per group: members, an error, or a call the test settles (or never does). */
function fakeSlack() {
  const calls: string[] = [];
  const answers = new Map<string, string[] | Error | 'hang'>();
  const held: { usergroup: string; resolve(users: string[]): void }[] = [];
  const client: UsergroupsClient = {
    usergroups: {
      users: {
        list: ({ usergroup }) => {
          calls.push(usergroup);
          const answer = answers.get(usergroup) ?? [];
          if (answer === 'hang')
            return new Promise((resolve) => held.push({ usergroup, resolve: (users) => resolve({ users }) }));
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve({ users: answer });
        },
      },
    },
  };
  return { client, calls, answers, held };
}

/** Deadlines that elapse only when the test says so. */
function manualTimers() {
  const armed: { ms: number; fire(): void; cancelled: boolean }[] = [];
  const timer: DeadlineTimer = (ms) => {
    let fire = () => {};
    const elapsed = new Promise<void>((resolve) => {
      fire = resolve;
    });
    const entry = { ms, fire, cancelled: false };
    armed.push(entry);
    return {
      elapsed,
      cancel: () => {
        entry.cancelled = true;
      },
    };
  };
  const live = () => armed.filter((a) => !a.cancelled);
  return {
    timer,
    armed,
    live,
    fireAll: () => {
      for (const a of live()) a.fire();
    },
  };
}

function recordingLog() {
  const warnings: { message: string; extra: Record<string, unknown> }[] = [];
  const log: Log = {
    ...silentLog,
    warn: (message, extra) => void warnings.push({ message, extra: extra ?? {} }),
  };
  return { log, warnings };
}

const refusal = (d: Decision) => (d.allowed ? undefined : d);
const viaOncall = { allowed: true, via: { kind: 'usergroup', usergroup: 'S0ONCALL' } };

describe('Class: SlackAuthorizer (group members in the store, on dynalite)', () => {
  let t: TestStore;
  let ms: number;
  let slack: ReturnType<typeof fakeSlack>;
  let timers: ReturnType<typeof manualTimers>;
  let group: string;
  /** What each save the authorizer made came to, in order ('saved', 'older', 'too-large'). */
  let saves: string[];
  const now = () => new Date(ms);

  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    ms = START;
    slack = fakeSlack();
    timers = manualTimers();
    saves = [];
    // One table for the file: each test its own group id, so no test sees another's stored list.
    group = `S0ONCALL${randomUUID().slice(0, 8)}`;
  });

  /** A new container: its own cache, the shared store. */
  const container = (options: { log?: Log; store?: UsergroupMembersStore } = {}) =>
    new SlackAuthorizer({
      operators: slackSchema.parse({ operators: { users: ['U0ALICE'], usergroups: ['S0ONCALL'] } }).operators,
      client: slack.client,
      now,
      log: options.log ?? silentLog,
      usergroups: { store: options.store ?? aliased(), timer: timers.timer },
    });

  /** The repo under the test's own group id, so the config can keep naming S0ONCALL. */
  const aliased = (): UsergroupMembersStore => ({
    get: () => t.store.usergroups.get(group),
    save: async (_g, members) => {
      const outcome = await t.store.usergroups.save(group, members);
      saves.push(outcome);
      return outcome;
    },
  });
  const stored = () => t.store.usergroups.get(group);
  const store = (users: string[], fetchedAtMs: number) =>
    t.store.usergroups.save(group, { users, fetchedAtMs });

  it('decides from a fresh stored list without asking Slack, for members and others alike', async () => {
    // Prepare
    await store(['U0BOB'], START - 30_000);
    // Act
    const bob = await container().check('U0BOB', 'ack');
    const mallory = refusal(await container().check('U0MALLORY', 'resolve'));
    // Assess
    expect(bob).toEqual(viaOncall);
    expect(mallory?.reason).toBe('not-operator');
    expect(slack.calls).toEqual([]);
    expect(timers.armed).toEqual([]);
  });

  it('a second container uses the list the first one fetched, without calling Slack', async () => {
    slack.answers.set('S0ONCALL', ['U0BOB']);
    expect(await container().check('U0BOB', 'ack')).toEqual(viaOncall);
    expect(slack.calls).toEqual(['S0ONCALL']);
    expect(await stored()).toEqual({ users: ['U0BOB'], fetchedAtMs: START });

    ms += 59_999;
    expect(await container().check('U0BOB', 'note')).toEqual(viaOncall);
    expect(slack.calls).toEqual(['S0ONCALL']);
  });

  it('refreshes a stored list older than a minute from Slack and stores the new one', async () => {
    await store(['U0BOB'], START - MINUTE);
    slack.answers.set('S0ONCALL', ['U0CAROL']);

    expect(refusal(await container().check('U0BOB', 'ack'))?.reason).toBe('not-operator');
    expect(await container().check('U0CAROL', 'ack')).toEqual(viaOncall);
    expect(slack.calls).toEqual(['S0ONCALL']);
    expect(await stored()).toEqual({ users: ['U0CAROL'], fetchedAtMs: START });
    // Slack answered in time: its deadline was cancelled, not left running.
    expect(timers.armed.map((a) => [a.ms, a.cancelled])).toEqual([[1_000, true]]);
  });

  it('when Slack does not answer by the deadline, decides from a stored list up to 15 minutes old and logs it', async () => {
    // Prepare
    await store(['U0BOB'], START - 15 * MINUTE);
    slack.answers.set('S0ONCALL', 'hang');
    const { log, warnings } = recordingLog();
    // Act
    const decision = container({ log }).check('U0BOB', 'ack');
    await vi.waitFor(() => expect(timers.live()).toHaveLength(1));
    timers.fireAll();
    // Assess
    expect(await decision).toEqual(viaOncall);
    expect(warnings).toMatchObject([
      {
        message: 'Slack did not give user-group members: deciding from the stored list',
        extra: { usergroup: 'S0ONCALL', ageMs: 15 * MINUTE, reason: 'no answer within 1000 ms' },
      },
    ]);
  });

  it('refuses, saying to try again, when Slack does not answer and the stored list is older than 15 minutes', async () => {
    await store(['U0BOB'], START - 15 * MINUTE - 1);
    slack.answers.set('S0ONCALL', 'hang');

    const decision = container().check('U0BOB', 'ack');
    await vi.waitFor(() => expect(timers.live()).toHaveLength(1));
    timers.fireAll();

    const refused = refusal(await decision);
    expect(refused?.reason).toBe('lookup-failed');
    expect(refused?.message).toContain('`no answer within 1000 ms`');
    expect(refused?.message).toContain('try again in a moment');
  });

  it('refuses when Slack does not answer and nothing is stored', async () => {
    slack.answers.set('S0ONCALL', 'hang');
    const decision = container().check('U0BOB', 'ack');
    await vi.waitFor(() => expect(timers.live()).toHaveLength(1));
    timers.fireAll();
    expect(refusal(await decision)?.reason).toBe('lookup-failed');
  });

  it('never grants on failure: Slack failing with a too-old list, or with the store unreadable, refuses', async () => {
    await store(['U0BOB'], START - 16 * MINUTE);
    slack.answers.set(
      'S0ONCALL',
      Object.assign(new Error('boom'), { code: 'slack_webapi_http_error', statusCode: 503 }),
    );
    expect(refusal(await container().check('U0BOB', 'ack'))?.reason).toBe('lookup-failed');

    const broken: UsergroupMembersStore = {
      get: () => Promise.reject(new Error('dynamodb down')),
      save: () => Promise.reject(new Error('dynamodb down')),
    };
    const refused = refusal(await container({ store: broken }).check('U0BOB', 'ack'));
    expect(refused?.reason).toBe('lookup-failed');
    expect(refused?.message).toContain('`http_503`');
  });

  it('a listed user is allowed without reading the store or asking Slack', async () => {
    const untouchable: UsergroupMembersStore = {
      get: () => Promise.reject(new Error('must not be read')),
      save: () => Promise.reject(new Error('must not be written')),
    };
    expect(await container({ store: untouchable }).check('U0ALICE', 'restore')).toEqual({
      allowed: true,
      via: { kind: 'user' },
    });
    expect(slack.calls).toEqual([]);
  });

  it('stores an answer that lands after the deadline, but never over a newer list', async () => {
    // Container A asks Slack at 10:00; Slack hangs past the deadline.
    slack.answers.set('S0ONCALL', 'hang');
    const a = container().check('U0BOB', 'ack');
    await vi.waitFor(() => expect(timers.live()).toHaveLength(1));
    timers.fireAll();
    expect(refusal(await a)?.reason).toBe('lookup-failed');

    // Container B asks at 10:00:05 and gets Carol.
    ms += 5_000;
    slack.answers.set('S0ONCALL', ['U0CAROL']);
    expect(await container().check('U0CAROL', 'ack')).toEqual(viaOncall);
    expect(await stored()).toEqual({ users: ['U0CAROL'], fetchedAtMs: START + 5_000 });

    // A's older answer (Bob) lands now: B's newer list stays.
    slack.held[0]?.resolve(['U0BOB']);
    await vi.waitFor(() => expect(saves).toEqual(['saved', 'older']));
    expect(await stored()).toEqual({ users: ['U0CAROL'], fetchedAtMs: START + 5_000 });
  });

  it('keeps a late answer when nothing newer is stored, so the next container need not ask', async () => {
    slack.answers.set('S0ONCALL', 'hang');
    const a = container().check('U0BOB', 'ack');
    await vi.waitFor(() => expect(timers.live()).toHaveLength(1));
    timers.fireAll();
    expect((await a).allowed).toBe(false);

    slack.held[0]?.resolve(['U0BOB']);
    await vi.waitFor(() => expect(saves).toEqual(['saved']));
    expect(await stored()).toEqual({ users: ['U0BOB'], fetchedAtMs: START });
    expect(await container().check('U0BOB', 'ack')).toEqual(viaOncall);
    expect(slack.calls).toEqual(['S0ONCALL']);
  });
});

describe('Class: UsergroupMembersRepo (on dynalite)', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());

  it('never lets an older fetch overwrite a newer one', async () => {
    const { usergroups } = t.store;
    expect(await usergroups.save('S0A', { users: ['U0NEW'], fetchedAtMs: 2_000 })).toBe('saved');
    expect(await usergroups.save('S0A', { users: ['U0OLD'], fetchedAtMs: 1_000 })).toBe('older');
    expect(await usergroups.save('S0A', { users: ['U0SAME'], fetchedAtMs: 2_000 })).toBe('older');
    expect(await usergroups.get('S0A')).toEqual({ users: ['U0NEW'], fetchedAtMs: 2_000 });
    expect(await usergroups.save('S0A', { users: [], fetchedAtMs: 3_000 })).toBe('saved');
    expect(await usergroups.get('S0A')).toEqual({ users: [], fetchedAtMs: 3_000 });
  });

  it('stores a group at the 10,000-member cap and refuses a larger one, leaving nothing behind', async () => {
    const { usergroups } = t.store;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `U0${String(i).padStart(9, '0')}`);
    expect(await usergroups.save('S0BIG', { users: ids(10_000), fetchedAtMs: 1 })).toBe('saved');
    expect((await usergroups.get('S0BIG'))?.users).toHaveLength(10_000);
    expect(await usergroups.save('S0HUGE', { users: ids(10_001), fetchedAtMs: 1 })).toBe('too-large');
    expect(await usergroups.get('S0HUGE')).toBeUndefined();
  });
});

describe('Function: createSlackApp (authorizer wired to the store)', () => {
  it('decides from a fresh stored list without calling Slack, and stores what Slack gives otherwise', async () => {
    // Prepare: the emulator's group says Carol, the store (written 10 s ago) says Bob
    const h = await startSlackAppHarness({
      now: () => new Date(START),
      slackConfig: { operators: { usergroups: ['S0ONCALL', 'S0SRE'] } },
    });
    h.slack.defineUsergroup('S0ONCALL', ['U0CAROL']);
    h.slack.defineUsergroup('S0SRE', ['U0DAN']);
    await h.store.usergroups.save('S0ONCALL', { users: ['U0BOB'], fetchedAtMs: START - 10_000 });
    try {
      // Act
      const bob = await h.app.deps.authorizer.check('U0BOB', 'ack');
      // Assess: S0ONCALL came from the store; S0SRE (not stored) from Slack, and is stored now
      expect(bob).toEqual(viaOncall);
      expect(h.slack.requests.filter((r) => r.method === 'usergroups.users.list')).toMatchObject([
        { method: 'usergroups.users.list' },
      ]);
      expect(await h.store.usergroups.get('S0SRE')).toEqual({ users: ['U0DAN'], fetchedAtMs: START });
    } finally {
      await h.close();
    }
  });
});
