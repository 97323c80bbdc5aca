import { ScanCommand } from '@aws-sdk/client-dynamodb';
import type { SlashCommand } from '@slack/bolt';
import { createIncidentApp } from '../../lambda/app/incidents.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { resolveTargets } from '../../lambda/config/resolve-targets.js';
import { SlackAuthorizer } from '../../lambda/slack/app/authorize.js';
import type { SlackAppDeps } from '../../lambda/slack/app/deps.js';
import type { SlackJob } from '../../lambda/slack/app/jobs.js';
import type { Store } from '../../lambda/store/store.js';
import { startTestStore, type TestStore } from './dynalite.js';
import { recordingLog } from './slack-fixtures.js';

export const OPERATOR = 'U0OPS';
export const STRANGER = 'U0ALICE';
export const CHANNEL = 'C0ALERTS';
export const RESPONSE_URL = 'https://hooks.slack.com/commands/T0/1/abc';
export const NOW = new Date('2025-10-20T09:00:00.000Z');

/** A Handoff that only records the jobs handed to it (the worker is not the listener's contract). */
export function recordingHandoff() {
  const jobs: SlackJob[] = [];
  return { jobs, send: async (job: SlackJob) => void jobs.push(job) };
}

/**
 * SlackAppDeps as the composition root builds them, over a real dynalite store, with `U0OPS` the only
 * operator (no user groups, so the authorizer never calls Slack) and a handoff that records its jobs.
 */
export async function startListenerDeps(over: Partial<SlackAppDeps> = {}) {
  const testStore: TestStore = await startTestStore();
  const config = configSchema.parse({
    probe: { resolvers: ['127.0.0.1:5300'] },
    slack: { channel: CHANNEL, operators: { users: [OPERATOR] } },
    targets: [{ name: 'api.example.test', type: 'A', mode: 'exact' }],
  });
  const log = recordingLog();
  const handoff = recordingHandoff();
  const now = () => NOW;
  const { commands } = createIncidentApp({
    store: testStore.store,
    detection: config.detection,
    log,
    now,
    channel: CHANNEL,
    routing: config.slack,
  });
  const authorizer = new SlackAuthorizer({
    operators: config.slack.operators,
    client: {
      usergroups: {
        users: {
          list: async () => {
            throw new Error('no user groups are configured: the authorizer must not ask');
          },
        },
      },
    } as unknown as ConstructorParameters<typeof SlackAuthorizer>[0]['client'],
    now,
    log,
  });
  const targets = resolveTargets(config, []);
  const deps: SlackAppDeps = {
    store: testStore.store,
    config,
    now,
    log,
    handoff,
    incidents: commands,
    targets: async () => targets,
    authorizer,
    runbooks: async () => [],
    ...over,
  };
  return {
    deps,
    log,
    jobs: handoff.jobs,
    store: testStore.store,
    /** How many items the table holds: a refused or misused request must leave it as it was. */
    async itemCount(): Promise<number> {
      const out = await testStore.dynamo.client.send(
        new ScanCommand({ TableName: testStore.tableName, Select: 'COUNT' }),
      );
      return out.Count ?? 0;
    },
    /** An incident opened the way a person declares one (its id derived from `origin`). */
    async declared(origin = 'V0FIRST') {
      const { incident } = await commands.declare({
        title: 'Checkout is down',
        severity: 'high',
        channel: CHANNEL,
        by: `slack:${OPERATOR}`,
        at: NOW.toISOString(),
        origin,
      });
      return incident;
    },
    close: () => testStore.close(),
  };
}

export type ListenerDeps = Awaited<ReturnType<typeof startListenerDeps>>;

/** A store whose every repository call fails, as DynamoDB does when it is unreachable. */
export function failingStore(store: Store): Store {
  return new Proxy(store, {
    get(target, repo) {
      const real = Reflect.get(target, repo) as object;
      if (typeof real !== 'object' || real === null) return real;
      return new Proxy(real, {
        get(inner, method) {
          const value = Reflect.get(inner, method);
          if (typeof value !== 'function') return value;
          return async () => {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), {
              name: 'NetworkingError',
            });
          };
        },
      });
    },
  });
}

/** What a listener called on Bolt's side: every `ack`, `respond` and `views.open`/`views.update`. */
export function boltFakes() {
  const acks: unknown[] = [];
  const responds: unknown[] = [];
  const opened: Record<string, unknown>[] = [];
  const updated: Record<string, unknown>[] = [];
  return {
    acks,
    responds,
    opened,
    updated,
    ack: async (answer?: unknown) => void acks.push(answer),
    respond: async (answer: unknown) => void responds.push(answer),
    client: {
      views: {
        open: async (args: Record<string, unknown>) => {
          opened.push(args);
          return { ok: true, view: { id: 'V0OPENED' } };
        },
        update: async (args: Record<string, unknown>) => {
          updated.push(args);
          return { ok: true };
        },
      },
    },
  };
}

let triggers = 0;

/** Slack's slash-command payload for `/lookout <text>` typed by `user` in the alert channel. */
export function slashCommand(text: string, user = OPERATOR): SlashCommand {
  triggers += 1;
  return {
    token: 'legacy',
    command: '/lookout',
    text,
    response_url: RESPONSE_URL,
    trigger_id: `T${triggers}.trigger`,
    user_id: user,
    user_name: user.toLowerCase(),
    team_id: 'T0TEAM',
    team_domain: 'example',
    channel_id: CHANNEL,
    channel_name: 'alerts',
    api_app_id: 'A0LOOKOUT',
  };
}

/** A button press's payload (block_actions) with the pressed button's `action_id` and `value`. */
export function buttonPress(actionId: string, value: string, user = OPERATOR) {
  triggers += 1;
  const action = {
    type: 'button' as const,
    action_id: actionId,
    block_id: 'b',
    value,
    text: { type: 'plain_text' as const, text: 'x' },
    action_ts: '1700000000.000200',
  };
  const body = {
    type: 'block_actions' as const,
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0TEAM' },
    trigger_id: `T${triggers}.trigger`,
    response_url: RESPONSE_URL,
    channel: { id: CHANNEL, name: 'alerts' },
    team: { id: 'T0TEAM', domain: 'example' },
    api_app_id: 'A0LOOKOUT',
    token: 'legacy',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: CHANNEL },
    actions: [action],
  };
  return { body, action };
}

/** A modal submission's payload (view_submission): the same `viewId` on every submission of one modal. */
export function viewSubmission(viewId: string, privateMetadata: string, values: unknown, user = OPERATOR) {
  triggers += 1;
  const view = {
    id: viewId,
    callback_id: 'x',
    private_metadata: privateMetadata,
    state: { values },
    hash: 'h',
  };
  const body = {
    type: 'view_submission' as const,
    user: { id: user, name: user.toLowerCase(), team_id: 'T0TEAM' },
    trigger_id: `T${triggers}.trigger`,
    team: { id: 'T0TEAM', domain: 'example' },
    api_app_id: 'A0LOOKOUT',
    token: 'legacy',
    view,
  };
  return { body, view };
}

/** Bolt's middleware arguments for a listener, built from the fakes (the rest is unused by listeners). */
export function argsOf<T>(fakes: ReturnType<typeof boltFakes>, payload: Record<string, unknown>): T {
  return {
    ...payload,
    ack: fakes.ack,
    respond: fakes.respond,
    client: fakes.client,
    logger: console,
    next: async () => {},
    context: {},
  } as unknown as T;
}
