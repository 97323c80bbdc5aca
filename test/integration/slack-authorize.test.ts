import { LogLevel } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { slackSchema } from '../../lambda/config/slack-schema.js';
import { silentLog } from '../../lambda/ports/log.js';
import { type Decision, SlackAuthorizer } from '../../lambda/slack/app/authorize.js';
import { createSlackClient } from '../../lambda/slack/client.js';

/**
 * slack.operators against the Slack emulator through the real WebClient: allowed by id, by group
 * (usergroups.users.list), refused, a failed lookup refusing, and the cached list expiring on the
 * injected clock (never the wall clock).
 */

const TOKEN = 'xoxb-authorize-test';
const silent = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => LogLevel.ERROR,
  setName() {},
};

const refusal = (d: Decision) => (d.allowed ? undefined : d);

describe('Class: SlackAuthorizer (against the Slack emulator)', () => {
  let slack: FakeSlack;
  let ms: number;
  const now = () => new Date(ms);

  beforeEach(async () => {
    ms = Date.parse('2026-12-02T10:00:00Z');
    slack = await new FakeSlack({ tokens: [TOKEN], usergroups: { S0ONCALL: { users: ['U0BOB'] } } }).start();
  });
  afterEach(() => slack.stop());

  const authorizer = (users: string[], usergroups: string[]) =>
    new SlackAuthorizer({
      operators: slackSchema.parse({ operators: { users, usergroups } }).operators,
      client: createSlackClient(TOKEN, { slackApiUrl: slack.url, logger: silent }),
      now,
      log: silentLog,
    });

  const lookups = () => slack.requests.filter((r) => r.method === 'usergroups.users.list');

  it('allows a listed user by id, without asking Slack', async () => {
    expect(await authorizer(['U0ALICE'], ['S0ONCALL']).check('U0ALICE', 'ack')).toEqual({
      allowed: true,
      via: { kind: 'user' },
    });
    expect(lookups()).toEqual([]);
  });

  it('allows a member of a listed group, read with usergroups.users.list', async () => {
    expect(await authorizer([], ['S0ONCALL']).check('U0BOB', 'resolve')).toEqual({
      allowed: true,
      via: { kind: 'usergroup', usergroup: 'S0ONCALL' },
    });
    expect(lookups()).toHaveLength(1);
  });

  it('refuses someone in neither, naming who may', async () => {
    const decision = refusal(await authorizer(['U0ALICE'], ['S0ONCALL']).check('U0MALLORY', 'declare'));
    expect(decision?.reason).toBe('not-operator');
    expect(decision?.message).toContain(
      'Only <@U0ALICE> and members of <!subteam^S0ONCALL> may declare incidents from Slack',
    );
  });

  it('refuses when Slack refuses the lookup, and says why', async () => {
    slack.failNext(1, { error: 'ratelimited', retryAfter: 30 }, 'usergroups.users.list');
    const decision = refusal(await authorizer([], ['S0ONCALL']).check('U0BOB', 'ack'));
    expect(decision?.reason).toBe('lookup-failed');
    expect(decision?.message).toContain('`ratelimited`');
  });

  it('refuses when Slack cannot be reached at all', async () => {
    slack.down('reset');
    const decision = refusal(await authorizer([], ['S0ONCALL']).check('U0BOB', 'ack'));
    expect(decision?.reason).toBe('lookup-failed');
    expect(decision?.message).toMatch(/usergroups\.users\.list failed \(`request_error/);
  });

  it('refuses a group Slack does not know (deleted or disabled): no_such_subteam', async () => {
    const decision = refusal(await authorizer([], ['S0GONE']).check('U0BOB', 'ack'));
    expect(decision?.reason).toBe('lookup-failed');
    expect(decision?.message).toContain('`no_such_subteam`');
  });

  it('follows a membership change once the cached list expires (60 s on its clock)', async () => {
    // Prepare
    const auth = authorizer([], ['S0ONCALL']);
    expect((await auth.check('U0CAROL', 'note')).allowed).toBe(false);
    slack.defineUsergroup('S0ONCALL', ['U0BOB', 'U0CAROL']); // Carol joins the rota

    // Act + Assess: the list read a moment ago still answers
    ms += 59_000;
    expect((await auth.check('U0CAROL', 'note')).allowed).toBe(false);
    expect(lookups()).toHaveLength(1);

    // Past the minute, Slack is asked again
    ms += 1_000;
    expect((await auth.check('U0CAROL', 'note')).allowed).toBe(true);
    expect(lookups()).toHaveLength(2);
  });
});
