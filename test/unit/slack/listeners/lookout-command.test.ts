import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../../../lambda/slack/app/listeners/commands/lookout/index.js';
import { lookoutCommand } from '../../../../lambda/slack/app/listeners/commands/lookout.js';
import {
  argsOf,
  boltFakes,
  failingStore,
  type ListenerDeps,
  OPERATOR,
  STRANGER,
  slashCommand,
  startListenerDeps,
} from '../../../support/slack-listener-fakes.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

let env: ListenerDeps;

beforeAll(async () => {
  env = await startListenerDeps();
});
afterAll(() => env?.close());

/** Runs `/lookout <text>` through the listener and returns what Bolt saw. */
async function run(text: string, user = OPERATOR, deps = env.deps) {
  const fakes = boltFakes();
  await lookoutCommand(deps)(argsOf<Args>(fakes, { command: slashCommand(text, user), body: {} }));
  return fakes;
}

function onlyAnswer(fakes: ReturnType<typeof boltFakes>): string {
  expect(fakes.acks).toHaveLength(1);
  const answer = fakes.acks[0] as { response_type: string; text: string };
  expect(answer.response_type).toBe('ephemeral');
  expect(answer.text.trim()).not.toBe('');
  return answer.text;
}

/** Each subcommand's misuses, and the words its answer must contain besides `/lookout <name>`. */
const MISUSES: Record<string, { text: string; says: RegExp }[]> = {
  help: [],
  status: [{ text: 'status now', says: /takes no `now` there/ }],
  incidents: [{ text: 'incidents open', says: /takes no `open` there/ }],
  show: [
    { text: 'show', says: /Which incident\?/ },
    { text: 'show a b', says: /takes no `b` there/ },
    { text: 'show inc-nope', says: /There is no incident `inc-nope`.*`\/lookout incidents` lists/ },
  ],
  check: [
    { text: 'check', says: /Which name\?/ },
    { text: 'check not_a..name', says: /is not a DNS name/ },
    { text: 'check api.example.test BOGUS', says: /not `BOGUS`/ },
    { text: 'check api.example.test A extra', says: /takes no `extra` there/ },
  ],
  watch: [
    { text: 'watch', says: /Which name\?/ },
    { text: 'watch -bad-', says: /is not a DNS name/ },
    { text: 'watch db.example.test A nowhere', says: /`nowhere` is not a channel/ },
    { text: 'watch db.example.test A #ops more', says: /takes no `more` there/ },
  ],
  unwatch: [
    { text: 'unwatch', says: /Which name\?/ },
    { text: 'unwatch db.example.test XYZ', says: /not `XYZ`/ },
  ],
  ack: [
    { text: 'ack', says: /Which incident\?/ },
    { text: 'ack a b', says: /takes no `b` there/ },
    { text: 'ack inc-nope', says: /There is no incident `inc-nope`.*lists their ids/ },
  ],
  resolve: [
    { text: 'resolve', says: /Which incident\?/ },
    { text: 'resolve inc-nope fixed', says: /There is no incident `inc-nope`/ },
  ],
  note: [
    { text: 'note', says: /Which incident\?/ },
    { text: 'note inc-1', says: /What should the note say\?/ },
    { text: `note inc-1 ${'x'.repeat(2001)}`, says: /at most 2000 characters; this one has 2001/ },
  ],
  declare: [
    { text: 'declare', says: /What is the incident called\?/ },
    { text: `declare ${'t'.repeat(121)}`, says: /at most 120 characters; this one has 121/ },
  ],
  runbook: [
    { text: 'runbook', says: /Which runbook\?/ },
    { text: 'runbook nothing-like-it', says: /No runbook is named `nothing-like-it`/ },
  ],
  timeline: [
    { text: 'timeline', says: /Which incident\?/ },
    { text: 'timeline inc-nope', says: /There is no incident `inc-nope`/ },
  ],
  restore: [{ text: 'restore Z1 a.example.test A', says: /restore/i }],
};

describe('Listener: /lookout (called directly)', () => {
  it('has misuse cases for every subcommand it registers', () => {
    expect(Object.keys(MISUSES).sort()).toEqual(SUBCOMMANDS.map((s) => s.name).sort());
  });

  for (const [name, cases] of Object.entries(MISUSES))
    for (const { text, says } of cases)
      it(`answers "/lookout ${label(text)}" once, ephemerally, with what to type, and changes nothing`, async () => {
        // Prepare
        const before = await env.itemCount();
        const jobsBefore = env.jobs.length;
        // Act
        const fakes = await run(text);
        // Assess
        const answer = onlyAnswer(fakes);
        expect(answer).toMatch(says);
        if (name !== 'restore') expect(answer).toContain(`\`/lookout ${name}`);
        expect(fakes.responds).toEqual([]);
        expect(fakes.opened).toEqual([]);
        expect(env.jobs.length).toBe(jobsBefore);
        expect(await env.itemCount()).toBe(before);
      });

  it('answers an unknown subcommand with its name and `/lookout help`, changing nothing', async () => {
    const before = await env.itemCount();
    const answer = onlyAnswer(await run('frobnicate now'));
    expect(answer).toContain('no subcommand `frobnicate`');
    expect(answer).toContain('`/lookout help`');
    expect(await env.itemCount()).toBe(before);
  });

  it('names the command as typed in usage errors (a development app answers /lookout-dev)', async () => {
    const fakes = boltFakes();
    const command = { ...slashCommand('show'), command: '/lookout-dev' };
    await lookoutCommand(env.deps)(argsOf<Args>(fakes, { command, body: {} }));
    expect(onlyAnswer(fakes)).toContain('`/lookout-dev show &lt;id&gt;`');
  });

  it('keeps `show` of a long timeline within one message, saying how many entries it leaves out', async () => {
    const incident = await env.declared('V0LONGTIMELINE');
    const note = `<!channel> *bold* _it_ ~s~ \`c\` & ${'long words '.repeat(180)}`;
    for (let i = 0; i < 30; i++)
      await env.deps.incidents.note(incident.id, `slack:${OPERATOR}`, `${i} ${note}`);
    const answer = onlyAnswer(await run(`show ${incident.id}`));
    expect(answer.length).toBeLessThanOrEqual(40_000);
    expect(answer).toMatch(/\*Timeline\* \(3\d entries, the newest 20\)/);
    expect(answer).toContain('…');
  });

  it('keeps a 30-step runbook of long steps within one message, marking the cut', async () => {
    const step = { title: 't'.repeat(150), detail: 'd'.repeat(2000), command: 'c'.repeat(1000) };
    const runbooks = async () => [
      {
        id: 'huge',
        title: 'Huge',
        appliesTo: ['EMPTY' as const],
        steps: Array.from({ length: 30 }, () => step),
      },
    ];
    const answer = onlyAnswer(await run('runbook huge', OPERATOR, { ...env.deps, runbooks }));
    expect(answer.length).toBeLessThanOrEqual(12_000);
    expect(answer).toMatch(/\n… 27 more steps not shown here \(the message has a size limit\)$/);
  });

  it('refuses a non-operator by naming who may act, and writes nothing', async () => {
    const incident = await env.declared('V0REFUSE');
    const before = await env.itemCount();
    for (const text of [
      `ack ${incident.id}`,
      `resolve ${incident.id}`,
      `note ${incident.id} hi`,
      'declare Outage',
      'watch db.example.test',
      'unwatch db.example.test',
    ]) {
      const fakes = await run(text, STRANGER);
      const answer = onlyAnswer(fakes);
      expect(answer, text).toContain(`Only <@${OPERATOR}> may`);
      expect(answer, text).toContain('you are not among them');
      expect(fakes.opened, text).toEqual([]);
    }
    expect(await env.itemCount()).toBe(before);
    expect((await env.store.incidents.get(incident.id))?.status).toBe('open');
  });

  it('answers ack and resolve of a resolved incident with its state, and changes nothing', async () => {
    const incident = await env.declared('V0RESOLVED');
    await env.deps.incidents.resolve(incident.id, `slack:${OPERATOR}`);
    const before = await env.itemCount();
    for (const text of [`ack ${incident.id}`, `resolve ${incident.id}`]) {
      const answer = onlyAnswer(await run(text));
      expect(answer, text).toMatch(/^Nothing changed: .*resolved/);
    }
    expect(await env.itemCount()).toBe(before);
  });

  it('opens the declare modal for an operator before acknowledging, and only then', async () => {
    const fakes = await run('declare Checkout is down');
    expect(onlyAnswer(fakes)).toContain('Declaring `Checkout is down`');
    expect(fakes.opened).toHaveLength(1);
    expect(fakes.opened[0]?.trigger_id).toMatch(/\.trigger$/);
  });

  it('never throws into Bolt when the store fails: the person reads why, the log has the cause', async () => {
    const deps = { ...env.deps, store: failingStore(env.deps.store) };
    const broken = { ...deps, incidents: brokenIncidents() };
    for (const text of [
      'status',
      'incidents',
      'show inc-1',
      'ack inc-1',
      'watch db.example.test',
      'timeline inc-1',
    ]) {
      const logged = env.log.lines.length;
      const fakes = await run(text, OPERATOR, broken);
      const answer = onlyAnswer(fakes);
      expect(answer, text).toMatch(
        /^Lookout could not answer `\/lookout [a-z]+.*`: NetworkingError\. Try again/,
      );
      expect(answer, text).not.toContain('ECONNREFUSED');
      const errors = env.log.lines.slice(logged).filter((l) => l.level === 'error');
      expect(errors, text).toHaveLength(1);
      expect(errors[0]?.error).toBeInstanceOf(Error);
      expect(String((errors[0]?.error as Error | undefined)?.message)).toContain('ECONNREFUSED');
    }
  });

  it('tells the person through the response URL when the hand-off after the acknowledgement fails', async () => {
    const handoff = {
      send: async () => {
        throw Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
      },
    };
    const fakes = await run('check api.example.test', OPERATOR, { ...env.deps, handoff });
    expect(onlyAnswer(fakes)).toContain('Asking Lookout');
    expect(fakes.responds).toEqual([
      expect.objectContaining({
        response_type: 'ephemeral',
        text: expect.stringMatching(
          /could not start `\/lookout check api\.example\.test`: TooManyRequestsException/,
        ),
      }),
    ]);
  });
});

/** A long typed text as a test name: its start and its length. */
function label(text: string): string {
  return text.length > 60 ? `${text.slice(0, 30)}… (${text.length} characters)` : text;
}

/** The incident commands over a store that fails (what the composition root would build over it). */
function brokenIncidents(): ListenerDeps['deps']['incidents'] {
  const fail = async () => {
    throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { name: 'NetworkingError' });
  };
  return new Proxy(env.deps.incidents, { get: () => fail });
}
