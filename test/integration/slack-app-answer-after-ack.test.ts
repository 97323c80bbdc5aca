import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeApp } from '../../lambda/app/probe.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { INCIDENT_ACTIONS } from '../../lambda/domain/render/incident-buttons.js';
import {
  DECLARE_BLOCKS,
  DECLARE_INPUT,
  DECLARE_VIEW,
} from '../../lambda/slack/app/listeners/views/declare-modal.js';
import { NOTE_BLOCK, NOTE_INPUT, NOTE_VIEW } from '../../lambda/slack/app/listeners/views/note-modal.js';
import {
  BOT_TOKEN,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
  ZONE,
} from '../support/slack-app-harness.js';
import { buttonPress } from '../support/slack-interactions.js';
import { formBody } from '../support/slack-signing.js';

const ALICE = 'U0ALICE';
/** A channel the bot was never invited to: Slack answers chat.* there with `channel_not_found`. */
const ELSEWHERE = 'C0RANDOM';
const runbooks = loadRunbooks({ env: {} });

/**
 * Answers to a person go after Slack's acknowledgement (Bolt's Lambda receiver answers Slack only once
 * the listener returns), and a refused answer stops no work: a declaration typed in a channel the bot is
 * not in still gets its root posted, and the person is told through the command's response URL.
 */
describe('Slack app: answers after the acknowledgement (signed requests through the Lambda handler)', () => {
  let h: SlackAppHarness;
  let probe: ReturnType<typeof createProbeApp> | undefined;
  let incidentId: string;

  const deliver = () => {
    probe ??= createProbeApp({
      config: h.config,
      targets: h.targets,
      store: h.store,
      log: h.log,
      channel: CHANNEL,
      slack: { channel: CHANNEL, token: BOT_TOKEN, apiUrl: h.slack.url, runbooks, giveUpAfterMinutes: 60 },
    });
    return probe.deliver();
  };

  /** The modal last opened with `callbackId`, submitted by Alice with `values` (Slack's view_submission). */
  const submission = (callbackId: string, values: Record<string, unknown>) => {
    const opened = h.slack.views.filter((v) => v.view.callback_id === callbackId).at(-1);
    if (!opened) throw new Error(`no ${callbackId} modal was opened`);
    const gesture = h.slack.interaction({ user: ALICE });
    return h.interactionBody({
      type: 'view_submission',
      team: { id: 'T0LOOKOUT', domain: 'lookout' },
      user: { id: ALICE, username: 'alice', name: 'alice', team_id: 'T0LOOKOUT' },
      api_app_id: 'A0LOOKOUT',
      token: 'legacy',
      trigger_id: gesture.trigger_id,
      view: {
        ...opened.view,
        id: opened.id,
        hash: opened.hash,
        team_id: 'T0LOOKOUT',
        app_id: 'A0LOOKOUT',
        bot_id: 'B0LOOKOUT',
        state: { values },
      },
      response_urls: [],
    });
  };

  /** Alice presses Add note on the root, which opens the note modal. */
  const openNote = async () => {
    const ts = (await h.store.incidents.get(incidentId))?.slack?.ts;
    if (!ts) throw new Error('the incident has no root message');
    await h.send(
      h.interactionBody(
        buttonPress(h.slack, {
          user: ALICE,
          channel: CHANNEL,
          messageTs: ts,
          actionId: INCIDENT_ACTIONS.note,
          blockId: 'incident_actions',
          value: incidentId,
        }),
      ),
    );
    await h.app.idle();
  };
  const noteValues = (text: string) => ({
    [NOTE_BLOCK]: { [NOTE_INPUT]: { type: 'plain_text_input', value: text } },
  });

  beforeAll(async () => {
    h = await startSlackAppHarness({ slackConfig: { operators: { users: [ALICE] } }, deliver });
    h.slack.addMembers(CHANNEL, ALICE);
    await h.probeRound();
    h.dns.deleteName(`db.${ZONE}`);
    await h.probeRound();
    await deliver();
    const [opened] = await h.store.incidents.list(10);
    if (!opened) throw new Error('the probe rounds opened no incident');
    incidentId = opened.id;
  });
  afterAll(() => h.close());

  it('a declaration typed where the bot is not gets its root posted, and the person is told through the response URL', async () => {
    // Prepare: /lookout declare typed in a channel the bot is not in; the incident goes to the alert channel
    const command = h.slack.slashCommand({
      command: '/lookout',
      text: 'declare Checkout is down',
      user: ALICE,
      channel: ELSEWHERE,
    });
    await h.send(formBody({ ...command, api_app_id: 'A0LOOKOUT', is_enterprise_install: 'false' }));
    await h.app.idle();
    const roots = h.slack.roots(CHANNEL).length;

    // Act
    const response = await h.send(
      submission(DECLARE_VIEW, {
        [DECLARE_BLOCKS.title]: { [DECLARE_INPUT]: { type: 'plain_text_input', value: 'Checkout is down' } },
        [DECLARE_BLOCKS.severity]: {
          [DECLARE_INPUT]: { type: 'static_select', selected_option: { value: 'critical', text: {} } },
        },
        [DECLARE_BLOCKS.affected]: { [DECLARE_INPUT]: { type: 'plain_text_input', value: 'checkout' } },
        [DECLARE_BLOCKS.channel]: {
          [DECLARE_INPUT]: { type: 'conversations_select', selected_conversation: CHANNEL },
        },
      }),
    );
    await h.app.idle();

    // Assess: the root is posted; the ephemeral was refused, the response URL told Alice instead
    expect(response.statusCode).toBe(200);
    const declared = (await h.store.incidents.list(50)).find((i) => i.title.includes('Checkout is down'));
    expect(declared?.slack?.channel).toBe(CHANNEL);
    expect(h.slack.roots(CHANNEL)).toHaveLength(roots + 1);
    expect(h.slack.requests.filter((r) => r.method === 'chat.postEphemeral').at(-1)?.error).toBe(
      'channel_not_found',
    );
    const told = h.slack.responses.filter((r) => r.url === command.response_url).at(-1);
    expect(told?.status).toBe(200);
    expect(told?.body?.text).toMatch(
      /^Declared `inc-[^`]+` \(critical\) as `slack:U0ALICE \(@alice\)`; its message goes to <#C0ALERTS>\.$/,
    );
  });

  it('a note submission is acknowledged before a slow chat.postEphemeral finishes, and the answer follows', async () => {
    // Prepare
    await openNote();
    const answered = h.slack.count('chat.postEphemeral');
    h.slack.failNext(1, { delayMs: 1_500 }, 'chat.postEphemeral');

    // Act
    const response = await h.send(submission(NOTE_VIEW, noteValues('rolled back the deploy')));
    const atAck = { ephemerals: h.slack.count('chat.postEphemeral') };
    await h.app.idle();

    // Assess: Slack had its answer while the ephemeral was still on its way; then it arrived
    expect(response.statusCode).toBe(200);
    expect(atAck.ephemerals).toBe(answered);
    expect(h.slack.count('chat.postEphemeral', 200)).toBe(answered + 1);
    expect(h.slack.ephemerals.at(-1)).toMatchObject({
      user: ALICE,
      channel: CHANNEL,
      via: 'chat.postEphemeral',
      text: expect.stringMatching(/^Added your note to `inc-/),
    });
  });

  it('a note whose ephemeral is refused still reaches the thread, and the person is told through the response URL', async () => {
    // Prepare
    await openNote();
    const root = (await h.store.incidents.get(incidentId))?.slack;
    h.slack.failNext(1, { error: 'channel_not_found' }, 'chat.postEphemeral');

    // Act
    await h.send(submission(NOTE_VIEW, noteValues('failed over to the standby')));
    await h.app.idle();

    // Assess
    const entries = (await h.store.incidents.listTimeline(incidentId)).map((e) => e.text);
    expect(entries.filter((t) => t.includes('failed over to the standby'))).toHaveLength(1);
    const replies = h.slack.replies(CHANNEL, root?.ts ?? '').map((m) => m.text ?? '');
    expect(replies.some((t) => t.includes('failed over to the standby'))).toBe(true);
    expect(h.slack.ephemerals.at(-1)).toMatchObject({
      user: ALICE,
      via: 'response_url',
      text: expect.stringMatching(/^Added your note to `inc-/),
    });
  });
});
