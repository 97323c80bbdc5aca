import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { createIncidentApp } from '../../lambda/app/incidents.js';
import { renderMarkdownExport } from '../../lambda/domain/render/markdown-export.js';
import { NotFoundError } from '../../lambda/store/errors.js';
import { EXIT, exitCodesHelp, LOCAL_STORE_EXITS } from '../support/exit-codes.js';
import { openLocalStore } from '../support/local-store.js';
import { chosenDataDir, dataOption } from '../support/local-store-option.js';
import { terminalLog } from '../support/terminal.js';

const exitCodes = exitCodesHelp([
  [EXIT.ok, 'done'],
  [EXIT.usage, 'usage error, incident not found, or the --out file cannot be written'],
  ...LOCAL_STORE_EXITS,
]);

/**
 * `lookout export <id>`: the incident as Markdown for a post-mortem (lambda/domain/render/markdown-export.ts),
 * on stdout or into `--out`. The same rendering `/lookout timeline` uploads to Slack.
 */
export function exportCommand(): Command {
  return new Command('export')
    .description('an incident as Markdown, ready for a post-mortem document')
    .argument('<id>', 'incident id (see `lookout incidents`)')
    .addOption(dataOption())
    .addOption(new Option('-o, --out <file>', 'write it to this file instead of stdout'))
    .addHelpText('after', exitCodes)
    .action(async (id: string, opts: { out?: string }, command: Command) => {
      const local = await openLocalStore(chosenDataDir(command));
      let markdown: string;
      try {
        // Reading needs no config: the export is made from the stored incident and timeline alone.
        const app = createIncidentApp({
          store: local.store,
          detection: { autoResolve: true },
          log: terminalLog(),
          now: () => new Date(),
        });
        const { incident, timeline } = await app.commands.show(id).catch((error: unknown) => {
          throw error instanceof NotFoundError ? new NoSuchIncidentError(id, error) : error;
        });
        markdown = renderMarkdownExport(incident, timeline);
      } finally {
        await local.close();
      }
      if (!opts.out) return void process.stdout.write(markdown);
      writeWhole(opts.out, markdown, command);
      process.stdout.write(`${id} exported to ${opts.out}\n`);
    });
}

/** An id no incident has: one line saying where the ids are (exit 1, as every NotFoundError). */
class NoSuchIncidentError extends NotFoundError {
  override readonly name: string = 'NoSuchIncidentError';
  constructor(id: string, cause: unknown) {
    super(`incident ${id}`, { cause });
    this.message = `no incident ${id}; \`lookout incidents\` lists their ids`;
  }
}

/**
 * Writes beside the file and renames, so a failed write never leaves half a post-mortem where a whole
 * one was (or is expected); a path that cannot be written is the user's to fix: one line, exit 1.
 */
function writeWhole(path: string, text: string, command: Command): void {
  const temporary = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    command.error(`cannot write ${path}: ${reason}`, { exitCode: EXIT.usage, code: 'lookout.export.out' });
  }
}
