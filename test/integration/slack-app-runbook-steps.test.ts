import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedMessage } from '../../emulators/slack/slack-types.js';
import { createProbeApp } from '../../lambda/app/probe.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { RUNBOOK_STEP_FACT } from '../../lambda/domain/render/markdown-export.js';
import {
  RUNBOOK_STEP_ACTION_IDS,
  RUNBOOK_STEP_DONE_ACTION,
} from '../../lambda/domain/render/runbook-steps.js';
import {
  BOT_TOKEN,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
  ZONE,
} from '../support/slack-app-harness.js';
import { buttonPress } from '../support/slack-interactions.js';

type Blocks = {
  type: string;
  block_id?: string;
  text?: { text: string };
  accessory?: { value: string };
  elements?: { action_id: string; value: string }[];
}[];

/** The root as Slack shows it now: its last update, or the message as posted. */
function current(message: RecordedMessage): Blocks {
  return ((message.updates.at(-1)?.blocks ?? message.blocks) as Blocks | undefined) ?? [];
}

describe('Slack app: runbook steps checked off from the root (signed block_actions through the handler)', () => {
  let h: SlackAppHarness;
  let probe: ReturnType<typeof createProbeApp>;
  let incidentId: string;
  let root: RecordedMessage;

  /** The delivery a probe round runs (and the handed-off `deliver` job), so the root and thread follow. */
  async function deliver() {
    await h.app.idle();
    await probe.deliver();
  }

  function press(user: string, step: number) {
    const block = current(root).find((b) => b.block_id === `runbook-step-${step}`);
    const value = block?.accessory?.value;
    if (!value) throw new Error(`step ${step} has no Done button`);
    return h.send(
      h.interactionBody(
        buttonPress(h.slack, {
          user,
          channel: CHANNEL,
          messageTs: root.ts,
          actionId: RUNBOOK_STEP_DONE_ACTION,
          blockId: `runbook-step-${step}`,
          value,
        }),
      ),
    );
  }

  async function stepEntries() {
    const timeline = await h.store.incidents.listTimeline(incidentId);
    return timeline.filter((e) => typeof e.facts?.[RUNBOOK_STEP_FACT] === 'string');
  }

  beforeAll(async () => {
    h = await startSlackAppHarness({ slackConfig: { operators: { users: ['U0ALICE'], usergroups: [] } } });
    probe = createProbeApp({
      config: h.config,
      targets: h.targets,
      store: h.store,
      log: h.log,
      slack: {
        channel: CHANNEL,
        token: BOT_TOKEN,
        apiUrl: h.slack.url,
        runbooks: loadRunbooks({ env: {} }),
        giveUpAfterMinutes: 60,
      },
    });
    await probe.round();
    h.dns.deleteName(`db.${ZONE}`);
    await probe.round();
    await probe.deliver();
    const [incident] = await h.store.incidents.list(10);
    if (!incident) throw new Error('the probe round opened no incident');
    incidentId = incident.id;
    const [posted] = h.slack.roots(CHANNEL);
    if (!posted) throw new Error('no root message was posted');
    root = posted;
  });
  afterAll(() => h.close());

  it('renders every step of the EMPTY runbook with a Done button', () => {
    const steps = current(root).filter((b) => b.block_id?.startsWith('runbook-step-') && b.accessory);
    expect(steps).toHaveLength(7);
  });

  it('refuses a person who is not an operator, naming who may, and writes nothing', async () => {
    // Act
    const response = await press('U0MALLORY', 1);
    await deliver();

    // Assess
    expect(response.statusCode).toBe(200);
    const answer = h.slack.ephemerals.findLast((e) => e.user === 'U0MALLORY');
    expect(answer?.text).toContain(
      'Only <@U0ALICE> may check off runbook steps or run their actions from Slack',
    );
    expect(await stepEntries()).toEqual([]);
  });

  it("an operator's Done writes who and when to the timeline and checks the step off in the root", async () => {
    // Act
    const response = await press('U0ALICE', 2);
    await deliver();

    // Assess
    expect(response.statusCode).toBe(200);
    const [entry, ...more] = await stepEntries();
    expect(more).toEqual([]);
    expect(entry?.source).toBe('slack:U0ALICE (@alice)');
    expect(entry?.text).toBe(
      'step 2 "Ask the authoritative servers directly" done by slack:U0ALICE (@alice)',
    );
    expect(entry?.facts?.[RUNBOOK_STEP_FACT]).toBe('2. Ask the authoritative servers directly');
    const step2 = current(root).find((b) => b.block_id === 'runbook-step-2');
    expect(step2?.text?.text).toMatch(
      /:white_check_mark: _Done by <@U0ALICE> at \d{4}-\d\d-\d\d [\d:]+ UTC_/,
    );
    expect(step2?.accessory).toBeUndefined();
    // Updates go to the thread, never as a new top-level post.
    expect(h.slack.roots(CHANNEL)).toHaveLength(1);
    const replies = h.slack.replies(CHANNEL, root.ts).map((m) => m.text ?? '');
    expect(replies.some((t) => t.includes('step 2 "Ask the authoritative servers directly" done by'))).toBe(
      true,
    );
  });

  it('a second press writes nothing new and says who already did it', async () => {
    // Prepare: a button from the root as it was before the step was checked off
    const before = root.blocks as Blocks;
    const value = before.find((b) => b.block_id === 'runbook-step-2')?.accessory?.value ?? '';

    // Act
    const response = await h.send(
      h.interactionBody(
        buttonPress(h.slack, {
          user: 'U0ALICE',
          channel: CHANNEL,
          messageTs: root.ts,
          actionId: RUNBOOK_STEP_DONE_ACTION,
          blockId: 'runbook-step-2',
          value,
        }),
      ),
    );
    await deliver();

    // Assess
    expect(response.statusCode).toBe(200);
    expect(await stepEntries()).toHaveLength(1);
    const answer = h.slack.ephemerals.findLast((e) => e.user === 'U0ALICE');
    expect(answer?.text).toMatch(
      /^Step 2 `Ask the authoritative servers directly` was already checked off by <@U0ALICE> at .+ UTC; nothing new was written\.$/,
    );
  });

  it('"Re-check now" hands the probe off; every resolver\'s answer lands on the timeline and in the thread', async () => {
    // Prepare
    const button = current(root)
      .find((b) => b.block_id === 'runbook-step-1-action')
      ?.elements?.find((e) => e.action_id === RUNBOOK_STEP_ACTION_IDS.recheck);
    if (!button) throw new Error('step 1 has no Re-check now button');
    h.dns.setRecords(`db.${ZONE}`, 'A', ['192.0.2.77'], 60);

    // Act
    const response = await h.send(
      h.interactionBody(
        buttonPress(h.slack, {
          user: 'U0ALICE',
          channel: CHANNEL,
          messageTs: root.ts,
          actionId: RUNBOOK_STEP_ACTION_IDS.recheck,
          blockId: 'runbook-step-1-action',
          value: button.value,
        }),
      ),
    );
    await deliver();

    // Assess: acknowledged at once, the probe ran in the worker, its answers are an entry and a thread reply
    expect(response.statusCode).toBe(200);
    const timeline = await h.store.incidents.listTimeline(incidentId);
    const recheck = timeline.filter((e) => e.facts?.recheck === `db.${ZONE} A`);
    expect(recheck).toHaveLength(1);
    expect(recheck[0]?.source).toBe('slack:U0ALICE (@alice)');
    expect(recheck[0]?.text).toBe(
      `Re-check of db.${ZONE} A asked by slack:U0ALICE (@alice): 1 of 1 resolver answered with records.`,
    );
    expect(recheck[0]?.evidence?.map((o) => [o.resolver, o.kind, o.values])).toEqual([
      [h.dnsAddress, 'ANSWER', ['192.0.2.77']],
    ]);
    const reply = h.slack.replies(CHANNEL, root.ts).find((m) => (m.text ?? '').includes('Re-check of'));
    expect(JSON.stringify(reply?.blocks)).toContain(`\`${h.dnsAddress}\` → `);
    expect(JSON.stringify(reply?.blocks)).toContain('192.0.2.77');
    expect(h.slack.roots(CHANNEL)).toHaveLength(1);
  });

  it('refuses a re-check to a non-operator and hands nothing off', async () => {
    // Prepare
    const button = current(root)
      .find((b) => b.block_id === 'runbook-step-1-action')
      ?.elements?.find((e) => e.action_id === RUNBOOK_STEP_ACTION_IDS.recheck);
    const before = (await h.store.incidents.listTimeline(incidentId)).length;

    // Act
    await h.send(
      h.interactionBody(
        buttonPress(h.slack, {
          user: 'U0MALLORY',
          channel: CHANNEL,
          messageTs: root.ts,
          actionId: RUNBOOK_STEP_ACTION_IDS.recheck,
          blockId: 'runbook-step-1-action',
          value: button?.value ?? '',
        }),
      ),
    );
    await deliver();

    // Assess
    expect((await h.store.incidents.listTimeline(incidentId)).length).toBe(before);
    expect(h.slack.ephemerals.findLast((e) => e.user === 'U0MALLORY')?.text).toContain('Only <@U0ALICE> may');
  });

  it('after resolve the root has no step buttons, and a stale Done or Re-check writes and probes nothing', async () => {
    // Prepare: the buttons as they were on the root before the resolve
    const stale = current(root);
    const done = stale.find((b) => b.block_id === 'runbook-step-3')?.accessory?.value;
    const recheck = stale
      .find((b) => b.block_id === 'runbook-step-1-action')
      ?.elements?.find((e) => e.action_id === RUNBOOK_STEP_ACTION_IDS.recheck)?.value;
    if (!done || !recheck) throw new Error('the open root has no step buttons to go stale');
    await h.app.deps.incidents.resolve(incidentId, 'slack:U0ALICE (@alice)');
    await deliver();
    const before = (await h.store.incidents.listTimeline(incidentId)).length;
    const queries = h.dns.stats.udpQueries + h.dns.stats.tcpQueries;

    // Act
    const pressStale = (actionId: string, blockId: string, value: string) =>
      h.send(
        h.interactionBody(
          buttonPress(h.slack, {
            user: 'U0ALICE',
            channel: CHANNEL,
            messageTs: root.ts,
            actionId,
            blockId,
            value,
          }),
        ),
      );
    await pressStale(RUNBOOK_STEP_DONE_ACTION, 'runbook-step-3', done);
    await deliver();
    const doneAnswer = h.slack.ephemerals.findLast((e) => e.user === 'U0ALICE')?.text;
    await pressStale(RUNBOOK_STEP_ACTION_IDS.recheck, 'runbook-step-1-action', recheck);
    await deliver();
    const recheckAnswer = h.slack.ephemerals.findLast((e) => e.user === 'U0ALICE')?.text;

    // Assess
    const actions = JSON.stringify(current(root));
    expect(actions).not.toContain(RUNBOOK_STEP_DONE_ACTION);
    expect(actions).not.toContain(RUNBOOK_STEP_ACTION_IDS.recheck);
    const resolved = `Incident \`${incidentId}\` is already resolved; its runbook steps are a record now, so nothing was done or written.`;
    expect(doneAnswer).toBe(resolved);
    expect(recheckAnswer).toBe(resolved);
    expect((await h.store.incidents.listTimeline(incidentId)).length).toBe(before);
    expect(h.dns.stats.udpQueries + h.dns.stats.tcpQueries).toBe(queries);
  });
});
