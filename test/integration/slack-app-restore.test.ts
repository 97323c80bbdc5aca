import type { Route53Client } from '@aws-sdk/client-route-53';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppliedBatch, FakeRoute53 } from '../../emulators/route53/index.js';
import { a, change, route53Client } from '../../emulators/route53/sdk-helpers.js';
import { configSchema } from '../../lambda/config/config-schema.js';
import type { ChangeAction, ControlPlaneChange } from '../../lambda/domain/route53/control-plane-change.js';
import { RESTORE_ACTION } from '../../lambda/slack/app/listeners/actions/restore-last-known-good.js';
import type { Store } from '../../lambda/store/store.js';
import { pipeline } from '../support/pipeline.js';
import {
  ackBody,
  CHANNEL,
  type SlackAppHarness,
  startSlackAppHarness,
} from '../support/slack-app-harness.js';
import { buttonPress, viewSubmission } from '../support/slack-interactions.js';

const ZONE = 'example.test';
const NAME = `api.${ZONE}`;
const GOOD = ['10.0.0.1', '10.0.0.2'];
const STALE = ['10.0.0.9'];
const OPERATOR = 'U0ALICE';
const ENACTOR = (n: number) => `arn:aws:sts::123456789012:assumed-role/dns-enactor/enactor-${n}`;

function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}

function controlPlaneChange(
  zoneId: string,
  id: string,
  at: string,
  action: ChangeAction,
  values: string[],
  writer: string,
): ControlPlaneChange {
  return {
    id,
    source: 'cloudtrail',
    at,
    action,
    recordSet: { key: { zoneId, name: NAME, type: 'A' }, ttl: 60, values },
    writer: { principalArn: writer, roleName: 'dns-enactor', sessionName: writer.split('/').at(-1) ?? '' },
    requestId: `req-${id}`,
  };
}

/** The October-2025 shape (as test/integration/restore.test.ts): good for two hours, a stale plan, the DELETE. */
async function ingestRace(store: Store, zoneId: string): Promise<string> {
  const { ingest } = pipeline(store, { detection: { autoResolve: false }, channel: CHANNEL });
  await ingest.ingest(controlPlaneChange(zoneId, 'ev1#0', minutesAgo(120), 'CREATE', GOOD, ENACTOR(1)));
  await ingest.ingest(controlPlaneChange(zoneId, 'ev2#0', minutesAgo(3), 'UPSERT', STALE, ENACTOR(3)));
  await ingest.ingest(controlPlaneChange(zoneId, 'ev3#0', minutesAgo(2), 'DELETE', STALE, ENACTOR(2)));
  const claim = await store.incidents.openClaim(`${NAME}/A`);
  if (!claim) throw new Error('the race did not open an incident');
  return claim.incidentId;
}

describe('Slack app: restore from Slack (route53.restoreFromSlack), Route 53 emulator + Slack emulator + dynalite', () => {
  let route53: FakeRoute53;
  let client: Route53Client;
  let zoneId: string;
  let h: SlackAppHarness;
  let batches: AppliedBatch[];
  /** Runs once, right after the next ListResourceRecordSets the app sends: another writer's change. */
  let afterNextRead: (() => Promise<void>) | undefined;

  async function start(restoreFromSlack: boolean) {
    route53 = new FakeRoute53({ throttling: false });
    const started = await route53.start();
    client = route53Client(started.endpoint);
    const send = client.send.bind(client);
    client.send = (async (command: { constructor: { name: string } }, ...rest: unknown[]) => {
      const out = await (send as (c: unknown, ...r: unknown[]) => Promise<unknown>)(command, ...rest);
      if (command.constructor.name === 'ListResourceRecordSetsCommand' && afterNextRead) {
        const racer = afterNextRead;
        afterNextRead = undefined;
        await racer();
      }
      return out;
    }) as typeof client.send;
    zoneId = await route53.createZone({ name: ZONE });
    batches = [];
    route53.onChange((batch) => batches.push(batch));
    const dnsAddress = route53.dnsAddress ?? '';
    const config = configSchema.parse({
      probe: { resolvers: [dnsAddress] },
      slack: { channel: CHANNEL, operators: { users: [OPERATOR] } },
      targets: [{ name: NAME, type: 'A' }],
      route53: { zones: [{ id: zoneId }], restoreFromSlack },
    });
    h = await startSlackAppHarness({
      config,
      route53: { client },
      restore: { resolvers: [dnsAddress], pollMs: 50, insyncTimeoutMs: 10_000, verifyTimeoutMs: 2_000 },
    });
  }

  afterEach(async () => {
    client.destroy();
    await Promise.all([route53.stop(), h.close()]);
  });

  /** The command's acknowledgement, once the worker has put the plan in the modal. */
  const ask = async (text: string, user = OPERATOR) => {
    const answer = ackBody(await h.send(h.command(text, user).body));
    await h.app.idle();
    return answer;
  };
  const lastModal = () => {
    const view = h.slack.views.at(-1)?.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { text?: { text: string } }[];
    };
    return { ...view, text: view.blocks.map((b) => b.text?.text ?? '').join('\n') };
  };
  const submit = async (user = OPERATOR) => {
    const modal = lastModal();
    const payload = viewSubmission(h.slack, {
      user,
      view: {
        id: h.slack.views.at(-1)?.id ?? '',
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
      },
      values: {},
    });
    const response = await h.send(h.interactionBody(payload));
    await h.app.idle();
    return response;
  };
  const answers = () => h.slack.responses.map((r) => String(r.body?.text ?? ''));
  const restoreNotes = async (incidentId: string) =>
    (await h.store.incidents.listTimeline(incidentId)).filter((e) => e.text.startsWith('restore:'));

  describe('with restoreFromSlack: true', () => {
    beforeEach(() => start(true));

    it('shows the diff in a modal, and on Restore puts the last-known-good back, each step on the incident timeline and in its thread outbox', async () => {
      // Prepare: the record was deleted by the race.
      const incidentId = await ingestRace(h.store, zoneId);

      // Act: the command opens the confirmation; nothing is changed yet.
      const ack = await ask(`restore ${zoneId} ${NAME} A`);
      const modal = lastModal();
      const before = batches.length;

      // Assess: the plan in lookout restore's words.
      expect(ack.text).toContain('nothing is changed until you press Restore');
      expect(modal.callback_id).toBe('restore_confirm');
      expect(modal.text).toContain(`${NAME} A in ${zoneId} (incident ${incidentId})`);
      expect(modal.text).toContain('Route 53 now:     (absent)');
      expect(modal.text).toMatch(
        /last-known-good: {2}10\.0\.0\.1, 10\.0\.0\.2 \(TTL 60\) — version 1, .*enactor-1/,
      );
      expect(modal.text).toContain('CREATE 10.0.0.1, 10.0.0.2');
      expect(before).toBe(0);

      // Act: Restore pressed.
      const response = await submit();

      // Assess: the modal closed; one CREATE batch; DNS-verified; the person told.
      expect(response.statusCode).toBe(200);
      expect(batches).toHaveLength(1);
      expect(batches[0]?.changes.map((c) => c.action)).toEqual(['CREATE']);
      expect(answers().at(-2)).toContain(`<@${OPERATOR}> confirmed: restoring \`${NAME} A\``);
      expect(answers().at(-1)).toMatch(
        /^\*Restored\* `api\.example\.test A` \(change `C\w+`\) and verified\./,
      );
      // Assess: every step on the timeline, naming the Slack user, queued for the incident's channel.
      const notes = await restoreNotes(incidentId);
      expect(notes.map((n) => n.text.split(' ')[1])).toEqual([
        'read',
        'last-known-good',
        'submitted',
        'INSYNC',
        'verified',
      ]);
      expect(notes[2]?.text).toContain(`as slack:${OPERATOR} (@alice)`);
      expect(notes[2]?.source).toBe(`slack:${OPERATOR} (@alice)`);
      const queued = await h.store.outbox.listPending(100, CHANNEL);
      expect(queued.filter((q) => q.entry.text.startsWith('restore:'))).toHaveLength(5);
    });

    it("refuses with Route 53's message when another writer changes the record between the worker's read and its submit", async () => {
      // Prepare: the stale value is live; the modal is open.
      await ingestRace(h.store, zoneId);
      route53.seed(zoneId, [a(NAME, STALE)]);
      await ask(`restore ${zoneId} ${NAME} A`);
      route53.registerPrincipal('ASIAENACTOR4', ENACTOR(4));
      const racer = route53Client(route53.endpoint, 'ASIAENACTOR4');
      afterNextRead = async () => {
        await change(racer, zoneId, [{ Action: 'UPSERT', ResourceRecordSet: a(NAME, ['10.0.0.7']) }]);
      };

      // Act
      await submit();
      racer.destroy();

      // Assess: nothing of Lookout's applied; Route 53's own words reach the person.
      expect(batches.map((b) => b.changes.map((c) => c.set.values))).toEqual([[['10.0.0.7']]]);
      expect(answers().at(-1)).toMatch(
        /^\*Not restored\* `api\.example\.test A`: record changed since you looked .*Route 53 said: /,
      );
    });

    it('refuses when the record changed while the modal was open, naming what Route 53 holds now', async () => {
      await ingestRace(h.store, zoneId);
      await ask(`restore ${zoneId} ${NAME} A`);
      await change(client, zoneId, [{ Action: 'CREATE', ResourceRecordSet: a(NAME, ['10.0.0.5']) }]);
      const applied = batches.length;

      await submit();

      expect(batches).toHaveLength(applied);
      expect(answers().at(-1)).toContain(
        'the record changed since you confirmed: Route 53 holds `10.0.0.5 (TTL 60)`',
      );
      expect(answers().at(-1)).toContain('Nothing was changed');
    });

    it('opens the same confirmation from the Restore last-known-good button of the incident', async () => {
      const incidentId = await ingestRace(h.store, zoneId);
      const payload = buttonPress(h.slack, {
        user: OPERATOR,
        channel: CHANNEL,
        messageTs: '1700000000.000100',
        actionId: RESTORE_ACTION,
        blockId: 'incident',
        value: incidentId,
      });

      const response = await h.send(h.interactionBody(payload));
      await h.app.idle();

      expect(response.statusCode).toBe(200);
      expect(lastModal().text).toContain(`${NAME} A in ${zoneId} (incident ${incidentId})`);
    });

    it.each([
      ['restore', 'Which hosted zone, record name and type?'],
      ['restore ZNOPE not_a..name A', '`not_a..name` is not a record name.'],
      ['restore Z0FFFF api.example.test A', 'Lookout restores only in the hosted zones of its config'],
      ['restore Z0FFFF api.example.test SOA', 'Route 53 restores A, AAAA'],
    ])('answers `/lookout %s` with what was wrong and what to type', async (text, problem) => {
      const answer = await ask(text);

      expect(answer.text).toContain(problem);
      expect(answer.text).toContain('Type `/lookout restore &lt;zone&gt; &lt;name&gt; &lt;type&gt;`.');
      expect(h.slack.views).toHaveLength(0);
    });

    it('refuses someone who is not an operator, at the command and at the submission', async () => {
      await ingestRace(h.store, zoneId);
      const refused = await ask(`restore ${zoneId} ${NAME} A`, 'U0MALLORY');
      await ask(`restore ${zoneId} ${NAME} A`);

      const response = await submit('U0MALLORY');

      expect(refused.text).toContain('may restore record sets from Slack, and you are not among them');
      expect(JSON.parse(response.body)).toMatchObject({ response_action: 'update' });
      expect(response.body).toContain('you are not among them');
      expect(batches).toHaveLength(0);
    });

    it('says so in the window when there is no last-known-good, and offers no Restore', async () => {
      await ask(`restore ${zoneId} db.${ZONE} A`);

      const modal = h.slack.views.at(-1)?.view as { submit?: unknown; callback_id?: string };
      expect(lastModal().text).toMatch(/^no last-known-good version: .*; nothing was changed\.$/);
      expect(modal.submit).toBeUndefined();
      expect(modal.callback_id).toBeUndefined();
    });

    it('opens the window before reading Route 53: a slow read holds up neither the acknowledgement nor the trigger id', async () => {
      // Prepare: Route 53 answers the read only when the test lets it
      await ingestRace(h.store, zoneId);
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      afterNextRead = () => held;

      // Act
      const answer = ackBody(await h.send(h.command(`restore ${zoneId} ${NAME} A`).body));
      const atAck = lastModal();
      release();
      await h.app.idle();

      // Assess: acknowledged with "planning…" open while Route 53 was still being read; then the plan
      expect(answer.text).toContain('nothing is changed until you press Restore');
      expect(atAck.text).toMatch(/^Reading api\.example\.test A in Z[A-Z0-9]+ from Route 53/);
      expect(lastModal().callback_id).toBe('restore_confirm');
      expect(lastModal().text).toContain('CREATE 10.0.0.1, 10.0.0.2');
    });
  });

  describe('without restoreFromSlack', () => {
    beforeEach(() => start(false));

    it('says restore from Slack is off and how to turn it on; nothing reads or changes Route 53', async () => {
      await ingestRace(h.store, zoneId);

      const answer = await ask(`restore ${zoneId} ${NAME} A`);

      expect(answer.text).toContain('Restore from Slack is off');
      expect(answer.text).toContain('`route53.restoreFromSlack: true`');
      expect(h.slack.views).toHaveLength(0);
      expect(batches).toHaveLength(0);
    });
  });
});
