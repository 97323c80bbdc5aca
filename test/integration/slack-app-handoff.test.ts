import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackWorker } from '../../lambda/app/slack-worker.js';
import { LambdaHandoff } from '../../lambda/slack/app/handoff/lambda-handoff.js';
import { FakeLambdaInvoke } from '../support/fake-lambda-invoke.js';
import { ackBody, type SlackAppHarness, startSlackAppHarness, ZONE } from '../support/slack-app-harness.js';
import { recordingLog } from '../support/slack-fixtures.js';

describe('Slack app: slow work is acknowledged, handed off, and answered through the response URL', () => {
  describe('in process (local runs and tests)', () => {
    let h: SlackAppHarness;

    beforeAll(async () => {
      h = await startSlackAppHarness();
    });
    afterAll(() => h.close());

    it("acknowledges `check` at once, then answers with each resolver's answer from a real DNS server", async () => {
      // Prepare
      const { body, payload } = h.command(`check api.${ZONE}`);

      // Act
      const response = await h.send(body);
      await h.app.idle();

      // Assess
      expect(ackBody(response)).toEqual({
        response_type: 'ephemeral',
        text: `Asking Lookout's resolvers for \`api.${ZONE}\` A; their answers follow here.`,
      });
      const answers = h.slack.ephemerals.filter((e) => e.via === 'response_url' && e.user === 'U0ALICE');
      expect(answers).toHaveLength(1);
      expect(h.slack.responses.filter((r) => r.url === payload.response_url)).toHaveLength(1);
      const text = answers[0]?.text ?? '';
      expect(text).toMatch(
        new RegExp(
          `^\\*\`api\\.${ZONE}\` A\\* at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC: 1 of 1 resolver answered with records\\.`,
        ),
      );
      expect(text).toContain(`• \`${h.dnsAddress}\` → ANSWER (NOERROR) — 192.0.2.1, 192.0.2.2 · TTL 60 s ·`);
    });

    it('says which resolvers answered empty, with the negative TTL', async () => {
      const { body, payload } = h.command(`check gone.${ZONE} aaaa`, 'U0BOB');

      await h.send(body);
      await h.app.idle();

      const answer = h.slack.ephemerals.find((e) => e.user === 'U0BOB' && e.via === 'response_url');
      expect(answer?.channel).toBe(payload.channel_id);
      expect(answer?.text).toContain(`\`gone.${ZONE}\` AAAA`);
      expect(answer?.text).toContain(
        '0 of 1 resolver answered with records; 1 answered empty (NODATA/NXDOMAIN).',
      );
      expect(answer?.text).toContain(
        `• \`${h.dnsAddress}\` → NXDOMAIN — the name does not exist · negative TTL 45 s`,
      );
    });

    it('runs a request Slack delivers again (X-Slack-Retry-Num) once: the retry is only acknowledged', async () => {
      // Prepare
      const { body, payload } = h.command(`check api.${ZONE}`, 'U0CAROL');

      // Act
      const first = await h.send(body);
      const retry = await h.send(body, { retry: { num: 1, reason: 'http_timeout' } });
      const duplicate = await h.send(body);
      await h.app.idle();

      // Assess
      expect(ackBody(first).text).toContain('Asking');
      expect(retry).toMatchObject({ statusCode: 200, body: '' });
      expect(duplicate).toMatchObject({ statusCode: 200, body: '' });
      expect(h.slack.responses.filter((r) => r.url === payload.response_url)).toHaveLength(1);
      expect(await h.store.requests.get('slack', `trigger:${payload.trigger_id}`)).toBeDefined();
      expect(h.log.lines).toContainEqual(
        expect.objectContaining({
          message: 'a Slack request already handled came again; acknowledged only',
          extra: expect.objectContaining({ retryNum: 1, retryReason: 'http_timeout' }),
        }),
      );
    });

    it('runs a read-only subcommand once too, and the same command typed again runs again', async () => {
      const once = h.command('incidents', 'U0DAVE');
      const again = h.command('incidents', 'U0DAVE');

      const answers = [await h.send(once.body), await h.send(once.body), await h.send(again.body)];

      expect(answers.map((a) => a.body === '')).toEqual([false, true, false]);
    });

    it('logs, and does not throw, when the response URL takes no more answers', async () => {
      // Prepare: Slack takes 5 answers per response URL; this one has had them all.
      const { payload } = h.command(`check api.${ZONE}`, 'U0ERIN');
      for (let i = 0; i < 5; i++)
        await fetch(payload.response_url, { method: 'POST', body: JSON.stringify({ text: `answer ${i}` }) });
      const log = recordingLog();
      const worker = createSlackWorker({ config: h.config, log });

      // Act
      await worker.run({
        kind: 'check',
        id: `trigger:${payload.trigger_id}`,
        name: `api.${ZONE}`,
        type: 'A',
        responseUrl: payload.response_url,
        user: 'U0ERIN',
        channel: payload.channel_id,
      });

      // Assess
      const refused = h.slack.responses.filter((r) => r.url === payload.response_url && r.status === 404);
      expect(refused.map((r) => r.error)).toEqual(['used_url', 'used_url']);
      expect(log.lines.map((l) => [l.message, (l.error as Error | undefined)?.message])).toEqual([
        ['a Slack job failed', 'Slack refused the answer to the response URL: HTTP 404 used_url'],
        [
          'could not tell the person a Slack job failed',
          'Slack refused the answer to the response URL: HTTP 404 used_url',
        ],
      ]);
    });

    it('never calls auth.test: Lookout authorizes every request itself', () => {
      expect(h.slack.count('auth.test')).toBe(0);
    });
  });

  describe('to the worker Lambda (asynchronous Invoke)', () => {
    let h: SlackAppHarness;
    let lambda: FakeLambdaInvoke;

    beforeAll(async () => {
      lambda = await new FakeLambdaInvoke(['lookout-slack-worker']).start();
      h = await startSlackAppHarness({
        handoff: new LambdaHandoff({ client: lambda.client(), functionName: 'lookout-slack-worker' }),
      });
    });
    afterAll(async () => {
      await h.close();
      await lambda.stop();
    });

    it('invokes the worker with the job, and the worker answers through the response URL', async () => {
      // Prepare
      const { body, payload } = h.command(`check db.${ZONE}`);

      // Act
      const ack = await h.send(body);
      const [invoke] = await lambda.received(1);
      const worker = createSlackWorker({ config: h.config, log: recordingLog(), store: h.store });
      await worker.handle(invoke?.payload);
      // Lambda delivers an asynchronous invoke at least once: a second delivery must not answer again.
      await worker.handle(invoke?.payload);

      // Assess
      expect(ackBody(ack).text).toContain('Asking');
      expect(invoke).toEqual({
        functionName: 'lookout-slack-worker',
        invocationType: 'Event',
        payload: {
          kind: 'check',
          id: `trigger:${payload.trigger_id}`,
          name: `db.${ZONE}`,
          type: 'A',
          responseUrl: payload.response_url,
          user: 'U0ALICE',
          channel: payload.channel_id,
        },
      });
      const answers = h.slack.ephemerals.filter((e) => e.via === 'response_url');
      expect(answers).toHaveLength(1);
      expect(answers[0]?.text).toContain(`• \`${h.dnsAddress}\` → ANSWER (NOERROR) — 192.0.2.9 · TTL 60 s`);
    });

    it('tells the person when the worker cannot be invoked', async () => {
      const log = recordingLog();
      const broken = await startSlackAppHarness({
        handoff: new LambdaHandoff({ client: lambda.client(), functionName: 'no-such-worker' }),
        log,
      });
      try {
        const { body, payload } = broken.command(`check api.${ZONE}`);

        const ack = await broken.send(body);

        expect(ackBody(ack).text).toContain('Asking');
        const told = broken.slack.ephemerals.find((e) => e.via === 'response_url');
        expect(told?.text).toBe(
          `Lookout could not start \`/lookout check api.${ZONE}\`: ResourceNotFoundException. Try again in a moment.`,
        );
        expect(broken.slack.responses.filter((r) => r.url === payload.response_url)).toHaveLength(1);
        expect(log.lines.some((l) => l.message === 'could not hand off a /lookout subcommand')).toBe(true);
      } finally {
        await broken.close();
      }
    });

    it('ignores, and logs, an invocation that is not a job', async () => {
      const log = recordingLog();
      const worker = createSlackWorker({ config: h.config, log });

      await worker.handle({ kind: 'check', name: 'x', responseUrl: 'file:///etc/passwd' });

      expect(log.lines).toContainEqual(
        expect.objectContaining({
          level: 'error',
          message: 'the Slack worker was sent something that is not a job; ignored',
        }),
      );
    });
  });
});
