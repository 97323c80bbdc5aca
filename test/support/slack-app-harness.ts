import { DemoDnsServer } from '../../emulators/dns/dns-server.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { createSlackLambdaHandler, type SlackAppOptions } from '../../lambda/app/slack-app.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { resolveTargets } from '../../lambda/config/resolve-targets.js';
import { startTestStore } from './dynalite.js';
import { recordingLog } from './slack-fixtures.js';
import {
  formBody,
  interactionBody,
  type SignedRequestOptions,
  signedFunctionUrlEvent,
} from './slack-signing.js';

export const SIGNING_SECRET = 'test-signing-secret-8f2c';
export const BOT_TOKEN = 'xoxb-test-token';
export const ZONE = 'example.test';
export const CHANNEL = 'C0ALERTS';

/**
 * Lookout's Slack Lambda handler built by its composition root over real local servers: dynalite for
 * the store, the Slack emulator, and an authoritative DNS server for `check`. `send` signs a body as
 * Slack does and delivers it as a Function URL event.
 */
export async function startSlackAppHarness(
  options: Partial<SlackAppOptions> & { slackConfig?: Record<string, unknown> } = {},
) {
  const { slackConfig, ...appOptions } = options;
  const testStore = await startTestStore();
  const slack = await new FakeSlack({ channels: [CHANNEL], tokens: [BOT_TOKEN] }).start();
  const dns = new DemoDnsServer({ zones: [{ origin: ZONE, negativeTtl: 45, soaTtl: 300 }] });
  const dnsAddress = await dns.start();
  dns.setRecords(`api.${ZONE}`, 'A', ['192.0.2.1', '192.0.2.2'], 60);
  dns.setRecords(`db.${ZONE}`, 'A', ['192.0.2.9'], 60);
  const config = configSchema.parse({
    probe: { resolvers: [dnsAddress], timeoutMs: 10_000 },
    detection: { emptyAfterProbes: 1 },
    slack: { channel: CHANNEL, ...slackConfig },
    targets: [
      { name: `api.${ZONE}`, type: 'A', mode: 'exact' },
      { name: `db.${ZONE}`, type: 'A', mode: 'exact' },
    ],
  });
  const targets = resolveTargets(config, []);
  const log = recordingLog();
  const built = createSlackLambdaHandler({
    signingSecret: SIGNING_SECRET,
    credentials: { botToken: BOT_TOKEN, botId: 'B0LOOKOUT', botUserId: 'U0LOOKOUT' },
    store: testStore.store,
    config,
    targets: async () => targets,
    log,
    apiUrl: slack.url,
    // As on AWS: the runbooks the probe posts are the ones the app checks steps against.
    runbooks: async () => loadRunbooks({ env: {} }),
    ...appOptions,
  });
  const send = (rawBody: string, signing: Partial<SignedRequestOptions> & { base64?: boolean } = {}) =>
    built.handler(signedFunctionUrlEvent(rawBody, { signingSecret: SIGNING_SECRET, ...signing }), {});
  return {
    handler: built.handler,
    /** Lookout's Slack app as built (its worker, handoff, and `idle()` for in-process jobs). */
    app: built.slack,
    store: testStore.store,
    slack,
    dns,
    dnsAddress,
    config,
    targets,
    log,
    send,
    /** A person types `/lookout <text>` in the alert channel: the form body Slack would post. */
    command(text: string, user = 'U0ALICE') {
      const payload = slack.slashCommand({ command: '/lookout', text, user, channel: CHANNEL });
      return {
        payload,
        body: formBody({ ...payload, api_app_id: 'A0LOOKOUT', is_enterprise_install: 'false' }),
      };
    },
    interactionBody,
    /** Runs one probe round over the watched targets, so the store holds their state and incidents. */
    async probeRound() {
      const probe = createProbeApp({ config, targets, store: testStore.store, log, channel: CHANNEL });
      return probe.round();
    },
    async close() {
      await dns.stop();
      await slack.stop();
      await testStore.close();
    },
  };
}

export type SlackAppHarness = Awaited<ReturnType<typeof startSlackAppHarness>>;

/** The JSON a handler acknowledged with (Bolt answers `ack(message)` as the response body). */
export function ackBody(response: { body: string }): { response_type?: string; text?: string } {
  return response.body ? (JSON.parse(response.body) as { response_type?: string; text?: string }) : {};
}
