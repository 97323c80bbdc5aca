import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../lambda/config/config-schema.js';
import { INCIDENT_ACTIONS } from '../../../lambda/domain/render/incident-buttons.js';
import { encodeStepRef, RUNBOOK_STEP_DONE_ACTION } from '../../../lambda/domain/render/runbook-steps.js';
import type { Runbook } from '../../../lambda/domain/runbooks/schema.js';
import type { SlackAppDeps } from '../../../lambda/slack/app/deps.js';
import type { SlackJob } from '../../../lambda/slack/app/jobs.js';
import { incidentAck } from '../../../lambda/slack/app/listeners/actions/incident-ack.js';
import { runbookStepDone } from '../../../lambda/slack/app/listeners/actions/runbook-step-done.js';
import { UNREADABLE_STEP } from '../../../lambda/slack/app/listeners/actions/runbook-step-ref.js';
import { help } from '../../../lambda/slack/app/listeners/commands/lookout/help.js';
import { SUBCOMMANDS } from '../../../lambda/slack/app/listeners/commands/lookout/index.js';
import { lookoutCommand } from '../../../lambda/slack/app/listeners/commands/lookout.js';
import { restoreConfirmSubmission } from '../../../lambda/slack/app/listeners/views/restore-confirm.js';
import { claimRequest } from '../../../lambda/slack/app/middleware/claim-request.js';
import {
  argsOf,
  boltFakes,
  buttonPress,
  CHANNEL,
  failingStore,
  type ListenerDeps,
  OPERATOR,
  RESPONSE_URL,
  slashCommand,
  startListenerDeps,
  viewSubmission,
} from '../../support/slack-listener-fakes.js';

const ZONE = 'Z0CONFIGURED';
const RUNBOOK: Runbook = {
  id: 'declared-steps',
  title: 'Declared',
  appliesTo: ['DECLARED'],
  steps: [{ title: 'Page the owner' }, { title: 'Roll back' }],
} as Runbook;

let env: ListenerDeps;
let deps: SlackAppDeps;

beforeAll(async () => {
  env = await startListenerDeps();
  const config = configSchema.parse({
    probe: { resolvers: ['127.0.0.1:5300'] },
    slack: { channel: CHANNEL, operators: { users: [OPERATOR] } },
    targets: [{ name: 'api.example.test', type: 'A', mode: 'exact' }],
    route53: { zones: [{ id: ZONE }], restoreFromSlack: true },
  });
  deps = {
    ...env.deps,
    config,
    runbooks: async () => [RUNBOOK],
    restore: async () => {
      throw new Error('the listener only hands off: it never restores itself');
    },
  };
});
afterAll(() => env?.close());

const tells = (jobs: readonly SlackJob[]) =>
  jobs.filter((j): j is Extract<SlackJob, { kind: 'tell' }> => j.kind === 'tell').map((j) => j.text);

const restoreMetadata = (over: Record<string, string> = {}) =>
  JSON.stringify({
    zoneId: ZONE,
    name: 'api.example.test',
    type: 'A',
    currentHash: 'absent',
    goodHash: 'h1',
    responseUrl: RESPONSE_URL,
    channel: CHANNEL,
    ...over,
  });

async function submitRestore(viewId: string, metadata: string) {
  const fakes = boltFakes();
  const from = env.jobs.length;
  await restoreConfirmSubmission(deps)(argsOf(fakes, viewSubmission(viewId, metadata, {})));
  expect(fakes.acks).toHaveLength(1);
  const ack = fakes.acks[0] as { response_action?: string; view?: { blocks: { text: { text: string } }[] } };
  return { ack, said: ack?.view?.blocks[0]?.text.text ?? '', jobs: env.jobs.slice(from) };
}

async function press(
  listener: (d: SlackAppDeps) => (args: never) => Promise<void>,
  actionId: string,
  value: string,
) {
  const fakes = boltFakes();
  const from = env.jobs.length;
  await listener(deps)(argsOf(fakes, buttonPress(actionId, value)));
  return env.jobs.slice(from);
}

describe('Listener: the restore confirmation submitted', () => {
  it('restores once when the modal is submitted twice, and the second submission says it was already submitted', async () => {
    const first = await submitRestore('V0RESTORETWICE', restoreMetadata());
    const second = await submitRestore('V0RESTORETWICE', restoreMetadata());

    expect(first.ack).toBeUndefined();
    expect(first.jobs.map((j) => j.kind)).toEqual(['restore']);
    expect(second.jobs).toEqual([]);
    expect(second.ack.response_action).toBe('update');
    expect(second.said).toContain('was already submitted');
  });

  it('refuses a zone that is not configured, naming the configured zones, and hands nothing off', async () => {
    const { ack, said, jobs } = await submitRestore('V0RESTOREZONE', restoreMetadata({ zoneId: 'Z0OTHER' }));

    expect(ack.response_action).toBe('update');
    expect(said).toContain(`hosted zones of its config (\`${ZONE}\`), not \`Z0OTHER\``);
    expect(jobs).toEqual([]);
  });

  it.each([
    'https://attacker.example/commands/T0/1/abc',
    'http://hooks.slack.com/commands/T0/1/abc',
    'https://hooks.slack.com.attacker.example/x',
  ])('refuses to answer at %s, a response URL that is not Slack’s', async (responseUrl) => {
    const { ack, said, jobs } = await submitRestore(
      `V0RESTOREURL${responseUrl.length}`,
      restoreMetadata({ responseUrl }),
    );

    expect(ack.response_action).toBe('update');
    expect(said).toContain('nothing was changed');
    expect(jobs).toEqual([]);
  });

  it('accepts the configured Slack API host (the emulator) as Slack’s', async () => {
    const local = { ...deps, slackApiUrl: 'http://127.0.0.1:4111/api/' };
    const fakes = boltFakes();
    const from = env.jobs.length;
    await restoreConfirmSubmission(local)(
      argsOf(
        fakes,
        viewSubmission(
          'V0RESTORELOCAL',
          restoreMetadata({ responseUrl: 'http://127.0.0.1:4111/commands/T/1/x' }),
          {},
        ),
      ),
    );
    expect(env.jobs.slice(from).map((j) => j.kind)).toEqual(['restore']);
  });
});

describe('Listener: runbook Done checks the step against the runbook the incident shows', () => {
  const value = (incidentId: string, runbookId: string, step: number, title: string) =>
    encodeStepRef({ incidentId, runbookId, step, title });

  it.each([
    ['another runbook', 'someone-elses', 1],
    ['a step the runbook does not have', RUNBOOK.id, 9],
  ])('refuses %s and writes nothing', async (_what, runbookId, step) => {
    const incident = await env.declared(`V0STEP${runbookId}${step}`);
    const before = await env.itemCount();

    const jobs = await press(
      runbookStepDone,
      RUNBOOK_STEP_DONE_ACTION,
      value(incident.id, runbookId, step, 'Forged'),
    );

    expect(tells(jobs)).toEqual([
      'This runbook changed since the message was rendered; use the buttons on the current message. Nothing was changed.',
    ]);
    expect(await env.itemCount()).toBe(before);
  });

  it('records the title the runbook gives the step, not the one the button carries', async () => {
    const incident = await env.declared('V0STEPTITLE');

    const jobs = await press(
      runbookStepDone,
      RUNBOOK_STEP_DONE_ACTION,
      value(incident.id, RUNBOOK.id, 2, 'Delete prod'),
    );

    expect(tells(jobs)[0]).toContain('step 2 `Roll back`');
    const { timeline } = await deps.incidents.show(incident.id);
    expect(timeline.map((e) => e.text).join('\n')).toContain('Roll back');
    expect(timeline.map((e) => e.text).join('\n')).not.toContain('Delete prod');
  });
});

describe('Wording', () => {
  it('escapes the angle brackets of help and of an unreadable step button (mrkdwn would eat them)', async () => {
    const { text } = await help.run({
      args: [],
      rest: '',
      command: slashCommand('help'),
      deps,
      client: {} as never,
      subcommands: SUBCOMMANDS,
    });
    expect(text).toContain('`/lookout &lt;subcommand&gt;`');
    expect(UNREADABLE_STEP).toContain('`/lookout show &lt;id&gt;`');
    expect(UNREADABLE_STEP).not.toMatch(/<id>/);
  });

  it('answers `/lookout incidents extra` with a usage error saying what to type', async () => {
    const fakes = boltFakes();
    await lookoutCommand(deps)(argsOf(fakes, { command: slashCommand('incidents extra'), body: {} }));
    expect(fakes.acks).toEqual([
      { response_type: 'ephemeral', text: '`incidents` takes no `extra` there. Type `/lookout incidents`.' },
    ]);
  });

  it('answers Acknowledge on an unknown incident with what to do', async () => {
    const jobs = await press(incidentAck, INCIDENT_ACTIONS.ack, 'inc-gone');

    expect(tells(jobs)).toEqual([
      'There is no incident `inc-gone`; nothing was changed. `/lookout incidents` lists the incidents there are.',
    ]);
  });
});

describe('Middleware: claiming a request when the store fails', () => {
  it('acknowledges a modal submission plainly (a modal cannot show text) and tells the person later to try again', async () => {
    const broken = { ...env.deps, store: failingStore(env.deps.store) };
    const acks: unknown[] = [];
    let ran = false;
    const from = env.jobs.length;
    const { body } = viewSubmission('V0CLAIMFAILS', '{}', {});

    await claimRequest(broken)({
      body,
      ack: async (message?: unknown) => void acks.push(message),
      next: async () => {
        ran = true;
      },
      context: {},
    } as never);

    expect(acks).toEqual([undefined]);
    expect(ran).toBe(false);
    const told = env.jobs.slice(from);
    expect(told).toEqual([expect.objectContaining({ kind: 'tell', user: OPERATOR })]);
    expect(tells(told)[0]).toMatch(/did nothing.*Try again/);
  });
});
