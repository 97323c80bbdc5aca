import { userInfo } from 'node:os';
import { Command, Option } from 'commander';
import { createIncidentApp } from '../../lambda/app/incidents.js';
import { formatEntryLine, formatIncidentSummary } from '../../lambda/domain/render/text.js';
import { currentEvidence } from '../../lambda/domain/render/what-happened.js';
import type { IncidentCommands } from '../../lambda/service/incident-commands.js';
import { EXIT, exitCodesHelp, LOCAL_STORE_EXITS } from '../support/exit-codes.js';
import { openLocalStore } from '../support/local-store.js';
import { chosenDataDir, dataOption } from '../support/local-store-option.js';
import { terminalLog, textOptions } from '../support/terminal.js';
import { timeZoneOption } from '../support/time-zone-option.js';
import { positiveInt } from './start.js';

/** Every incident command ends with one of these (README, "Exit codes"). */
const exitCodes = exitCodesHelp([
  [EXIT.ok, 'done'],
  [EXIT.usage, 'usage error, incident not found, or a transition it cannot make'],
  ...LOCAL_STORE_EXITS,
]);

const byOption = () =>
  new Option('--by <name>', 'who is acting (recorded on the timeline)').default(`cli:${safeUser()}`);

/** Runs `fn` with the incident commands over the local store (the running Lookout's, when there is one). */
async function withCommands<T>(dataDir: string, fn: (commands: IncidentCommands) => Promise<T>): Promise<T> {
  const local = await openLocalStore(dataDir);
  try {
    const now = () => new Date();
    // Entries written here reach Slack through the outbox: the running `lookout start` delivers them.
    // A person's command never needs a signal to resolve anything, so the config is not read for it.
    const app = createIncidentApp({
      store: local.store,
      detection: { autoResolve: true },
      log: terminalLog(),
      now,
    });
    return await fn(app.commands);
  } finally {
    await local.close();
  }
}

export function incidentCommands(): Command[] {
  const list = new Command('incidents')
    .description('list incidents, newest first')
    .addOption(dataOption())
    .addOption(new Option('--limit <n>', 'how many').default(20).argParser(positiveInt))
    .option('--json', 'machine-readable output')
    .option('--open', 'only incidents not yet resolved')
    .addHelpText('after', exitCodes)
    .addOption(timeZoneOption())
    .action(async (opts: { limit: number; json?: boolean; open?: boolean }, command: Command) => {
      const text = textOptions(command);
      await withCommands(chosenDataDir(command), async (commands) => {
        // --open filters before the limit: an old acknowledged incident must not hide behind newer resolved ones.
        const incidents = opts.open
          ? (await commands.list(10_000)).filter((i) => i.status !== 'resolved').slice(0, opts.limit)
          : await commands.list(opts.limit);
        if (opts.json) return void process.stdout.write(`${JSON.stringify(incidents, null, 2)}\n`);
        if (!incidents.length) return void process.stdout.write('no incidents\n');
        for (const incident of incidents) {
          const { timeline } = await commands.show(incident.id);
          process.stdout.write(
            `${formatIncidentSummary(incident, new Date(), currentEvidence(timeline), text)}\n\n`,
          );
        }
      });
    });

  const show = new Command('show')
    .description('show one incident and its timeline')
    .argument('<id>', 'incident id (see `lookout incidents`)')
    .addHelpText('after', exitCodes)
    .addOption(dataOption())
    .option('--json', 'machine-readable output')
    .addOption(timeZoneOption())
    .action(async (id: string, opts: { json?: boolean }, command: Command) => {
      const text = textOptions(command);
      await withCommands(chosenDataDir(command), async (commands) => {
        const { incident, timeline } = await commands.show(id);
        if (opts.json)
          return void process.stdout.write(`${JSON.stringify({ incident, timeline }, null, 2)}\n`);
        const evidence = currentEvidence(timeline);
        process.stdout.write(`${formatIncidentSummary(incident, new Date(), evidence, text)}\n\ntimeline:\n`);
        for (const entry of timeline) process.stdout.write(`${formatEntryLine(entry, undefined, text)}\n`);
      });
    });

  const ack = new Command('ack')
    .description('acknowledge an open incident')
    .addHelpText('after', exitCodes)
    .argument('<id>', 'incident id')
    .addOption(dataOption())
    .addOption(byOption())
    .action(async (id: string, opts: { by: string }, command: Command) => {
      await withCommands(chosenDataDir(command), async (commands) => {
        const { incident } = await commands.acknowledge(id, opts.by);
        process.stdout.write(`${incident.id} acknowledged by ${opts.by}\n`);
      });
    });

  const resolve = new Command('resolve')
    .description('resolve an incident, with an optional note')
    .addHelpText('after', exitCodes)
    .argument('<id>', 'incident id')
    .argument('[note...]', 'what was done')
    .addOption(dataOption())
    .addOption(byOption())
    .action(async (id: string, note: string[], opts: { by: string }, command: Command) => {
      await withCommands(chosenDataDir(command), async (commands) => {
        const text = note.join(' ').trim();
        const { incident } = await commands.resolve(id, opts.by, text || undefined);
        process.stdout.write(`${incident.id} resolved by ${opts.by}${text ? `: ${text}` : ''}\n`);
      });
    });

  return [list, show, ack, resolve];
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
