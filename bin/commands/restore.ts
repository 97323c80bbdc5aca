import { userInfo } from 'node:os';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { Command, Option } from 'commander';
import { createRestoreService } from '../../lambda/app/restore.js';
import { createRoute53Clients } from '../../lambda/app/route53-clients.js';
import { ConfigError } from '../../lambda/config/errors.js';
import type { RestoreService, RestoreStep } from '../../lambda/service/route53/restore.js';
import { restoreDefaults } from '../../lambda/service/route53/restore-types.js';
import { InvalidServerAddressError } from '../../lambda/sources/dns/errors.js';
import { chosenConfigFile, configOption, loadChosenConfig } from '../support/config-option.js';
import { consoleIo } from '../support/console-io.js';
import { exitCodesHelp, LOCAL_STORE_EXITS, ROUTE53_API_EXITS } from '../support/exit-codes.js';
import { openLocalStore } from '../support/local-store.js';
import { chosenDataDir, dataOption } from '../support/local-store-option.js';
import type { Chosen } from '../support/precedence.js';
import {
  askOnTerminal,
  confirmApply,
  exitCodeOf,
  planLines,
  RESTORE_EXIT,
  resultLines,
} from '../support/restore-output.js';
import { type ParsedRestoreRequest, parseRequest, RestoreUsageError } from '../support/restore-request.js';
import { chosenRoute53Endpoint } from '../support/route53-endpoint.js';
import { terminalLog } from '../support/terminal.js';
import { chosenTimeZone, timeZoneOption } from '../support/time-zone-option.js';
import { positiveInt } from './start.js';

export { RESTORE_EXIT } from '../support/restore-output.js';

export interface RestoreIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Defaults to setting process.exitCode, so the CLI exits with it once output is flushed. */
  setExitCode: (code: number) => void;
  /** Whether a person can answer the confirmation (default: stdin and stdout are TTYs). */
  interactive: () => boolean;
  /** Asks a yes/no question on the terminal. */
  confirm: (question: string) => Promise<boolean>;
  /** The Route 53 client (default: the SDK's default credential chain, `--endpoint` when given). */
  route53Client: (endpoint: string | undefined) => Route53Client;
  /** LOOKOUT_DATA_DIR and LOOKOUT_CONFIG_FILE are read from here (default: process.env). */
  env: NodeJS.ProcessEnv;
}

interface RestoreOptions {
  setIdentifier?: string;
  yes?: boolean;
  dryRun?: boolean;
  endpoint?: string;
  verifyWith: string[];
  incident?: string;
  by: string;
  stableSeconds?: number;
  timeout: number;
}

/**
 * `lookout restore <zone> <name> <type>`: puts a Route 53 record set back to its last-known-good
 * version with one compare-and-swap batch, waits for INSYNC and verifies DNS, recording each step on
 * the incident's timeline.
 *
 * @example
 * program.addCommand(restoreCommand());
 */
export function restoreCommand(io: Partial<RestoreIo> = {}): Command {
  const { out, err, setExitCode } = consoleIo(io);
  const interactive = io.interactive ?? (() => Boolean(process.stdin.isTTY && process.stdout.isTTY));
  const confirm = io.confirm ?? askOnTerminal;

  return new Command('restore')
    .description(
      'put a Route 53 record set back to its last-known-good version (one atomic DELETE+CREATE or CREATE), wait for INSYNC and verify DNS',
    )
    .argument('<zone>', 'hosted zone id, e.g. Z0123456789ABCDEFGHIJ')
    .argument('<name>', 'record name, e.g. api.example.com')
    .argument('<type>', 'record type, e.g. A')
    .option('--set-identifier <id>', 'the member of a weighted/failover/latency/… routing policy')
    .option('-y, --yes', 'apply without asking (required when not on a terminal)')
    .option('--dry-run', 'show the plan and change nothing')
    .addOption(configOption('configuration file (route53.lastKnownGoodStableSeconds)'))
    .addOption(dataOption())
    .option(
      '--endpoint <url>',
      'Route 53 API endpoint (e.g. `lookout emulate`); default: $LOOKOUT_ROUTE53_ENDPOINT, else AWS',
    )
    .addOption(
      new Option('--verify-with <host:port>', 'resolver to verify the answer with; repeat for several')
        .argParser(collect)
        .default([], "Route 53's own name servers (TestDNSAnswer)"),
    )
    .option('--incident <id>', 'incident to record the steps on (default: the open one for name/TYPE)')
    .addOption(
      new Option('--by <name>', 'who is restoring (recorded on the timeline)').default(`cli:${safeUser()}`),
    )
    .addOption(
      new Option(
        '--stable-seconds <n>',
        `a version is last-known-good once it stayed current this long (default: route53.lastKnownGoodStableSeconds, else ${restoreDefaults.stableSeconds})`,
      ).argParser(positiveInt),
    )
    .addOption(
      new Option('--timeout <s>', 'wait this long for INSYNC')
        .default(restoreDefaults.insyncTimeoutMs / 1000)
        .argParser(positiveInt),
    )
    .addOption(timeZoneOption())
    .addHelpText(
      'after',
      `
Uses your AWS credentials (the SDK's default chain: AWS_PROFILE, environment, SSO, instance role).
${exitCodesHelp([
  [RESTORE_EXIT.restored, 'restored and verified (or nothing to restore)'],
  [RESTORE_EXIT.usage, 'usage or configuration error, or nothing was changed (declined, no last-known-good)'],
  [
    RESTORE_EXIT.conflict,
    'Route 53 refused the batch (the record changed since it was read, or a guardrail)',
  ],
  [RESTORE_EXIT.unverified, 'submitted but not verified (not INSYNC in time, or DNS does not answer it)'],
  ...ROUTE53_API_EXITS,
  ...LOCAL_STORE_EXITS,
]).trimStart()}`,
    )
    .action(async (zone: string, name: string, type: string, opts: RestoreOptions, command: Command) => {
      const timeZone = chosenTimeZone(command);
      let request: ParsedRestoreRequest;
      let endpoint: Chosen | undefined;
      const env = io.env ?? process.env;
      try {
        request = parseRequest(zone, name, type, opts);
        endpoint = chosenRoute53Endpoint(command, env);
      } catch (error) {
        if (
          !(
            error instanceof RestoreUsageError ||
            error instanceof InvalidServerAddressError ||
            error instanceof ConfigError
          )
        )
          throw error;
        err(`lookout: ${error.message}`);
        return setExitCode(RESTORE_EXIT.usage);
      }
      // Flag, then the config file (a missing default file is fine: restore needs no targets), then default.
      const config = loadChosenConfig(chosenConfigFile(command, env), { optional: true });
      const stableSeconds =
        opts.stableSeconds ?? config?.route53?.lastKnownGoodStableSeconds ?? restoreDefaults.stableSeconds;
      // Unpaced: one restore is a handful of calls, and it must not wait behind a budget in an outage.
      const clients = createRoute53Clients({
        endpoint: endpoint?.value,
        ...(io.route53Client ? { client: io.route53Client(endpoint?.value) } : {}),
      });
      // A Route 53 other than AWS's, chosen by the environment, is said: a stale export must not surprise.
      if (endpoint?.from === 'LOOKOUT_ROUTE53_ENDPOINT')
        out(`Route 53 API: ${endpoint.value} (LOOKOUT_ROUTE53_ENDPOINT)`);
      const local = await openLocalStore(chosenDataDir(command, env)).catch((error: unknown) => {
        clients.destroy();
        throw error;
      });
      const progress = { submitting: false };
      try {
        const deps = { config, store: local.store, clients, log: terminalLog(), now: () => new Date() };
        const service = createRestoreService(deps, {
          resolvers: request.verifyWith,
          stableSeconds,
          insyncTimeoutMs: opts.timeout * 1000,
          // The plan is printed whole once prepared; the steps after it as they happen.
          onStep: (step: RestoreStep) => {
            if (step.step !== 'read' && step.step !== 'plan') out(`  ${step.text.replace(/^restore: /, '')}`);
          },
        });
        setExitCode(
          await run(service, request, opts, { out, err, interactive, confirm }, timeZone, progress),
        );
      } catch (error) {
        const code = exitCodeOf(error, err, { endpoint: endpoint?.value, submitting: progress.submitting });
        if (code === undefined) throw error;
        setExitCode(code);
      } finally {
        clients.destroy();
        await local.close();
      }
    });
}

async function run(
  service: RestoreService,
  request: { zoneId: string; name: string; type: string },
  opts: RestoreOptions,
  io: Pick<RestoreIo, 'out' | 'err' | 'interactive' | 'confirm'>,
  timeZone: string | undefined,
  /** Set once the batch is being sent: an error after that may not mean "nothing was changed". */
  progress: { submitting: boolean },
): Promise<number> {
  const prepared = await service.prepare({
    ...request,
    by: opts.by,
    ...(opts.setIdentifier !== undefined ? { setIdentifier: opts.setIdentifier } : {}),
    ...(opts.incident ? { incidentId: opts.incident } : {}),
  });
  for (const line of planLines(prepared, timeZone)) io.out(line);
  if (opts.dryRun) {
    io.out('dry run: nothing was changed');
    return RESTORE_EXIT.restored;
  }
  const declined = await confirmApply(opts.yes, io);
  if (declined !== undefined) return declined;
  // Exactly the plan shown: if the record changed since it was read, Route 53 refuses the batch.
  progress.submitting = true;
  const result = await service.apply(prepared);
  for (const line of resultLines(result)) io.out(line);
  return result.outcome === 'verified' ? RESTORE_EXIT.restored : RESTORE_EXIT.unverified;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
