import { Command } from 'commander';
import { NotFoundError } from '../../lambda/store/errors.js';
import { EXIT, exitCodesHelp, LOCAL_STORE_EXITS } from '../support/exit-codes.js';
import { openLocalStore } from '../support/local-store.js';
import { chosenDataDir, dataOption } from '../support/local-store-option.js';
import { describeOutbox, type OutboxView } from '../support/outbox-output.js';
import { chosenTimeZone, timeZoneOption } from '../support/time-zone-option.js';

/** Everything not yet delivered: pending items of every channel and the failed ones. */
async function readOutbox(dataDir: string): Promise<OutboxView> {
  const local = await openLocalStore(dataDir);
  try {
    const [pending, failed] = await Promise.all([
      local.store.outbox.listPending(10_000),
      local.store.outbox.listFailed(10_000),
    ]);
    return { pending, failed };
  } finally {
    await local.close();
  }
}

export function outboxCommand(): Command {
  const list = new Command('outbox')
    .description('Slack messages not yet delivered: pending and failed, per channel, with age and last error')
    .addOption(dataOption())
    .option('--json', 'machine-readable output')
    .addOption(timeZoneOption())
    .addHelpText(
      'after',
      exitCodesHelp([[EXIT.ok, 'done'], [EXIT.usage, 'usage error'], ...LOCAL_STORE_EXITS]),
    )
    .action(async (opts: { json?: boolean }, command: Command) => {
      const timeZone = chosenTimeZone(command);
      const view = await readOutbox(chosenDataDir(command));
      if (opts.json) return void process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
      process.stdout.write(describeOutbox(view, new Date(), timeZone));
    });

  list
    .command('retry')
    .description('put failed Slack messages back in line (the running `lookout start` sends them)')
    .argument('[ids...]', 'ids of failed items (see `lookout outbox`)')
    .option('--all', 'every failed item')
    .addHelpText(
      'after',
      exitCodesHelp([
        [EXIT.ok, 'done (nothing to retry included)'],
        [EXIT.usage, 'usage error, or an id that is not a failed item'],
        ...LOCAL_STORE_EXITS,
      ]),
    )
    .addOption(dataOption())
    .action(async (ids: string[], opts: { all?: boolean }, command: Command) => {
      // `--data` may be given before or after `retry`; without it, LOOKOUT_DATA_DIR, then .lookout.
      const dataDir = chosenDataDir(command);
      if (!opts.all && !ids.length) command.error('lookout: name the failed items to retry, or pass --all');
      if (opts.all && ids.length) command.error('lookout: give item ids or --all, not both');
      const local = await openLocalStore(dataDir);
      try {
        const failed = await local.store.outbox.listFailed(10_000);
        const chosen = opts.all ? failed : failed.filter((item) => ids.includes(item.entry.entryId));
        const unknown = ids.filter((id) => !failed.some((item) => item.entry.entryId === id));
        if (unknown.length) {
          const pending = new Set((await local.store.outbox.listPending(10_000)).map((i) => i.entry.entryId));
          const stillPending = unknown.filter((id) => pending.has(id));
          if (stillPending.length === unknown.length)
            throw new NotFoundError(
              `outbox item ${stillPending.join(', ')} is pending, not failed: it is sent as soon as Slack takes it`,
            );
          throw new NotFoundError(
            `failed outbox item ${unknown.filter((id) => !pending.has(id)).join(', ')}`,
          );
        }
        const at = new Date().toISOString();
        let queued = 0;
        for (const item of chosen) if (await local.store.outbox.retry(item, at)) queued++;
        // Said plainly, since nothing is sent by this command itself.
        const sender = local.owner ? 'the next `lookout start` sends them' : 'the running Lookout sends them';
        process.stdout.write(
          queued ? `${queued} item(s) back in line for Slack; ${sender}\n` : 'no failed items to retry\n',
        );
      } finally {
        await local.close();
      }
    });
  return list;
}
