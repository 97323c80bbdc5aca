import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADD_TO_TIMELINE_SHORTCUT } from '../../lambda/slack/app/listeners/shortcuts/add-to-timeline.js';
import {
  BOT_TOKEN,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
  ZONE,
} from '../support/slack-app-harness.js';
import { messageShortcut, viewSubmission } from '../support/slack-interactions.js';

type Option = { text: { text: string }; value: string };
type ModalView = {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; element?: { type: string; options?: Option[] } }[];
};

describe('Slack app: the "Add to incident timeline" message shortcut (signed payloads through the handler)', () => {
  let h: SlackAppHarness;
  let incidentId: string;
  let message: { ts: string; text: string };

  beforeAll(async () => {
    h = await startSlackAppHarness({ slackConfig: { operators: { users: ['U0ALICE'], usergroups: [] } } });
    await h.probeRound();
    h.dns.deleteName(`db.${ZONE}`);
    await h.probeRound();
    const [incident] = await h.store.incidents.list(10);
    if (!incident) throw new Error('the probe round opened no incident');
    incidentId = incident.id;
    const text = 'db is empty again <!channel> & the deploy at 09:12 touched it';
    const posted = await new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url }).chat.postMessage({
      channel: CHANNEL,
      text,
    });
    message = { ts: posted.ts as string, text };
  });
  afterAll(() => h.close());

  /** The shortcut used on the message; resolves once the answers handed off after the ack are sent. */
  async function useShortcut(user: string) {
    const response = await h.send(
      h.interactionBody(
        messageShortcut(h.slack, {
          user,
          channel: CHANNEL,
          callbackId: ADD_TO_TIMELINE_SHORTCUT,
          message: { ...message, user: 'U0BOB' },
        }),
      ),
    );
    await h.app.idle();
    return response;
  }

  it('refuses a person who may not change incidents, without opening a modal', async () => {
    // Act
    const response = await useShortcut('U0MALLORY');

    // Assess
    expect(response.statusCode).toBe(200);
    expect(h.slack.views.filter((v) => v.user === 'U0MALLORY')).toEqual([]);
    const answer = h.slack.ephemerals.findLast((e) => e.user === 'U0MALLORY');
    expect(answer?.text).toContain('Only <@U0ALICE> may add to incident timelines from Slack');
  });

  it('opens a modal listing the open incidents, then copies author, time, permalink and text once', async () => {
    // Act: the shortcut
    const response = await useShortcut('U0ALICE');

    // Assess: the modal
    expect(response.statusCode).toBe(200);
    const opened = h.slack.views.findLast((v) => v.user === 'U0ALICE');
    if (!opened) throw new Error('no modal was opened');
    const view = opened.view as ModalView;
    expect(view.callback_id).toBe('add_to_timeline');
    const select = view.blocks.find((b) => b.type === 'input')?.element;
    expect(select?.type).toBe('static_select');
    expect(select?.options?.map((o) => o.value)).toEqual([incidentId]);

    // Act: the submission, twice (a modal submitted twice)
    const submit = () =>
      h.send(
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
    const first = await submit();
    const second = await submit();
    await h.app.idle();

    // Assess: one entry with who wrote it, when, the permalink and the text
    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    const timeline = await h.store.incidents.listTimeline(incidentId);
    const copied = timeline.filter((e) => e.facts?.slackMessageTs === message.ts);
    expect(copied).toHaveLength(1);
    const [entry] = copied;
    const permalink = `https://lookout-test.slack.com/archives/${CHANNEL}/p${message.ts.replace('.', '')}`;
    expect(entry?.facts?.slackPermalink).toBe(permalink);
    expect(entry?.facts?.slackMessageAuthor).toBe('U0BOB');
    expect(entry?.source).toBe('slack:U0ALICE (@alice)');
    expect(entry?.at).toBe(new Date(Math.floor(Number(message.ts) * 1000)).toISOString());
    expect(entry?.text).toContain(`Slack message by U0BOB at `);
    expect(entry?.text).toContain(`: "${message.text}" ${permalink}`);
    // Queued for the incident's thread, like every entry.
    const queued = await h.store.outbox.listPending(100, CHANNEL);
    expect(queued.some((i) => i.entry.entryId === entry?.entryId)).toBe(true);
  });

  it('answers chat.getPermalink as Slack documents it, and message_not_found for an unknown ts', async () => {
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url, retryConfig: { retries: 0 } });

    const found = await client.chat.getPermalink({ channel: CHANNEL, message_ts: message.ts });
    expect(found).toMatchObject({ ok: true, channel: CHANNEL });
    await expect(client.chat.getPermalink({ channel: CHANNEL, message_ts: '1.000001' })).rejects.toThrow(
      /message_not_found/,
    );
    await expect(client.chat.getPermalink({ channel: 'C0NOPE', message_ts: message.ts })).rejects.toThrow(
      /channel_not_found/,
    );
  });
});
