import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayOutage } from '../../demo/outage-replay.js';
import type { ReplayResult } from '../../demo/replay-options.js';
import { FakeSlack } from '../../emulators/slack/slack-server.js';
import type { RecordedMessage } from '../../emulators/slack/slack-types.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';

const TOKEN = 'xoxb-demo-slack-test';
const CHANNEL = 'C0DEMO';
const LINE =
  /^Slack: (\d+) top-level posts?, (\d+) thread repl(?:y|ies), (\d+) edits? \(of which (\d+) of the root, (\d+) of grouped replies\); (\d+) Web API calls? in all$/m;

/** The entry a message was posted for (Lookout's message metadata). */
function entryOf(message: RecordedMessage): string | undefined {
  return (message.metadata?.event_payload as { entry?: string } | undefined)?.entry;
}

describe('Function: replayOutage with Slack on (the Slack emulator, rate limits on)', () => {
  let slack: FakeSlack;
  let result: ReplayResult;
  let printed = '';

  beforeAll(async () => {
    slack = await new FakeSlack({
      tokens: [TOKEN],
      channels: [CHANNEL],
      rateLimit: { perSecond: 1, burst: 3, tiers: true },
    }).start();
    const out = new PassThrough();
    out.on('data', (chunk) => {
      printed += String(chunk);
    });
    result = await replayOutage({
      out,
      intervalSeconds: 0.3,
      planIntervalMs: 120,
      healthMinuteMs: 40,
      slack: {
        channel: CHANNEL,
        token: TOKEN,
        apiUrl: slack.url,
        runbooks: loadRunbooks({ env: {} }),
        giveUpAfterMinutes: 60,
      },
    });
  }, 180_000);
  afterAll(() => slack?.stop());

  it('prints one line with the posts, replies and edits its delivery made, as Slack recorded them', () => {
    // Assess
    const [line, posts, replies, edits, rootEdits, replyEdits, calls] = LINE.exec(printed) ?? [];
    expect(line).toBeDefined();
    const threaded = slack.messages.filter((m) => m.channel === CHANNEL && m.thread_ts);
    const updates = slack.messages.reduce((n, m) => n + m.updates.length, 0);
    expect(Number(posts)).toBe(slack.roots(CHANNEL).length);
    // Said as a person would: "1 top-level post", not "1 top-level posts".
    expect(line).toContain(Number(posts) === 1 ? '1 top-level post,' : `${posts} top-level posts,`);
    expect(Number(replies)).toBe(threaded.length);
    expect(Number(edits)).toBe(updates);
    expect(Number(rootEdits) + Number(replyEdits)).toBe(Number(edits));
    expect(Number(calls)).toBe(slack.traffic().filter((c) => c.method !== 'auth.test').length);
    expect(result.slack).toEqual({
      posts: Number(posts),
      replies: Number(replies),
      edits: Number(edits),
      rootEdits: Number(rootEdits),
      replyEdits: Number(replyEdits),
      calls: Number(calls),
    });
  });

  it('keeps the root calm: one top-level post and at most 12 edits (30 before calm delivery)', () => {
    // Assess
    expect(result.slack?.posts).toBe(1);
    expect(result.slack?.edits).toBeLessThanOrEqual(12);
  });

  it('has fewer thread replies than before calm delivery (30)', () => {
    // Assess
    expect(result.slack?.replies).toBeLessThan(30);
  });

  it('gives each EMPTY and the RECOVERED entry a reply of its own', () => {
    // Prepare
    const [root] = slack.roots(CHANNEL);
    const replies = slack.replies(CHANNEL, root?.ts ?? '');
    const stateChanges = result.timeline.filter((e) => e.kind === 'EMPTY' || e.kind === 'RECOVERED');

    // Assess
    expect(stateChanges.map((e) => e.kind)).toEqual(expect.arrayContaining(['EMPTY', 'RECOVERED']));
    for (const entry of stateChanges)
      expect(replies.filter((m) => entryOf(m) === entry.entryId).map((m) => m.text)).toEqual([
        expect.any(String),
      ]);
  });
});
