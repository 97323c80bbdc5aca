import { describe, expect, it } from 'vitest';
import { slackSchema } from '../../../lambda/config/slack-schema.js';
import { silentLog } from '../../../lambda/ports/log.js';
import { type Decision, SlackAuthorizer } from '../../../lambda/slack/app/authorize.js';
import { STATE_CHANGING_ACTIONS } from '../../../lambda/slack/app/slack-actions.js';
import type { UsergroupsClient } from '../../../lambda/slack/app/usergroup-members.js';

/** A stand-in for WebClient's usergroups.users.list: members per group, or an error to throw. */
function fakeClient(groups: Record<string, string[] | Error>) {
  const calls: string[] = [];
  const client: UsergroupsClient = {
    usergroups: {
      users: {
        list: async ({ usergroup }) => {
          calls.push(usergroup);
          const found = groups[usergroup];
          if (found instanceof Error) throw found;
          return { users: found ?? [] };
        },
      },
    },
  };
  return { client, calls, groups };
}

/** A clock the test moves by hand. */
function fakeClock(start = Date.parse('2026-12-02T10:00:00Z')) {
  let ms = start;
  return {
    now: () => new Date(ms),
    advance: (by: number) => {
      ms += by;
    },
  };
}

/** What @slack/web-api throws when Slack answers `{ ok: false, error }`. */
function platformError(error: string): Error {
  return Object.assign(new Error(`An API error occurred: ${error}`), {
    code: 'slack_webapi_platform_error',
    data: { ok: false, error },
  });
}

const operators = (users: string[], usergroups: string[]) =>
  slackSchema.parse({ operators: { users, usergroups } }).operators;

const refusal = (d: Decision) => (d.allowed ? undefined : d);

describe('Class: SlackAuthorizer', () => {
  it('lets anyone read, without asking Slack', async () => {
    // Prepare
    const { client, calls } = fakeClient({ S0ONCALL: ['U0ALICE'] });
    const authorizer = new SlackAuthorizer({
      operators: operators([], ['S0ONCALL']),
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    // Act
    const decisions = await Promise.all(
      (['status', 'show', 'incidents', 'timeline', 'check', 'help'] as const).map((a) =>
        authorizer.check('U0STRANGER', a),
      ),
    );
    // Assess
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(calls).toEqual([]);
  });

  it('allows a listed user by id without a group lookup', async () => {
    const { client, calls } = fakeClient({ S0ONCALL: [] });
    const authorizer = new SlackAuthorizer({
      operators: operators(['U0ALICE'], ['S0ONCALL']),
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    expect(await authorizer.check('U0ALICE', 'ack')).toEqual({ allowed: true, via: { kind: 'user' } });
    expect(calls).toEqual([]);
  });

  it('allows a member of a listed group and names the group', async () => {
    const { client } = fakeClient({ S0SRE: ['U0CAROL'], S0ONCALL: ['U0BOB'] });
    const authorizer = new SlackAuthorizer({
      operators: operators([], ['S0SRE', 'S0ONCALL']),
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    expect(await authorizer.check('U0BOB', 'resolve')).toEqual({
      allowed: true,
      via: { kind: 'usergroup', usergroup: 'S0ONCALL' },
    });
  });

  it('refuses anyone else and names who may, rendered from the config', async () => {
    const { client } = fakeClient({ S0ONCALL: ['U0BOB'], S0SRE: [] });
    const authorizer = new SlackAuthorizer({
      operators: operators(['U0ALICE', 'W0DAVE'], ['S0ONCALL', 'S0SRE']),
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    const decision = refusal(await authorizer.check('U0MALLORY', 'restore'));
    expect(decision?.reason).toBe('not-operator');
    expect(decision?.message).toContain(
      'Only <@U0ALICE>, <@W0DAVE> and members of <!subteam^S0ONCALL> or <!subteam^S0SRE> may restore record sets from Slack',
    );
    expect(decision?.message).toContain('`slack.operators.users`');
  });

  it('with no operators configured (the default), refuses every state change and names the config key', async () => {
    const { client, calls } = fakeClient({});
    const authorizer = new SlackAuthorizer({
      operators: slackSchema.parse({}).operators,
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    for (const action of STATE_CHANGING_ACTIONS) {
      const decision = refusal(await authorizer.check('U0ALICE', action));
      expect(decision?.reason, action).toBe('no-operators');
      expect(decision?.message).toMatch(/^Nobody may .+ from Slack yet/);
      expect(decision?.message).toContain('`slack.operators.usergroups`');
    }
    expect(calls).toEqual([]);
  });

  it('refuses when the group lookup fails, says so with the reason, and grants nothing', async () => {
    const { client } = fakeClient({ S0ONCALL: platformError('ratelimited') });
    const warnings: Record<string, unknown>[] = [];
    const authorizer = new SlackAuthorizer({
      operators: operators(['U0ALICE'], ['S0ONCALL']),
      client,
      now: fakeClock().now,
      log: { ...silentLog, warn: (_m, extra) => void warnings.push(extra ?? {}) },
    });
    const decision = refusal(await authorizer.check('U0BOB', 'note'));
    expect(decision?.reason).toBe('lookup-failed');
    expect(decision?.message).toContain('could not check whether you are in <!subteam^S0ONCALL>');
    expect(decision?.message).toContain('`ratelimited`');
    expect(decision?.message).toContain('nothing was changed');
    expect(decision?.message).toContain('<@U0ALICE>');
    expect(warnings).toMatchObject([{ usergroup: 'S0ONCALL', userId: 'U0BOB', reason: 'ratelimited' }]);
  });

  it('allows through a group that answered although another group failed', async () => {
    const { client } = fakeClient({ S0DOWN: platformError('fatal_error'), S0ONCALL: ['U0BOB'] });
    const authorizer = new SlackAuthorizer({
      operators: operators([], ['S0DOWN', 'S0ONCALL']),
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    expect((await authorizer.check('U0BOB', 'ack')).allowed).toBe(true);
    expect(refusal(await authorizer.check('U0EVE', 'ack'))?.reason).toBe('lookup-failed');
  });

  it('trusts a group list for 60 s on its clock, then asks Slack again', async () => {
    // Prepare
    const { client, calls, groups } = fakeClient({ S0ONCALL: ['U0BOB'] });
    const clock = fakeClock();
    const authorizer = new SlackAuthorizer({
      operators: operators([], ['S0ONCALL']),
      client,
      now: clock.now,
      log: silentLog,
    });
    expect((await authorizer.check('U0BOB', 'ack')).allowed).toBe(true);
    groups.S0ONCALL = []; // Bob leaves the on-call group

    // Act + Assess: within the minute the cached list still answers, without a call
    clock.advance(59_999);
    expect((await authorizer.check('U0BOB', 'ack')).allowed).toBe(true);
    expect(calls).toEqual(['S0ONCALL']);

    // After it, Slack is asked again and Bob is refused
    clock.advance(1);
    expect(refusal(await authorizer.check('U0BOB', 'ack'))?.reason).toBe('not-operator');
    expect(calls).toEqual(['S0ONCALL', 'S0ONCALL']);
  });

  it('does not cache a failure: the next check asks again', async () => {
    const { client, calls, groups } = fakeClient({ S0ONCALL: platformError('internal_error') });
    const authorizer = new SlackAuthorizer({
      operators: operators([], ['S0ONCALL']),
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    expect((await authorizer.check('U0BOB', 'ack')).allowed).toBe(false);
    groups.S0ONCALL = ['U0BOB'];
    expect((await authorizer.check('U0BOB', 'ack')).allowed).toBe(true);
    expect(calls).toEqual(['S0ONCALL', 'S0ONCALL']);
  });

  it('shares one lookup between checks made at the same time', async () => {
    const { client, calls } = fakeClient({ S0ONCALL: ['U0BOB', 'U0CAROL'] });
    const authorizer = new SlackAuthorizer({
      operators: operators([], ['S0ONCALL']),
      client,
      now: fakeClock().now,
      log: silentLog,
    });
    const [bob, carol] = await Promise.all([
      authorizer.check('U0BOB', 'ack'),
      authorizer.check('U0CAROL', 'note'),
    ]);
    expect([bob.allowed, carol.allowed]).toEqual([true, true]);
    expect(calls).toEqual(['S0ONCALL']);
  });
});

describe('Config: slack.operators', () => {
  it('is absent from an existing config and then means nobody', () => {
    expect(slackSchema.parse({ channel: 'C0ALERTS' }).operators).toEqual({ users: [], usergroups: [] });
  });

  it('accepts U…/W… member ids and S… group ids', () => {
    expect(operators(['U024BE7LH', 'W0123ABC'], ['S0614TZR7'])).toEqual({
      users: ['U024BE7LH', 'W0123ABC'],
      usergroups: ['S0614TZR7'],
    });
  });

  it.each([
    [{ users: ['alice'] }, 'a Slack member ID'],
    [{ users: ['S0614TZR7'] }, 'a Slack member ID'],
    [{ usergroups: ['U024BE7LH'] }, 'a Slack user-group ID'],
    [{ usergroups: ['@oncall'] }, 'a Slack user-group ID'],
    [{ groups: ['S0614TZR7'] }, 'usergroups'],
  ])('refuses %j, saying what an id looks like', (value, expected) => {
    const result = slackSchema.safeParse({ operators: value });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(expected);
  });
});
