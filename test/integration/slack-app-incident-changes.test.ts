import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProbeApp } from '../../lambda/app/probe.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import type { Incident } from '../../lambda/domain/incident.js';
import { INCIDENT_ACTIONS } from '../../lambda/domain/render/incident-buttons.js';
import {
  DECLARE_BLOCKS,
  DECLARE_INPUT,
  DECLARE_VIEW,
} from '../../lambda/slack/app/listeners/views/declare-modal.js';
import { NOTE_BLOCK, NOTE_INPUT, NOTE_VIEW } from '../../lambda/slack/app/listeners/views/note-modal.js';
import {
  ackBody,
  BOT_TOKEN,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
  ZONE,
} from '../support/slack-app-harness.js';

const runbooks = loadRunbooks({ env: {} });
const ALICE = 'U0ALICE';
const EVE = 'U0EVE';

describe('Slack app: changing incidents from Slack (ack, resolve, note, declare, buttons, timeline)', () => {
  let h: SlackAppHarness;
  let probe: ReturnType<typeof createProbeApp> | undefined;
  let incidentId: string;

  /** The outbox sender the worker's `deliver` runs: the probe flow's, over the Slack emulator. */
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

  const incident = async (id = incidentId): Promise<Incident> => {
    const found = await h.store.incidents.get(id);
    if (!found) throw new Error(`no incident ${id}`);
    return found;
  };
  const entries = async (id = incidentId) => (await h.store.incidents.listTimeline(id)).map((e) => e.text);
  const root = async (id = incidentId) => {
    const ref = (await incident(id)).slack;
    const message = h.slack.messages.find((m) => m.channel === ref?.channel && m.ts === ref?.ts);
    if (!ref || !message) throw new Error(`no root message for ${id}`);
    return { ref, message, latest: message.updates.at(-1) ?? message };
  };
  const actionIds = (message: { blocks?: unknown[] }) =>
    (message.blocks ?? [])
      .flatMap((b) => (b as { elements?: { action_id?: string }[] }).elements ?? [])
      .map((e) => e.action_id)
      .filter((id): id is string => typeof id === 'string');
  const send = async (text: string, user = ALICE) => {
    const response = await h.send(h.command(text, user).body);
    await h.app.idle();
    return ackBody(response);
  };

  /** A person presses one of the root's buttons (Slack's block_actions payload, signed). */
  const press = async (actionId: string, user = ALICE, value = incidentId) => {
    const { ref } = await root();
    const gesture = h.slack.interaction({ user, channel: CHANNEL, messageTs: ref.ts });
    const response = await h.send(
      h.interactionBody({
        type: 'block_actions',
        team: { id: 'T0LOOKOUT', domain: 'lookout' },
        user: { id: user, username: user === ALICE ? 'alice' : 'eve', name: 'x', team_id: 'T0LOOKOUT' },
        api_app_id: 'A0LOOKOUT',
        token: 'legacy',
        container: { type: 'message', message_ts: ref.ts, channel_id: CHANNEL, is_ephemeral: false },
        trigger_id: gesture.trigger_id,
        response_url: gesture.response_url,
        channel: { id: CHANNEL, name: 'alerts' },
        message: { type: 'message', ts: ref.ts, text: '' },
        actions: [
          {
            type: 'button',
            action_id: actionId,
            block_id: 'incident_actions',
            value,
            text: { type: 'plain_text', text: actionId },
            action_ts: `${Date.now() / 1000}`,
          },
        ],
      }),
    );
    await h.app.idle();
    return { response, responseUrl: gesture.response_url };
  };

  /** A person submits a modal Lookout opened (Slack's view_submission payload, signed). */
  const submit = async (
    callbackId: string,
    values: Record<string, unknown>,
    user = ALICE,
    openedFor = user,
  ) => {
    const opened = h.slack.views
      .filter((v) => v.view.callback_id === callbackId && v.user === openedFor)
      .at(-1);
    if (!opened) throw new Error(`no ${callbackId} modal was opened for ${user}`);
    const gesture = h.slack.interaction({ user });
    const response = await h.send(
      h.interactionBody({
        type: 'view_submission',
        team: { id: 'T0LOOKOUT', domain: 'lookout' },
        user: { id: user, username: 'alice', name: 'alice', team_id: 'T0LOOKOUT' },
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
      }),
    );
    await h.app.idle();
    return response;
  };
  const ephemeralsTo = (user: string) => h.slack.ephemerals.filter((e) => e.user === user).map((e) => e.text);

  beforeAll(async () => {
    h = await startSlackAppHarness({
      slackConfig: { operators: { users: [ALICE] } },
      deliver,
      runbooks: async () => runbooks,
    });
    h.slack.addUser(ALICE, 'alice');
    h.slack.addUser(EVE, 'eve');
    h.slack.addMembers(CHANNEL, ALICE, EVE);
    await h.probeRound();
    h.dns.deleteName(`db.${ZONE}`);
    await h.probeRound();
    const [opened] = await h.store.incidents.list(10);
    if (!opened) throw new Error('the probe round opened no incident');
    incidentId = opened.id;
    await deliver();
  });
  afterAll(() => h.close());

  it('the root carries Acknowledge, Resolve, Add note and Show timeline while open', async () => {
    const { message } = await root();

    expect(actionIds(message)).toEqual(
      expect.arrayContaining([
        INCIDENT_ACTIONS.ack,
        INCIDENT_ACTIONS.resolve,
        INCIDENT_ACTIONS.note,
        INCIDENT_ACTIONS.timeline,
      ]),
    );
  });

  it('refuses ack by a non-operator ephemerally, naming who may, and changes nothing', async () => {
    // Prepare
    const before = await entries();

    // Act
    const answer = await send(`ack ${incidentId}`, EVE);

    // Assess
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toContain(`Only <@${ALICE}> may acknowledge incidents from Slack`);
    expect((await incident()).status).toBe('open');
    expect(await entries()).toEqual(before);
  });

  it('ack by an operator: an entry naming the Slack user, the root re-rendered in place, the entry in its thread', async () => {
    // Prepare
    const rootsBefore = h.slack.roots(CHANNEL).length;

    // Act
    const answer = await send(`ack ${incidentId}`);

    // Assess
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toBe(
      `Acknowledged \`${incidentId}\` as \`slack:${ALICE} (@alice)\`: its timeline names you, and its message in the channel follows the change.`,
    );
    const current = await incident();
    expect(current.status).toBe('acknowledged');
    expect(current.acknowledgedBy).toBe(`slack:${ALICE} (@alice)`);
    expect(await entries()).toContain(`Acknowledged by slack:${ALICE} (@alice)`);
    const { ref, message, latest } = await root();
    expect(message.updates.length).toBeGreaterThan(0);
    expect(latest.text).toMatch(/^ACKNOWLEDGED EMPTY/);
    expect(actionIds(latest)).not.toContain(INCIDENT_ACTIONS.ack);
    expect(actionIds(latest)).toContain(INCIDENT_ACTIONS.resolve);
    expect(h.slack.replies(CHANNEL, ref.ts).map((r) => r.text)).toContainEqual(
      expect.stringContaining(`Acknowledged by slack:${ALICE} (@alice)`),
    );
    expect(h.slack.roots(CHANNEL)).toHaveLength(rootsBefore);
  });

  it('ack again says the incident is no longer open, and writes nothing', async () => {
    const before = await entries();

    const answer = await send(`ack ${incidentId}`);

    expect(answer.text).toBe(
      `Nothing changed: ${incidentId} is acknowledged; only an open incident can be acknowledged.`,
    );
    expect(await entries()).toEqual(before);
  });

  it('note <id> <text> adds an entry naming the user, and a reply in the thread', async () => {
    const answer = await send(`note ${incidentId} checking the   deploy <!channel>`);

    expect(answer.text).toContain(`Added your note to \`${incidentId}\``);
    expect(await entries()).toContain(`Note by slack:${ALICE} (@alice): checking the   deploy <!channel>`);
    const { ref } = await root();
    const reply = h.slack.replies(CHANNEL, ref.ts).find((r) => r.text?.includes('checking the'));
    expect(reply?.text).toContain('&lt;!channel&gt;');
  });

  it('Add note opens a modal; its submission is one entry, and a second submission says it was added already', async () => {
    // Act: press, then submit twice (each submission with its own trigger id, as a double click sends).
    await press(INCIDENT_ACTIONS.note);
    const values = { [NOTE_BLOCK]: { [NOTE_INPUT]: { type: 'plain_text_input', value: 'DNS plan paused' } } };
    const first = await submit(NOTE_VIEW, values);
    const second = await submit(NOTE_VIEW, values);

    // Assess
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    const notes = (await entries()).filter((t) => t.includes('DNS plan paused'));
    expect(notes).toEqual([`Note by slack:${ALICE} (@alice): DNS plan paused`]);
    expect(ephemeralsTo(ALICE)).toContain(
      `This note was already added to \`${incidentId}\`; nothing was added again.`,
    );
  });

  it('an empty note keeps the modal open with the reason beside the field', async () => {
    await press(INCIDENT_ACTIONS.note);

    const response = await submit(NOTE_VIEW, {
      [NOTE_BLOCK]: { [NOTE_INPUT]: { type: 'plain_text_input', value: '   ' } },
    });

    expect(JSON.parse(response.body)).toEqual({
      response_action: 'errors',
      errors: { [NOTE_BLOCK]: 'What should the note say?' },
    });
  });

  it('Add note by a non-operator opens no modal and says who may', async () => {
    const modals = h.slack.views.length;

    const { responseUrl } = await press(INCIDENT_ACTIONS.note, EVE);

    expect(h.slack.views).toHaveLength(modals);
    const answer = h.slack.responses.filter((r) => r.url === responseUrl).at(-1);
    expect(answer?.body?.text).toContain(`Only <@${ALICE}> may add to incident timelines from Slack`);
  });

  it('Show timeline uploads the Markdown export into the incident thread', async () => {
    // Act
    const { responseUrl } = await press(INCIDENT_ACTIONS.timeline, EVE);

    // Assess
    const upload = h.slack.uploads.at(-1);
    const { ref } = await root();
    expect(upload?.completed).toBe(true);
    expect(upload?.filename).toBe(`${incidentId}.md`);
    expect(upload?.thread_ts).toBe(ref.ts);
    expect(upload?.bytes?.toString('utf8')).toContain(`# Incident ${incidentId}`);
    expect(upload?.bytes?.toString('utf8')).toContain(`slack:${ALICE} (@alice)`);
    const answers = h.slack.responses.filter((r) => r.url === responseUrl).map((r) => r.body?.text);
    expect(answers.at(-1)).toMatch(
      /^Uploaded `inc-[^`]+\.md` \(\d+ timeline entries\) into the incident's thread\.$/,
    );
  });

  it('resolve <id> <note> resolves with the note and the root loses Acknowledge and Resolve', async () => {
    const answer = await send(`resolve ${incidentId} rolled back the plan`);

    expect(answer.text).toContain(`Resolved \`${incidentId}\``);
    const current = await incident();
    expect(current.status).toBe('resolved');
    expect(current.resolutionNote).toBe('rolled back the plan');
    expect(await entries()).toContain(`Resolved by slack:${ALICE} (@alice): rolled back the plan`);
    const { latest } = await root();
    expect(latest.text).toMatch(/^RESOLVED/);
    expect(actionIds(latest)).not.toContain(INCIDENT_ACTIONS.ack);
    expect(actionIds(latest)).not.toContain(INCIDENT_ACTIONS.resolve);
    expect(actionIds(latest)).toContain(INCIDENT_ACTIONS.timeline);
  });

  it('Acknowledge pressed on a message shown before the resolve says the incident is resolved', async () => {
    const before = await entries();

    const { responseUrl } = await press(INCIDENT_ACTIONS.ack);

    const answer = h.slack.responses.filter((r) => r.url === responseUrl).at(-1);
    expect(answer?.body?.response_type).toBe('ephemeral');
    expect(answer?.body?.replace_original).toBe(false);
    expect(answer?.body?.text).toBe(
      `Nothing changed: ${incidentId} is resolved; only an open incident can be acknowledged.`,
    );
    expect(await entries()).toEqual(before);
  });

  it('timeline <id> hands off the upload and says where it went', async () => {
    const uploads = h.slack.uploads.length;

    const answer = await send(`timeline ${incidentId}`, EVE);

    expect(answer.text).toBe(
      `Rendering \`${incidentId}\`'s timeline as Markdown; Lookout says here where it was uploaded.`,
    );
    expect(h.slack.uploads).toHaveLength(uploads + 1);
    expect(h.slack.uploads.at(-1)?.bytes?.toString('utf8')).toContain('Resolved by slack:U0ALICE (@alice)');
  });

  it.each([
    [
      'ack inc-nope',
      'There is no incident `inc-nope`; `/lookout incidents` lists their ids. Type `/lookout ack &lt;id&gt;`.',
    ],
    ['ack', 'Which incident? Type `/lookout ack &lt;id&gt;`.'],
    [
      'resolve inc-nope fixed',
      'There is no incident `inc-nope`; `/lookout incidents` lists their ids. Type `/lookout resolve &lt;id&gt; [note]`.',
    ],
    [
      'note inc-nope hello',
      'There is no incident `inc-nope`; `/lookout incidents` lists their ids. Type `/lookout note &lt;id&gt; &lt;text&gt;`.',
    ],
    [
      'timeline inc-nope',
      'There is no incident `inc-nope`; `/lookout incidents` lists their ids. Type `/lookout timeline &lt;id&gt;`.',
    ],
    ['declare', 'What is the incident called? Type `/lookout declare &lt;title&gt;`.'],
    ['runbook', 'Which runbook? Type `/lookout runbook &lt;kind|name&gt; [id]`.'],
  ])('`/lookout %s` is answered with what to type', async (text, expected) => {
    const answer = await send(text);

    expect(answer.response_type).toBe('ephemeral');
    expect(answer.text).toBe(expected);
  });

  it('note without text says what is missing', async () => {
    const answer = await send(`note ${incidentId}`);

    expect(answer.text).toBe('What should the note say? Type `/lookout note &lt;id&gt; &lt;text&gt;`.');
  });

  it("runbook <kind> <id> renders the incident's runbook with its facts; by name, as written", async () => {
    const filled = await send(`runbook EMPTY ${incidentId}`, EVE);
    const written = await send('runbook dns-empty', EVE);

    expect(filled.response_type).toBe('ephemeral');
    expect(filled.text).toContain(`for \`${incidentId}\``);
    expect(filled.text).toContain(`db.${ZONE}`);
    expect(written.text).toContain('*Runbook `dns-empty`:');
    expect(written.text).toContain('{{');
  });

  it('runbook with an unknown name lists the runbooks there are', async () => {
    const answer = await send('runbook frobnicate');

    expect(answer.text).toContain('No runbook is named `frobnicate`');
    expect(answer.text).toContain('`dns-empty`');
  });

  describe('declare', () => {
    const form = (title: string) => ({
      [DECLARE_BLOCKS.title]: { [DECLARE_INPUT]: { type: 'plain_text_input', value: title } },
      [DECLARE_BLOCKS.severity]: {
        [DECLARE_INPUT]: { type: 'static_select', selected_option: { value: 'critical', text: {} } },
      },
      [DECLARE_BLOCKS.affected]: { [DECLARE_INPUT]: { type: 'plain_text_input', value: 'checkout API' } },
      [DECLARE_BLOCKS.channel]: {
        [DECLARE_INPUT]: { type: 'conversations_select', selected_conversation: CHANNEL },
      },
    });

    it('by a non-operator opens no modal and says who may', async () => {
      const modals = h.slack.views.length;

      const answer = await send('declare Checkout is down', EVE);

      expect(answer.text).toContain(`Only <@${ALICE}> may declare incidents from Slack`);
      expect(h.slack.views).toHaveLength(modals);
    });

    it('a submission by someone who may not declare (any more) is refused ephemerally and declares nothing', async () => {
      // Prepare: Alice's modal, submitted as Eve (an operator list changed while the modal was open).
      await send('declare Payments are slow');
      const before = (await h.store.incidents.list(50)).length;

      // Act
      await submit(DECLARE_VIEW, form('Payments are slow'), EVE, ALICE);

      // Assess
      expect(await h.store.incidents.list(50)).toHaveLength(before);
      expect(ephemeralsTo(EVE).at(-1)).toContain(`Only <@${ALICE}> may declare incidents from Slack`);
    });

    it('opens the modal on the fast path; its submission opens one incident with its root in the channel, twice submitted', async () => {
      // Act: the command opens the modal with its trigger id
      const answer = await send('declare Checkout is down');
      const opened = h.slack.views.at(-1);

      // Assess the modal
      expect(answer.text).toBe('Declaring `Checkout is down`: fill in the form Lookout opened.');
      expect(opened?.view.callback_id).toBe(DECLARE_VIEW);
      expect(JSON.stringify(opened?.view)).toContain('Checkout is down');

      // Act: submitted twice (a double click)
      const before = (await h.store.incidents.list(50)).length;
      await submit(DECLARE_VIEW, form('Checkout is down'));
      await submit(DECLARE_VIEW, form('Checkout is down'));

      // Assess: one incident, routed to the chosen channel, its root posted, the second submission told
      const declared = (await h.store.incidents.list(50)).filter((i) => i.kind === 'DECLARED');
      expect(declared).toHaveLength(1);
      expect(await h.store.incidents.list(50)).toHaveLength(before + 1);
      const [one] = declared as [Incident];
      expect(one.severity).toBe('critical');
      expect(one.channel).toBe(CHANNEL);
      expect(one.facts.affected).toBe('checkout API');
      expect(one.title).toBe('DECLARED: Checkout is down (critical)');
      expect(await entries(one.id)).toEqual([
        `Declared by slack:${ALICE} (@alice): Checkout is down (affects checkout API)`,
      ]);
      const { latest } = await root(one.id);
      expect(latest.text).toContain(
        `slack:${ALICE} (@alice) declared an incident: Checkout is down (affects checkout API).`,
      );
      expect(actionIds(latest)).toContain(INCIDENT_ACTIONS.ack);
      expect(JSON.stringify(latest.blocks)).toContain('Runbook: Declared: Checkout is down');
      expect(ephemeralsTo(ALICE)).toContainEqual(
        expect.stringContaining(`Declared \`${one.id}\` (critical)`),
      );
      expect(ephemeralsTo(ALICE)).toContain(
        'This declaration was already submitted; nothing was declared again.',
      );
    });
  });
});
