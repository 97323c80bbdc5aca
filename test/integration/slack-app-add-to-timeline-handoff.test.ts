import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handoff } from '../../lambda/ports/handoff.js';
import type { SlackJob } from '../../lambda/slack/app/jobs.js';
import { ADD_TO_TIMELINE_SHORTCUT } from '../../lambda/slack/app/listeners/shortcuts/add-to-timeline.js';
import {
  BOT_TOKEN,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
} from '../support/slack-app-harness.js';
import { messageShortcut, viewSubmission } from '../support/slack-interactions.js';

type ModalView = { callback_id: string; private_metadata: string };

/** A handoff that keeps the jobs instead of running them: what ran before the answer is all there is. */
function keptHandoff(): Handoff & { jobs: SlackJob[] } {
  const jobs: SlackJob[] = [];
  return { jobs, send: async (job) => void jobs.push(job) };
}

describe('Slack app: "Add to incident timeline" asks Slack for the permalink in the worker, not before the answer', () => {
  let h: SlackAppHarness;
  let handoff: ReturnType<typeof keptHandoff>;
  let incidentId: string;

  beforeAll(async () => {
    handoff = keptHandoff();
    h = await startSlackAppHarness({
      handoff,
      slackConfig: { operators: { users: ['U0ALICE'], usergroups: [] } },
    });
    h.slack.addMembers(CHANNEL, 'U0ALICE');
    await h.probeRound();
    h.dns.deleteName('db.example.test');
    await h.probeRound();
    const [incident] = await h.store.incidents.list(10);
    if (!incident) throw new Error('the probe round opened no incident');
    incidentId = incident.id;
  });
  afterAll(() => h.close());

  /** A message posted, the shortcut used on it (its modal opened), and the modal submitted. */
  async function copyMessage(text: string) {
    const posted = await new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url }).chat.postMessage({
      channel: CHANNEL,
      text,
    });
    const message = { ts: posted.ts as string, text, user: 'U0BOB' };
    await h.send(
      h.interactionBody(
        messageShortcut(h.slack, {
          user: 'U0ALICE',
          channel: CHANNEL,
          callbackId: ADD_TO_TIMELINE_SHORTCUT,
          message,
        }),
      ),
    );
    const opened = h.slack.views.findLast((v) => v.user === 'U0ALICE');
    if (!opened) throw new Error('no modal was opened');
    const view = opened.view as ModalView;
    const permalinksBefore = h.slack.count('chat.getPermalink');
    const jobsBefore = handoff.jobs.length;
    const response = await h.send(
      h.interactionBody(
        viewSubmission(h.slack, {
          user: 'U0ALICE',
          view: { id: opened.id, callback_id: view.callback_id, private_metadata: view.private_metadata },
          values: {
            incident: {
              incident: {
                type: 'static_select',
                selected_option: { value: incidentId, text: { type: 'plain_text', text: incidentId } },
              },
            },
          },
        }),
      ),
    );
    const permalinksAtAnswer = h.slack.count('chat.getPermalink') - permalinksBefore;
    const handed = handoff.jobs.slice(jobsBefore);
    return { message, response, permalinksAtAnswer, handed };
  }

  const copiedEntries = async (ts: string) =>
    (await h.store.incidents.listTimeline(incidentId)).filter((e) => e.facts?.slackMessageTs === ts);

  it('answers the submission before any chat.getPermalink; the worker then writes author, time and permalink', async () => {
    // Act: the submission, answered
    const { message, response, permalinksAtAnswer, handed } = await copyMessage(
      'the resolver cache was flushed',
    );

    // Assess: nothing slower than a store read came before the answer
    expect(response.statusCode).toBe(200);
    expect(permalinksAtAnswer).toBe(0);
    expect(await copiedEntries(message.ts)).toEqual([]);
    const job = handed.find((j) => j.kind === 'add-to-timeline');
    if (!job) throw new Error(`no add-to-timeline job was handed off: ${JSON.stringify(handed)}`);

    // Act: the worker runs the job
    await h.app.worker.run(job);

    // Assess: the entry, and the person told where they acted
    const copied = await copiedEntries(message.ts);
    expect(copied).toHaveLength(1);
    const permalink = `https://lookout-test.slack.com/archives/${CHANNEL}/p${message.ts.replace('.', '')}`;
    expect(copied[0]?.facts?.slackPermalink).toBe(permalink);
    expect(copied[0]?.facts?.slackMessageAuthor).toBe('U0BOB');
    expect(copied[0]?.source).toBe('slack:U0ALICE (@alice)');
    expect(copied[0]?.at).toBe(new Date(Math.floor(Number(message.ts) * 1000)).toISOString());
    expect(h.slack.count('chat.getPermalink', 200)).toBeGreaterThan(0);
    const told = h.slack.ephemerals.findLast((e) => e.user === 'U0ALICE' && e.via === 'chat.postEphemeral');
    expect(told?.text).toBe(`Added to the timeline of incident \`${incidentId}\`.`);
    const queued = await h.store.outbox.listPending(100, CHANNEL);
    expect(queued.some((i) => i.entry.entryId === copied[0]?.entryId)).toBe(true);
  });

  it('writes the entry without a link when Slack gives no permalink, logs why, and keeps its id on a retry', async () => {
    // Prepare
    const { message, handed } = await copyMessage('rolled back the zone at 10:02');
    const job = handed.find((j) => j.kind === 'add-to-timeline');
    if (!job) throw new Error('no add-to-timeline job was handed off');
    h.slack.failNext(1, { error: 'message_not_found' }, 'chat.getPermalink');

    // Act: the first attempt (no permalink), then the job run again under a fresh claim (Slack answers now)
    await h.app.worker.run(job);
    const [first] = await copiedEntries(message.ts);
    await h.app.worker.run({ ...job, id: `${job.id}:again` });

    // Assess
    expect(first?.facts?.slackPermalink).toBeUndefined();
    expect(first?.text).toContain('(Slack gave no permalink)');
    expect(first?.text).not.toContain('https://');
    const warned = h.log.lines.find((l) => l.message.includes('chat.getPermalink'));
    expect(warned?.level).toBe('warn');
    expect(warned?.extra).toMatchObject({ channel: CHANNEL, ts: message.ts, reason: 'message_not_found' });
    const copied = await copiedEntries(message.ts);
    expect(copied).toHaveLength(1);
    expect(copied[0]?.entryId).toBe(first?.entryId);
    const told = h.slack.ephemerals.filter((e) => e.user === 'U0ALICE').map((e) => e.text);
    expect(told).toContain(
      `Added to the timeline of incident \`${incidentId}\`, without a link to the message (Slack answered message_not_found): the entry names its channel and time.`,
    );
  });
});
