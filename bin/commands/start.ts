import { resolve } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createProbeApp } from '../../lambda/app/probe.js';
import { resolveTargets } from '../../lambda/config/load-config.js';
import { loadRunbooks } from '../../lambda/config/load-runbooks.js';
import { BackgroundDelivery } from '../../lambda/service/background-delivery.js';
import { TimelineFeed } from '../../lambda/service/timeline-feed.js';
import { sleep } from '../../lambda/shared/sleep.js';
import { systemResolvers } from '../../lambda/sources/dns/system-resolvers.js';
import { chosenConfigFile, loadChosenConfig } from '../support/config-option.js';
import { exitCodesHelp, START_EXITS } from '../support/exit-codes.js';
import { localEnv } from '../support/local-env.js';
import { localLeaseOwner } from '../support/local-lease.js';
import { localChannel, localSlack } from '../support/local-slack.js';
import { localSocketMode, type RunningSocketMode, startSocketMode } from '../support/local-socket-mode.js';
import { DEFAULT_DATA_DIR, openLocalStore } from '../support/local-store.js';
import { chosenDataDir } from '../support/local-store-option.js';
import {
  chosenTriggersPort,
  type RunningTriggers,
  startLocalTriggers,
  TRIGGERS_PORT_ENV,
  triggersPort,
} from '../support/local-triggers.js';
import { chosenRoute53Endpoint } from '../support/route53-endpoint.js';
import { StatusPublisher } from '../support/status-file.js';
import { terminalLog, useColor } from '../support/terminal.js';
import { chosenTimeZone, timeZoneOption } from '../support/time-zone-option.js';
import { WatchBoard } from '../support/watch-board.js';
import { runWatch } from '../support/watch-loop.js';
import { WatchOutput } from '../support/watch-output.js';

interface StartOptions {
  config: string;
  data: string;
  rounds?: number;
  triggersPort?: number;
  everyLine?: boolean;
}

export function startCommand(): Command {
  return new Command('start')
    .description(
      'watch the configured targets on this machine (embedded store; Slack when SLACK_BOT_TOKEN is set; /lookout over Socket Mode when SLACK_APP_TOKEN is set too)',
    )
    .option('-c, --config <file>', 'configuration file', 'lookout.config.yaml')
    .option('-d, --data <dir>', 'where the local store keeps its data', DEFAULT_DATA_DIR)
    .addOption(
      new Option('--rounds <n>', 'stop after this many probe rounds (default: run until Ctrl-C)').argParser(
        positiveInt,
      ),
    )
    .addOption(
      new Option(
        '--triggers-port <port>',
        `serve the on-call trigger endpoint (POST /trigger, /pagerduty, /alertmanager) on 127.0.0.1:<port>; 0 picks a free port (default: off, or ${TRIGGERS_PORT_ENV})`,
      ).argParser(triggersPort),
    )
    .option(
      '--every-line',
      'print every timeline entry on its own line at once (default: routine entries of one incident within 10 s are one group line; state changes always print at once)',
    )
    .addOption(timeZoneOption())
    .addHelpText('after', exitCodesHelp(START_EXITS))
    .action(async (opts: StartOptions, command: Command) => {
      const timeZone = chosenTimeZone(command);
      const env = localEnv();
      // A flag given on the command line wins over the environment, which wins over the default.
      const chosenConfig = chosenConfigFile(command);
      const configFile = chosenConfig.path;
      const config = loadChosenConfig(chosenConfig);
      const system = await systemResolvers();
      const targets = resolveTargets(config, system, configFile);
      const dataDir = chosenDataDir(command);
      // Every setting is read before the store opens: a bad one exits with its one line, leaving nothing.
      const route53Endpoint = chosenRoute53Endpoint(undefined)?.value;
      const socketModeSetting = localSocketMode(env);
      const triggerPort = chosenTriggersPort(opts.triggersPort, process.env);
      const local = await openLocalStore(dataDir, { serve: true });
      const log = terminalLog();
      const color = useColor();
      const slack = localSlack(env, config);
      const channel = localChannel(env, config);
      const lookout = createProbeApp({
        config,
        targets,
        store: local.store,
        log,
        owner: localLeaseOwner(dataDir),
        slack,
        channel,
        // `/lookout watch` adds names while this runs: each round reads the watch list.
        watchList: { resolvers: config.probe.resolvers.length ? config.probe.resolvers : system },
      });
      const out = process.stdout;
      out.write(
        `Lookout: watching ${targets.length} target(s) every ${config.probe.intervalSeconds} s · data in ${dataDir}\n`,
      );
      out.write(
        slack
          ? `Slack: posting to ${slack.channel}\n`
          : channel
            ? `Slack: off (set SLACK_BOT_TOKEN to post); incidents queue for ${channel} and are posted once it is set\n`
            : 'Slack: off (set SLACK_BOT_TOKEN and slack.channel or SLACK_CHANNEL to post)\n',
      );
      if (!socketModeSetting.on && socketModeSetting.reason) out.write(`${socketModeSetting.reason}\n`);
      for (const t of targets) out.write(`  ${t.name} ${t.type} (${t.mode}) via ${t.resolvers.join(', ')}\n`);

      let stopping = false;
      // Set once the output exists: a second Ctrl-C prints the held group lines before it quits.
      let flushHeld = () => {};
      const stop = () => {
        if (stopping) {
          flushHeld();
          process.exit(130);
        }
        stopping = true;
        out.write('\nstopping after this round (Ctrl-C again to quit now)\n');
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);

      // The Route 53 SDK and flow are loaded only for a config that watches zones (~5 MiB resident).
      const route53 = config.route53
        ? (await import('../support/local-route53.js')).localRoute53({
            config,
            store: local.store,
            log,
            endpoint: route53Endpoint,
            channel,
          })
        : undefined;
      if (route53)
        out.write(
          `Route 53: snapshots of ${route53.zones.join(', ')} every ${route53.intervalMinutes} min\n`,
        );
      const delivery = new BackgroundDelivery(lookout, (d) => {
        if (d.failed)
          log.warn(
            `${d.failed} Slack message(s) failed; see \`lookout outbox\`, retry with \`lookout outbox retry\``,
          );
      });
      const board = new WatchBoard(targets);
      const feed = new TimelineFeed(local.store);
      const output = new WatchOutput(out, board, (entries) => feed.fresh(entries), {
        now: Date.now,
        color,
        ...(timeZone ? { zone: timeZone } : {}),
        ...(opts.everyLine ? { everyLine: true } : {}),
        // The same window as Slack's grouped replies (slack.calm.groupWindowSeconds; 0: every line).
        groupWindowMs: config.slack.calm.groupWindowSeconds * 1000,
      });
      flushHeld = () => output.flush();
      const status = new StatusPublisher(
        resolve(dataDir),
        {
          pid: process.pid,
          endpoint: local.endpoint,
          startedAt: new Date().toISOString(),
          intervalSeconds: config.probe.intervalSeconds,
        },
        log,
      );
      // Checked every second, apart from the rounds: a round that hangs still gets its heartbeat.
      const heartbeat = setInterval(() => output.heartbeat(), 1_000);
      heartbeat.unref();
      let socketMode: RunningSocketMode | undefined;
      let triggers: RunningTriggers | undefined;
      try {
        if (triggerPort !== undefined) {
          triggers = await startLocalTriggers(triggerPort, {
            config,
            store: local.store,
            runbooks: slack?.runbooks ?? loadRunbooks({ env: process.env }),
            channel,
            log,
            env: process.env,
            // An incident a trigger opened reaches Slack now, not after the next round.
            applied: () => delivery.kick(),
          });
          out.write(`${triggers.line}\n`);
        }
        if (socketModeSetting.on)
          socketMode = await startSocketMode(socketModeSetting, {
            store: local.store,
            config,
            targets,
            log,
            route53Endpoint,
            say: (line) => out.write(`${line}\n`),
            // A change from Slack reaches its root and thread now, not after the next round.
            deliver: async () => delivery.kick(),
            ...(slack ? { runbooks: slack.runbooks } : {}),
          });
        await runWatch({
          lookout,
          board,
          output,
          feed,
          log,
          intervalMs: config.probe.intervalSeconds * 1000,
          ...(opts.rounds !== undefined ? { rounds: opts.rounds } : {}),
          stopping: () => stopping,
          now: Date.now,
          sleep: (ms) => sleepUnless(() => stopping, ms),
          afterRound: () => {
            status.publish(board);
            route53?.tick(
              (entries, zoneId) => {
                output.entries(entries, zoneId);
                delivery.kick();
              },
              (problem, error) => log.error(problem, error),
            );
            delivery.kick();
          },
        });
      } finally {
        // First: a /lookout or a trigger answered while the store closes would fail half-way.
        await socketMode?.stop();
        await triggers?.stop();
        clearInterval(heartbeat);
        status.withdraw();
        // The store is what `status` reads once this start is gone: make it as fresh as the last probe.
        await lookout.processor
          .flush()
          .catch((error: unknown) => log.warn('could not save the latest target states', { error }));
        await route53?.drain();
        route53?.close();
        // What the last Route 53 poll printed after the summary is not held back either.
        output.flush();
        await delivery.drain();
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await local.close();
      }
    });
}

async function sleepUnless(stop: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + Math.max(0, ms);
  while (!stop() && Date.now() < until) await sleep(Math.min(100, until - Date.now()));
}

export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new InvalidArgumentError(`expected a positive whole number, got "${value}"`);
  return n;
}
