import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import * as z from '../../lambda/shared/zod.js';
import { SUBCOMMANDS } from '../../lambda/slack/app/listeners/commands/lookout/index.js';
import { usageOf } from '../../lambda/slack/app/listeners/commands/lookout/subcommand.js';
import { CHANNEL, type SlackAppHarness, startSlackAppHarness } from '../support/slack-app-harness.js';
import { formBody, interactionBody } from '../support/slack-signing.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MANIFESTS = ['manifest.yaml', 'manifest.socket-mode.yaml'] as const;

/**
 * The part of Slack's app manifest schema (github.com/slackapi/manifest-schema, schemas/manifest.schema.1.0.0.json)
 * Lookout uses, with its required keys and length limits.
 */
const text = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const url = z.string().check(z.regex(/^https:\/\//, 'an https URL'), z.maxLength(3000));
const manifestSchema = z.object({
  _metadata: z.object({ major_version: z.literal(1), minor_version: z.int() }),
  display_information: z.object({
    name: text(1, 35),
    description: text(1, 140),
    background_color: z.string().check(z.regex(/^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/)),
  }),
  features: z.object({
    bot_user: z.object({ display_name: text(1, 80), always_online: z.boolean() }),
    slash_commands: z
      .array(
        z.object({
          command: text(2, 32).check(z.regex(/^\//)),
          url: z.optional(url),
          description: text(1, 2000),
          usage_hint: text(1, 1000),
          should_escape: z.boolean(),
        }),
      )
      .check(z.minLength(1), z.maxLength(50)),
    shortcuts: z
      .array(
        z.object({
          name: text(1, 24),
          type: z.enum(['message', 'global']),
          callback_id: text(1, 255),
          description: text(1, 150),
        }),
      )
      .check(z.minLength(1), z.maxLength(10)),
  }),
  oauth_config: z.object({ scopes: z.object({ bot: z.array(text(1, 50)).check(z.minLength(1)) }) }),
  settings: z.object({
    interactivity: z.object({ is_enabled: z.literal(true), request_url: z.optional(url) }),
    org_deploy_enabled: z.boolean(),
    socket_mode_enabled: z.boolean(),
    token_rotation_enabled: z.boolean(),
  }),
});
type Manifest = z.infer<typeof manifestSchema>;

function readManifest(file: string): Manifest {
  return manifestSchema.parse(parse(readFileSync(join(ROOT, file), 'utf8')));
}

/**
 * Bot scopes each Web API method needs, from its page on docs.slack.dev ("Required scopes"). Lookout posts
 * to and creates public and private channels alike, so a conversations.* method needs the scope of both
 * kinds. A method missing here fails the test below: add it with the scopes its page lists.
 */
const SCOPES_OF: Record<string, readonly string[]> = {
  'auth.test': [],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'chat.postEphemeral': ['chat:write'],
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'conversations.archive': ['channels:manage', 'groups:write'],
  'conversations.create': ['channels:manage', 'groups:write'],
  'conversations.history': ['channels:history', 'groups:history'],
  'conversations.info': ['channels:read', 'groups:read'],
  'conversations.invite': ['channels:manage', 'groups:write'],
  'conversations.list': ['channels:read', 'groups:read'],
  'conversations.members': ['channels:read', 'groups:read'],
  'conversations.replies': ['channels:history', 'groups:history'],
  // files.uploadV2 is the client's name for getUploadURLExternal + completeUploadExternal.
  'files.completeUploadExternal': ['files:write'],
  'files.getUploadURLExternal': ['files:write'],
  'files.uploadV2': ['files:write'],
  'usergroups.list': ['usergroups:read'],
  'usergroups.users.list': ['usergroups:read'],
  'users.info': ['users:read'],
  'users.list': ['users:read'],
  'views.open': [],
  'views.publish': [],
  'views.push': [],
  'views.update': [],
};
/** Not a Web API method: slash commands and shortcuts need it. */
const FEATURE_SCOPES = ['commands'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const FAMILIES =
  'chat|conversations|users|usergroups|files|views|reactions|pins|team|bots|auth|bookmarks|reminders|dnd';
const CALL = new RegExp(
  `\\b[cC]lient\\.(?:(${FAMILIES})\\.([a-zA-Z]+(?:\\.[a-zA-Z]+)?)|(files)(UploadV2))\\s*[(<]`,
  'g',
);
const API_CALL = /\bapiCall\(\s*['"]([a-z]+\.[a-zA-Z.]+)['"]/g;

/** Every Slack Web API method Lookout's code calls through a WebClient, with where. */
function calledMethods(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of sourceFiles(join(ROOT, 'lambda'))) {
    // Comments name methods too (e.g. "files.uploadV2 (getUploadURLExternal, …)"): only code counts.
    const code = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const methods = [
      ...[...code.matchAll(CALL)].map((m) => (m[1] ? `${m[1]}.${m[2]}` : `${m[3]}.u${m[4]?.slice(1)}`)),
      ...[...code.matchAll(API_CALL)].map((m) => m[1] as string),
    ];
    for (const method of methods) found.set(method, [...(found.get(method) ?? []), relative(ROOT, file)]);
  }
  return found;
}

describe('Slack app manifests', () => {
  it.each(MANIFESTS)('%s has every key Slack requires, within its limits', (file) => {
    const manifest = readManifest(file);
    expect(manifest.features.shortcuts.map((s) => s.callback_id)).toContain('add_to_timeline');
  });

  it('points the deployed app’s command and interactivity at one request URL, and the Socket Mode app at none', () => {
    const deployed = readManifest('manifest.yaml');
    const socket = readManifest('manifest.socket-mode.yaml');

    expect(deployed.settings.socket_mode_enabled).toBe(false);
    const commandUrls = deployed.features.slash_commands.map((c) => c.url);
    expect(commandUrls.every((u) => u !== undefined)).toBe(true);
    expect(new Set([...commandUrls, deployed.settings.interactivity.request_url]).size).toBe(1);

    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(socket.features.slash_commands.map((c) => c.url)).toEqual([undefined]);
    expect(socket.settings.interactivity.request_url).toBeUndefined();
    // Installed beside the deployed app in one workspace: a command of its own, the same scopes.
    expect(socket.features.slash_commands.map((c) => c.command)).toEqual(['/lookout-dev']);
    expect(socket.oauth_config.scopes.bot).toEqual(deployed.oauth_config.scopes.bot);
  });

  it.each(MANIFESTS)(
    '%s promises in its usage hint only subcommands that exist, as help spells them',
    (file) => {
      const usages = SUBCOMMANDS.map((s) => usageOf('', s).trim());
      for (const command of readManifest(file).features.slash_commands) {
        const hinted = command.usage_hint.split(' | ');
        expect(hinted.filter((h) => !usages.includes(h))).toEqual([]);
        expect(hinted).toContain('help');
      }
    },
  );

  it.each(MANIFESTS)(
    '%s names every registered subcommand in its usage hint or README’s /lookout list, within Slack’s 1,000 characters',
    (file) => {
      const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
      for (const command of readManifest(file).features.slash_commands) {
        const hinted = command.usage_hint.split(' | ');
        const unlisted = (subcommands: readonly { name: string; usage: string }[]) =>
          subcommands
            .filter((s) => !hinted.includes(usageOf('', s).trim()) && !readme.includes(`/lookout ${s.name}`))
            .map((s) => s.name);
        expect(unlisted(SUBCOMMANDS)).toEqual([]);
        // Control: a subcommand neither lists is reported, so the check above can fail.
        expect(unlisted([{ name: 'escalate', usage: '<id>' }])).toEqual(['escalate']);
        expect(command.usage_hint.length).toBeLessThanOrEqual(1000);
      }
    },
  );

  it('finds the Web API calls it checks (the scan below is live)', () => {
    const called = calledMethods();
    for (const method of ['chat.postMessage', 'conversations.history', 'usergroups.users.list'])
      expect(called.has(method)).toBe(true);
  });

  it.each(MANIFESTS)(
    '%s grants a bot scope for every Web API method the code calls, and no scope nothing needs',
    (file) => {
      const granted = readManifest(file).oauth_config.scopes.bot;
      const called = calledMethods();
      const unknown = [...called.keys()].filter((m) => SCOPES_OF[m] === undefined);
      expect(unknown, 'add these methods to SCOPES_OF with the scopes Slack documents').toEqual([]);
      const needed = new Set([...called.keys()].flatMap((m) => SCOPES_OF[m] ?? []));
      const missing = [...needed].filter((s) => !granted.includes(s));
      expect(
        missing.map(
          (s) => `${s} (${[...called.keys()].filter((m) => SCOPES_OF[m]?.includes(s)).join(', ')})`,
        ),
      ).toEqual([]);
      expect(granted.filter((s) => !needed.has(s) && !FEATURE_SCOPES.includes(s))).toEqual([]);
    },
  );
});

describe('Slack app manifests: every command and shortcut has a listener', () => {
  let h: SlackAppHarness;

  beforeAll(async () => {
    h = await startSlackAppHarness();
  });
  afterAll(() => h.close());

  /** A signed slash command through the real Slack Lambda handler: Bolt answers 404 when no listener matches. */
  async function sendCommand(command: string) {
    const payload = h.slack.slashCommand({ command, text: 'help', user: 'U0ALICE', channel: CHANNEL });
    return h.send(formBody({ ...payload, api_app_id: 'A0LOOKOUT', is_enterprise_install: 'false' }));
  }

  async function sendMessageShortcut(callbackId: string) {
    const messageTs = '1764680000.000100';
    const { trigger_id, response_url } = h.slack.interaction({
      user: 'U0ALICE',
      channel: CHANNEL,
      messageTs,
    });
    return h.send(
      interactionBody({
        type: 'message_action',
        callback_id: callbackId,
        trigger_id,
        response_url,
        action_ts: '1764680001.000200',
        team: { id: 'T0LOOKOUT', domain: 'lookout' },
        channel: { id: CHANNEL, name: 'alerts' },
        user: { id: 'U0ALICE', name: 'alice' },
        message_ts: messageTs,
        message: { type: 'message', user: 'U0BOB', ts: messageTs, text: 'the record is back' },
        token: 'verification-token',
        is_enterprise_install: false,
      }),
    );
  }

  it('refuses, as a control, a command and a shortcut nobody registered (404)', async () => {
    expect((await sendCommand('/not-lookout')).statusCode).toBe(404);
    expect((await sendMessageShortcut('not_in_the_manifest')).statusCode).toBe(404);
  });

  it.each(MANIFESTS)('%s: each slash command is answered', async (file) => {
    for (const { command } of readManifest(file).features.slash_commands)
      expect({ command, status: (await sendCommand(command)).statusCode }).toEqual({ command, status: 200 });
  });

  it.each(MANIFESTS)('%s: each shortcut is answered', async (file) => {
    for (const { callback_id, type } of readManifest(file).features.shortcuts) {
      expect(type).toBe('message');
      const status = (await sendMessageShortcut(callback_id)).statusCode;
      expect({ callback_id, status }).toEqual({ callback_id, status: 200 });
    }
  });
});
