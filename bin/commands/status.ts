import { resolve } from 'node:path';
import { Command } from 'commander';
import { resolveTargets } from '../../lambda/config/load-config.js';
import { mergeWatched } from '../../lambda/domain/watch-list.js';
import { systemResolvers } from '../../lambda/sources/dns/system-resolvers.js';
import { chosenConfigFile, loadChosenConfig } from '../support/config-option.js';
import { exitCodesHelp, STATUS_EXITS } from '../support/exit-codes.js';
import { openLocalStore } from '../support/local-store.js';
import { chosenDataDir, dataOption } from '../support/local-store-option.js';
import { formatStatus } from '../support/status-output.js';
import { buildStatus } from '../support/status-report.js';
import { chosenTimeZone, timeZoneOption } from '../support/time-zone-option.js';

export function statusCommand(): Command {
  return new Command('status')
    .description(
      'every watched target now: healthy, empty, degraded, flapping or unreachable, its last answer per resolver, the last probe and the open incident',
    )
    .option(
      '-c, --config <file>',
      'configuration file, for the targets when no `lookout start` has published its view',
      'lookout.config.yaml',
    )
    .addOption(dataOption())
    .option('--json', 'machine-readable output')
    .addOption(timeZoneOption())
    .addHelpText('after', exitCodesHelp(STATUS_EXITS))
    .action(async (opts: { config: string; json?: boolean }, command: Command) => {
      const timeZone = chosenTimeZone(command);
      // A flag given on the command line wins over the environment, which wins over the default.
      const chosenConfig = chosenConfigFile(command);
      const configFile = chosenConfig.path;
      const dataDir = resolve(chosenDataDir(command));
      const local = await openLocalStore(dataDir);
      try {
        const report = await buildStatus({
          dataDir,
          store: local.store,
          ...(local.owner ? {} : { runningEndpoint: local.endpoint }),
          configuredTargets: async () => {
            const config = loadChosenConfig(chosenConfig);
            const system = await systemResolvers();
            const resolvers = config.probe.resolvers.length ? config.probe.resolvers : system;
            // With the names watched from Slack, as the next round probes them (the config wins a clash).
            return mergeWatched(
              resolveTargets(config, system, configFile),
              await local.store.watchList.list(),
              resolvers,
            ).targets;
          },
        });
        process.stdout.write(
          opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatStatus(report, new Date(), timeZone),
        );
      } finally {
        await local.close();
      }
    });
}
