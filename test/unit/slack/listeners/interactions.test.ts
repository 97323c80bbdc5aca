import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_ACTIONS } from '../../../../lambda/domain/render/incident-buttons.js';
import {
  encodeStepRef,
  RUNBOOK_STEP_ACTION_IDS,
  RUNBOOK_STEP_DONE_ACTION,
} from '../../../../lambda/domain/render/runbook-steps.js';
import type { SlackAppDeps } from '../../../../lambda/slack/app/deps.js';
import type { SlackJob } from '../../../../lambda/slack/app/jobs.js';
import { incidentAck } from '../../../../lambda/slack/app/listeners/actions/incident-ack.js';
import { incidentNote } from '../../../../lambda/slack/app/listeners/actions/incident-note.js';
import { incidentResolve } from '../../../../lambda/slack/app/listeners/actions/incident-resolve.js';
import { incidentTimeline } from '../../../../lambda/slack/app/listeners/actions/incident-timeline.js';
import {
  RESTORE_ACTION,
  restoreLastKnownGood,
} from '../../../../lambda/slack/app/listeners/actions/restore-last-known-good.js';
import { runbookStepDone } from '../../../../lambda/slack/app/listeners/actions/runbook-step-done.js';
import { runbookStepRecheck } from '../../../../lambda/slack/app/listeners/actions/runbook-step-recheck.js';
import { addToTimelineShortcut } from '../../../../lambda/slack/app/listeners/shortcuts/add-to-timeline.js';
import { addToTimelineSubmission } from '../../../../lambda/slack/app/listeners/views/add-to-timeline.js';
import {
  encodeMessage,
  INCIDENT_ACTION,
  INCIDENT_BLOCK,
} from '../../../../lambda/slack/app/listeners/views/add-to-timeline-view.js';
import { declareSubmission } from '../../../../lambda/slack/app/listeners/views/declare-submission.js';
import { NOTE_BLOCK, NOTE_INPUT } from '../../../../lambda/slack/app/listeners/views/note-modal.js';
import { noteSubmission } from '../../../../lambda/slack/app/listeners/views/note-submission.js';
import { restoreConfirmSubmission } from '../../../../lambda/slack/app/listeners/views/restore-confirm.js';
import { modalProblems } from '../../../support/block-kit-limits.js';
import {
  argsOf,
  boltFakes,
  buttonPress,
  CHANNEL,
  failingStore,
  type ListenerDeps,
  OPERATOR,
  RESPONSE_URL,
  STRANGER,
  startListenerDeps,
  viewSubmission,
} from '../../../support/slack-listener-fakes.js';

// biome-ignore lint/suspicious/noExplicitAny: each listener takes its own Bolt argument type; the fakes build them all
type Listener = (deps: SlackAppDeps) => (args: any) => Promise<void>;

let env: ListenerDeps;

beforeAll(async () => {
  env = await startListenerDeps();
});
afterAll(() => env?.close());

const tells = (jobs: readonly SlackJob[]) =>
  jobs.filter((j): j is Extract<SlackJob, { kind: 'tell' }> => j.kind === 'tell').map((j) => j.text);

/** Presses a button as `user` and returns Bolt's side and the jobs handed off by this press. */
async function press(listener: Listener, actionId: string, value: string, user = OPERATOR, deps = env.deps) {
  const fakes = boltFakes();
  const from = env.jobs.length;
  await listener(deps)(argsOf(fakes, buttonPress(actionId, value, user)));
  expect(fakes.acks, 'acknowledged exactly once').toHaveLength(1);
  return { fakes, jobs: env.jobs.slice(from) };
}

const stepValue = (incidentId: string) =>
  encodeStepRef({ incidentId, runbookId: 'dns-empty', step: 1, title: 'Look at the record' });

/** Every button, with the value it carries for an incident. */
const BUTTONS: { name: string; listener: Listener; actionId: string; value: (id: string) => string }[] = [
  { name: 'Acknowledge', listener: incidentAck, actionId: INCIDENT_ACTIONS.ack, value: (id) => id },
  { name: 'Resolve', listener: incidentResolve, actionId: INCIDENT_ACTIONS.resolve, value: (id) => id },
  { name: 'Add note', listener: incidentNote, actionId: INCIDENT_ACTIONS.note, value: (id) => id },
  { name: 'Done', listener: runbookStepDone, actionId: RUNBOOK_STEP_DONE_ACTION, value: stepValue },
  {
    name: 'Re-check now',
    listener: runbookStepRecheck,
    actionId: RUNBOOK_STEP_ACTION_IDS.recheck,
    value: stepValue,
  },
];

describe('Listeners: buttons (called directly)', () => {
  it('answers each button on a resolved incident with its state, writing nothing', async () => {
    // Prepare
    const incident = await env.declared('V0BUTTONSRESOLVED');
    await env.deps.incidents.resolve(incident.id, `slack:${OPERATOR}`);
    const before = await env.itemCount();
    // Act, Assess
    const ack = await press(incidentAck, INCIDENT_ACTIONS.ack, incident.id);
    expect(tells(ack.jobs)).toEqual([expect.stringMatching(/^Nothing changed: .*resolved/)]);
    const resolve = await press(incidentResolve, INCIDENT_ACTIONS.resolve, incident.id);
    expect(tells(resolve.jobs)).toEqual([expect.stringMatching(/^Nothing changed: .*resolved/)]);
    for (const [listener, actionId] of [
      [runbookStepDone, RUNBOOK_STEP_DONE_ACTION],
      [runbookStepRecheck, RUNBOOK_STEP_ACTION_IDS.recheck],
    ] as const) {
      const { jobs } = await press(listener, actionId, stepValue(incident.id));
      expect(jobs.map((j) => j.kind)).toEqual(['tell']);
      expect(tells(jobs)[0]).toContain(`Incident \`${incident.id}\` is already resolved`);
    }
    const restore = await press(restoreLastKnownGood, RESTORE_ACTION, incident.id);
    expect(tells(restore.jobs)[0]).toMatch(/restore/i);
    expect(restore.fakes.opened).toEqual([]);
    expect(await env.itemCount()).toBe(before);
  });

  it('still lets an operator add a note to a resolved incident: the modal opens within Slack limits', async () => {
    const incident = await env.declared('V0NOTERESOLVED');
    await env.deps.incidents.resolve(incident.id, `slack:${OPERATOR}`);
    const { fakes, jobs } = await press(incidentNote, INCIDENT_ACTIONS.note, incident.id);
    expect(jobs).toEqual([]);
    expect(fakes.opened).toHaveLength(1);
    expect(modalProblems(fakes.opened[0]?.view as Record<string, unknown>)).toEqual([]);
  });

  it('refuses a non-operator on every state-changing button by naming who may act, writing nothing', async () => {
    const incident = await env.declared('V0BUTTONSREFUSED');
    const before = await env.itemCount();
    for (const button of BUTTONS) {
      const { fakes, jobs } = await press(
        button.listener,
        button.actionId,
        button.value(incident.id),
        STRANGER,
      );
      expect(
        jobs.map((j) => j.kind),
        button.name,
      ).toEqual(['tell']);
      expect(tells(jobs)[0], button.name).toContain(`Only <@${OPERATOR}> may`);
      expect(fakes.opened, button.name).toEqual([]);
    }
    expect(await env.itemCount()).toBe(before);
    expect((await env.store.incidents.get(incident.id))?.status).toBe('open');
  });

  it('hands Show timeline to the worker and answers nothing itself', async () => {
    const { jobs } = await press(incidentTimeline, INCIDENT_ACTIONS.timeline, 'inc-anything');
    expect(jobs).toEqual([
      expect.objectContaining({ kind: 'timeline', incidentId: 'inc-anything', responseUrl: RESPONSE_URL }),
    ]);
  });

  const RESTORE_BUTTON = {
    name: 'Restore last-known-good',
    listener: restoreLastKnownGood,
    actionId: RESTORE_ACTION,
    value: (id: string) => id,
  };
  it.each([...BUTTONS, RESTORE_BUTTON])(
    'never throws into Bolt from $name when the store fails: the presser is told, the log has the cause',
    async (button) => {
      const deps = {
        ...env.deps,
        store: failingStore(env.deps.store),
        incidents: failingIncidents(),
        config: {
          ...env.deps.config,
          route53: { restoreFromSlack: true, zones: [] },
        } as unknown as SlackAppDeps['config'],
        restore: () => ({}) as never,
      };
      const logged = env.log.lines.length;
      const { jobs } = await press(button.listener, button.actionId, button.value('inc-1'), OPERATOR, deps);
      expect(tells(jobs)).toEqual([expect.stringMatching(/could not .*Try again/)]);
      expect(env.log.lines.slice(logged).some((l) => l.level === 'error')).toBe(true);
    },
  );
});

const noteValues = (text: string) => ({
  [NOTE_BLOCK]: { [NOTE_INPUT]: { type: 'plain_text_input', value: text } },
});
const noteMetadata = (incidentId: string) =>
  JSON.stringify({ incidentId, channel: CHANNEL, responseUrl: RESPONSE_URL });
const declareValues = (title: string) => ({
  title: { value: { value: title } },
  severity: { value: { selected_option: { value: 'high' } } },
  affected: { value: { value: 'checkout.example.test' } },
  channel: { value: { selected_conversation: CHANNEL } },
});

/** Submits a modal as `user` and returns Bolt's side and the jobs handed off by this submission. */
async function submit(listener: Listener, payload: ReturnType<typeof viewSubmission>, deps = env.deps) {
  const fakes = boltFakes();
  const from = env.jobs.length;
  await listener(deps)(argsOf(fakes, payload));
  expect(fakes.acks, 'acknowledged exactly once').toHaveLength(1);
  return { fakes, jobs: env.jobs.slice(from) };
}

describe('Listeners: modals (called directly)', () => {
  it('adds a note submitted twice once, and tells the second submission so', async () => {
    const incident = await env.declared('V0NOTETWICE');
    const first = await submit(
      noteSubmission,
      viewSubmission('V0NOTEMODAL', noteMetadata(incident.id), noteValues('Rolled back')),
    );
    expect(tells(first.jobs)[0]).toMatch(/^Added your note to/);
    expect(first.jobs.map((j) => j.kind)).toEqual(['deliver', 'tell']);
    const afterFirst = await env.itemCount();
    const second = await submit(
      noteSubmission,
      viewSubmission('V0NOTEMODAL', noteMetadata(incident.id), noteValues('Rolled back')),
    );
    expect(second.jobs.map((j) => j.kind)).toEqual(['tell']);
    expect(tells(second.jobs)[0]).toContain('already added');
    expect(await env.itemCount()).toBe(afterFirst);
    const { timeline } = await env.deps.incidents.show(incident.id);
    expect(timeline.filter((e) => e.kind === 'NOTE')).toHaveLength(1);
  });

  it('declares once when the declare modal is submitted twice', async () => {
    const metadata = JSON.stringify({ channel: CHANNEL, responseUrl: RESPONSE_URL });
    const first = await submit(
      declareSubmission,
      viewSubmission('V0DECLARETWICE', metadata, declareValues('DB down')),
    );
    expect(tells(first.jobs)[0]).toMatch(/^Declared `[^`]+` \(high\)/);
    const afterFirst = await env.itemCount();
    const second = await submit(
      declareSubmission,
      viewSubmission('V0DECLARETWICE', metadata, declareValues('DB down')),
    );
    expect(tells(second.jobs)).toEqual([expect.stringContaining('already submitted')]);
    expect(second.jobs.some((j) => j.kind === 'deliver')).toBe(false);
    expect(await env.itemCount()).toBe(afterFirst);
  });

  it('keeps an empty note in the modal with the question to answer, writing nothing', async () => {
    const before = await env.itemCount();
    const { fakes, jobs } = await submit(
      noteSubmission,
      viewSubmission('V0EMPTYNOTE', noteMetadata('inc-1'), noteValues('   ')),
    );
    expect(fakes.acks[0]).toEqual({
      response_action: 'errors',
      errors: { [NOTE_BLOCK]: 'What should the note say?' },
    });
    expect(jobs).toEqual([]);
    expect(await env.itemCount()).toBe(before);
  });

  it('refuses a non-operator in every modal by naming who may act, writing nothing', async () => {
    const incident = await env.declared('V0MODALREFUSED');
    const before = await env.itemCount();
    const declare = await submit(
      declareSubmission,
      viewSubmission(
        'V0DECLARESTRANGER',
        JSON.stringify({ channel: CHANNEL }),
        declareValues('Mine'),
        STRANGER,
      ),
    );
    expect(tells(declare.jobs)).toEqual([expect.stringContaining(`Only <@${OPERATOR}> may`)]);
    const note = await submit(
      noteSubmission,
      viewSubmission('V0NOTESTRANGER', noteMetadata(incident.id), noteValues('hi'), STRANGER),
    );
    expect(tells(note.jobs)).toEqual([expect.stringContaining(`Only <@${OPERATOR}> may`)]);
    const copy = await submit(addToTimelineSubmission, viewSubmission('V0COPYSTRANGER', '{}', {}, STRANGER));
    expect(JSON.stringify(copy.fakes.acks[0])).toContain(`Only <@${OPERATOR}> may`);
    const restore = await submit(
      restoreConfirmSubmission,
      viewSubmission('V0RESTORESTRANGER', '{}', {}, STRANGER),
    );
    expect((restore.fakes.acks[0] as { response_action: string }).response_action).toBe('update');
    expect(await env.itemCount()).toBe(before);
  });

  it.each([
    ['note', noteSubmission, () => viewSubmission('V0NOTEFAIL', noteMetadata('inc-1'), noteValues('hi'))],
    [
      'declare',
      declareSubmission,
      () =>
        viewSubmission(
          'V0DECLAREFAIL',
          JSON.stringify({ channel: CHANNEL, responseUrl: RESPONSE_URL }),
          declareValues('x'),
        ),
    ],
  ] as [string, Listener, () => ReturnType<typeof viewSubmission>][])(
    'never throws into Bolt from the %s submission when the store fails',
    async (_name, listener, payload) => {
      const deps = { ...env.deps, store: failingStore(env.deps.store), incidents: failingIncidents() };
      const logged = env.log.lines.length;
      const { jobs } = await submit(listener, payload(), deps);
      expect(tells(jobs)).toEqual([expect.stringMatching(/could not .*Try again/)]);
      expect(env.log.lines.slice(logged).some((l) => l.level === 'error')).toBe(true);
    },
  );
});

describe('Listener: the "Add to incident timeline" submission over a failing store', () => {
  it('says so in the modal and logs the cause instead of throwing into Bolt', async () => {
    const deps = { ...env.deps, store: failingStore(env.deps.store), incidents: failingIncidents() };
    const logged = env.log.lines.length;
    const metadata = encodeMessage({ channel: CHANNEL, ts: '1700000000.000100', excerpt: 'x' });
    const values = { [INCIDENT_BLOCK]: { [INCIDENT_ACTION]: { selected_option: { value: 'inc-1' } } } };
    const { fakes, jobs } = await submit(
      addToTimelineSubmission,
      viewSubmission('V0COPYFAIL', metadata, values),
      deps,
    );
    expect(JSON.stringify(fakes.acks[0])).toMatch(/could not add the message: .*Try again/);
    expect(jobs).toEqual([]);
    expect(env.log.lines.slice(logged).some((l) => l.level === 'error')).toBe(true);
  });
});

describe('Listener: the "Add to incident timeline" shortcut (called directly)', () => {
  const shortcut = (user: string) => ({
    type: 'message_action',
    callback_id: 'add_to_timeline',
    trigger_id: `T${user}.shortcut`,
    response_url: RESPONSE_URL,
    user: { id: user, name: user.toLowerCase() },
    channel: { id: CHANNEL, name: 'alerts' },
    message_ts: '1700000000.000100',
    message: {
      type: 'message',
      ts: '1700000000.000100',
      user: 'U0BOB',
      text: `<!channel> ${'long '.repeat(400)}`,
    },
    team: { id: 'T0TEAM', domain: 'example' },
    token: 'legacy',
    action_ts: '1700000000.000300',
  });

  it('refuses a non-operator by naming who may act, opening nothing', async () => {
    const fakes = boltFakes();
    const from = env.jobs.length;
    await addToTimelineShortcut(env.deps)(
      argsOf(fakes, { shortcut: shortcut(STRANGER), body: shortcut(STRANGER) }),
    );
    expect(fakes.acks).toHaveLength(1);
    expect(tells(env.jobs.slice(from))).toEqual([expect.stringContaining(`Only <@${OPERATOR}> may`)]);
    expect(fakes.opened).toEqual([]);
  });

  it('opens its modal within Slack limits for an operator', async () => {
    await env.declared('V0SHORTCUTOPEN');
    const fakes = boltFakes();
    await addToTimelineShortcut(env.deps)(
      argsOf(fakes, { shortcut: shortcut(OPERATOR), body: shortcut(OPERATOR) }),
    );
    expect(fakes.acks).toHaveLength(1);
    expect(fakes.opened).toHaveLength(1);
    expect(modalProblems(fakes.opened[0]?.view as Record<string, unknown>)).toEqual([]);
  });

  it('never throws into Bolt when the store fails', async () => {
    const deps = { ...env.deps, store: failingStore(env.deps.store), incidents: failingIncidents() };
    const fakes = boltFakes();
    const from = env.jobs.length;
    await addToTimelineShortcut(deps)(
      argsOf(fakes, { shortcut: shortcut(OPERATOR), body: shortcut(OPERATOR) }),
    );
    expect(fakes.acks).toHaveLength(1);
    expect(tells(env.jobs.slice(from))).toEqual([expect.stringMatching(/could not|Try again/)]);
  });
});

/** The incident commands as they behave over a failing store. */
function failingIncidents(): SlackAppDeps['incidents'] {
  const fail = async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'NetworkingError' });
  };
  return new Proxy(env.deps.incidents, { get: () => fail });
}
