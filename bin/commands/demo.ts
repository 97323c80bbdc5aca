import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { replayOutage } from '../../demo/outage-replay.js';
import type { SlackSetup } from '../../lambda/app/slack.js';
import type { LocalEnv } from '../../lambda/config/env.js';
import { ConfigError } from '../../lambda/config/errors.js';
import { chosenConfigFile, loadChosenConfig } from '../support/config-option.js';
import { DEMO_EXITS, exitCodesHelp } from '../support/exit-codes.js';
import { localEnv } from '../support/local-env.js';
import { localSlack } from '../support/local-slack.js';
import { openLocalStore } from '../support/local-store.js';
import { terminalLog, useColor } from '../support/terminal.js';
import { chosenTimeZone, timeZoneOption } from '../support/time-zone-option.js';

export function demoCommand(): Command {
  return new Command('demo')
    .description('replay the October-2025 DynamoDB DNS race on this machine and watch Lookout detect it')
    .addOption(
      new Option('--interval <seconds>', 'seconds between probe rounds').default(1).argParser((v) => {
        const n = Number(v);
        if (!(n >= 0.2 && n <= 10))
          throw new InvalidArgumentError('expected a number of seconds between 0.2 and 10');
        return n;
      }),
    )
    .addOption(timeZoneOption())
    .addHelpText('after', exitCodesHelp(DEMO_EXITS))
    .action(async (opts: { interval: number }, command: Command) => {
      const timeZone = chosenTimeZone(command);
      const env = localEnv();
      const log = terminalLog();
      // The incident outlives the demo in a data directory of its own (never the user's), named at the end.
      const dataDir = mkdtempSync(join(tmpdir(), 'lookout-demo-'));
      const local = await openLocalStore(dataDir, { create: true });
      const result = await replayOutage({
        out: process.stdout,
        keep: { store: local.store, dataDir },
        intervalSeconds: opts.interval,
        color: useColor(),
        timeZone,
        log,
        // Slack only when a token is set; the channel comes from SLACK_CHANNEL or the config file.
        slack: env.SLACK_BOT_TOKEN ? demoSlack(env, command) : undefined,
      }).finally(() => local.close());
      if (result.incident.status !== 'resolved') process.exitCode = 1;
    });
}

/** Slack for the demo: the token is set, so a missing channel is a mistake worth saying. */
function demoSlack(env: LocalEnv, command: Command): SlackSetup {
  const slack = localSlack(env, loadChosenConfig(chosenConfigFile(command)));
  if (!slack)
    throw new ConfigError('SLACK_BOT_TOKEN is set but no channel: set SLACK_CHANNEL or slack.channel');
  return slack;
}
