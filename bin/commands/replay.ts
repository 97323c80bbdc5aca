import { Command, Option } from 'commander';
import { startEmbeddedDynamo } from '../../emulators/dynamodb/embedded-dynalite.js';
import { createHealthApp } from '../../lambda/app/health.js';
import { createRoute53App } from '../../lambda/app/route53.js';
import { createRoute53Clients } from '../../lambda/app/route53-clients.js';
import { detectionSchema } from '../../lambda/config/config-schema.js';
import { healthSchema } from '../../lambda/config/health-schema.js';
import { formatEntryLine, formatIncidentSummary } from '../../lambda/domain/render/text.js';
import { formatTime } from '../../lambda/domain/render/time.js';
import { writerLabel } from '../../lambda/domain/route53/history.js';
import { targetId } from '../../lambda/domain/targets.js';
import { InvalidHealthEventError } from '../../lambda/sources/health/errors.js';
import { isHealthEventBridgeEvent } from '../../lambda/sources/health/health-events.js';
import { InvalidEventError } from '../../lambda/sources/route53/errors.js';
import { formatBytes, REPLAY_LIMITS } from '../../lambda/sources/route53/replay-input.js';
import { createStore, ensureTable, type Store } from '../../lambda/store/store.js';
import { chosenConfigFile, configOption, loadChosenConfig } from '../support/config-option.js';
import { exitCodesHelp, LOCAL_STORE_EXITS, ROUTE53_API_EXITS, USAGE_EXIT } from '../support/exit-codes.js';
import { healthReplayLine } from '../support/health-replay-line.js';
import { openLocalStore } from '../support/local-store.js';
import { chosen } from '../support/precedence.js';
import { readReplayFile } from '../support/replay-file.js';
import { chosenRoute53Endpoint } from '../support/route53-endpoint.js';
import { serviceFailure } from '../support/service-failures.js';
import { terminalLog, textOptions } from '../support/terminal.js';
import { timeZoneOption } from '../support/time-zone-option.js';

/**
 * The local store a replay writes into: `--data` when given on the command line, else LOOKOUT_DATA_DIR,
 * else none (a fresh in-memory store), by the precedence every command follows.
 */
export function replayDataDir(command: Command, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return chosen(command, { option: 'data', name: '--data' }, 'LOOKOUT_DATA_DIR', env)?.value;
}

/** Opens the store the replay writes to: a fresh in-memory one unless a local one is named. */
async function replayStore(data?: string): Promise<{ store: Store; close: () => Promise<void> }> {
  if (data) return openLocalStore(data);
  const dynamo = await startEmbeddedDynamo();
  await ensureTable(dynamo.client, 'lookout-replay');
  return { store: createStore(dynamo.client, 'lookout-replay'), close: () => dynamo.close() };
}

/**
 * `lookout replay <file>`: recorded Route 53 CloudTrail events through the same code the Lambda runs
 * (handleChangeEvent), then the incidents and timelines they produce.
 */
export function replayCommand(): Command {
  return new Command('replay')
    .description(
      'feed recorded Route 53 CloudTrail events (and AWS Health events) through Lookout and print the incidents and timeline',
    )
    .argument(
      '<file>',
      `one EventBridge event, a JSON array of them, one per line, or a CloudTrail log file ({"Records":[...]}, .json.gz too); at most ${formatBytes(REPLAY_LIMITS.fileBytes)} as stored and ${formatBytes(REPLAY_LIMITS.textBytes)} once decompressed`,
    )
    .option(
      '-d, --data <dir>',
      'write into this local store (default: $LOOKOUT_DATA_DIR, else a fresh in-memory one)',
    )
    .addOption(
      new Option(
        '--endpoint <url>',
        'Route 53 API to re-read affected record sets from (default: $LOOKOUT_ROUTE53_ENDPOINT, else none — offline replay)',
      ),
    )
    .addOption(configOption('configuration file: race window, own principals, zones (optional)'))
    .addOption(timeZoneOption())
    .addHelpText(
      'after',
      exitCodesHelp([
        [0, 'every event replayed'],
        [USAGE_EXIT[0], 'usage error, input it cannot read, or an invalid event (each one is named)'],
        ...ROUTE53_API_EXITS,
        ...LOCAL_STORE_EXITS,
      ]),
    )
    .action(async (file: string, _opts: unknown, command: Command) => {
      const out = process.stdout;
      const text = textOptions(command);
      const input = readReplayFile(file);
      out.write(`replaying ${input.events.length} event(s) from ${file} (${input.format})\n`);
      for (const skipped of input.skipped) out.write(`  skipped ${skipped.at}: ${skipped.reason}\n`);
      // --endpoint, else LOOKOUT_ROUTE53_ENDPOINT; neither = offline (never AWS unasked).
      const endpoint = chosenRoute53Endpoint(command);
      const clients = endpoint ? createRoute53Clients({ endpoint: endpoint.value }) : undefined;
      const { store, close } = await replayStore(replayDataDir(command));
      try {
        const now = () => new Date();
        // The config's race window, own principals and zones, as the Lambda would use them; none = defaults.
        const config = loadChosenConfig(chosenConfigFile(command), { optional: true }) ?? {
          detection: detectionSchema.parse({}),
        };
        const app = createRoute53App({
          store,
          config,
          ...(clients ? { clients } : {}),
          log: terminalLog(),
          now,
        });
        // AWS Health deliveries in the same file go through the Health flow, into the same incidents.
        const health = createHealthApp({
          store,
          config: {
            detection: config.detection,
            health: 'health' in config ? config.health : healthSchema.parse({}),
          },
          targets:
            'targets' in config
              ? config.targets.map((t) => ({ id: targetId(t.name, t.type), name: t.name, type: t.type }))
              : [],
          // The config's channel, so a scheduled change's digest line is kept (and named) as the Lambda would.
          channel: 'slack' in config ? config.slack.channel : undefined,
          log: terminalLog(),
          now,
        });
        let invalid = 0;
        let resnapshotSkipped = false;
        for (const [index, event] of input.events.entries()) {
          try {
            if (isHealthEventBridgeEvent(event)) {
              const told = await health.handleEvent(event);
              out.write(`${healthReplayLine(index + 1, told)}\n`);
              for (const entry of told.entries) out.write(`    ${formatEntryLine(entry, undefined, text)}\n`);
              continue;
            }
            const result = await app.handleChange(event);
            for (const c of result.changes) {
              const values =
                c.action === 'DELETE'
                  ? ''
                  : ` → ${c.recordSet.values.join(', ') || c.recordSet.alias?.dnsName || ''}`;
              out.write(
                `${formatTime(c.at, text.timeZone)}  ${writerLabel(c.writer)}  ${c.action} ${c.recordSet.key.name} ${c.recordSet.key.type}${values}${c.errorCode ? `  (failed: ${c.errorCode})` : ''}\n`,
              );
            }
            for (const entry of result.entries) out.write(`    ${formatEntryLine(entry, undefined, text)}\n`);
            resnapshotSkipped ||= result.resnapshot === 'skipped' && result.changes.some((c) => !c.errorCode);
          } catch (error) {
            // Re-reading from --endpoint failed for want of a network or credentials: say which, once.
            const failure = endpoint
              ? serviceFailure(error, { service: 'the Route 53 API', endpoint: endpoint.value })
              : undefined;
            if (failure) throw failure;
            if (!(error instanceof InvalidEventError || error instanceof InvalidHealthEventError))
              throw error;
            invalid++;
            out.write(`event ${index + 1}: not replayed: ${error.message}\n`);
          }
        }
        if (resnapshotSkipped) {
          out.write(
            're-snapshot skipped: no Route 53 API to re-read the record sets from (offline replay; use --endpoint)\n',
          );
        }
        const incidents = await store.incidents.list(100);
        out.write(`\n${incidents.length} incident(s)\n`);
        for (const incident of incidents) {
          out.write(`\n${formatIncidentSummary(incident, now(), [], text)}\n`);
          for (const entry of await store.incidents.listTimeline(incident.id)) {
            out.write(`  ${formatEntryLine(entry, undefined, text)}\n`);
          }
        }
        if (invalid) process.exitCode = 1;
      } finally {
        clients?.destroy();
        await close();
      }
    });
}
