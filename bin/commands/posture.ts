import type { Route53Client } from '@aws-sdk/client-route-53';
import { Command, Option } from 'commander';
import { createRoute53Clients } from '../../lambda/app/route53-clients.js';
import { ConfigError } from '../../lambda/config/errors.js';
import type { FindingLevel, PostureFeature } from '../../lambda/domain/route53/posture.js';
import {
  checkPosture,
  type PostureReport,
  type ZonePosture,
} from '../../lambda/service/route53/posture-check.js';
import {
  type ChosenConfigFile,
  chosenConfigFile,
  configOption,
  loadChosenConfig,
} from '../support/config-option.js';
import { consoleIo } from '../support/console-io.js';
import { PostureUsageError } from '../support/errors.js';
import { exitCodesHelp } from '../support/exit-codes.js';
import { chosenRoute53Endpoint } from '../support/route53-endpoint.js';

export const POSTURE_EXIT = { ok: 0, usage: 1, warning: 4 } as const;

export interface PostureIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Defaults to setting process.exitCode, so the CLI exits with it once output is flushed. */
  setExitCode: (code: number) => void;
  /** The Route 53 client (default: the SDK's default credential chain, `--endpoint` when given). */
  route53Client: (endpoint: string | undefined) => Route53Client;
  env: NodeJS.ProcessEnv;
}

interface PostureOptions {
  zone?: string[];
  json?: boolean;
  endpoint?: string;
}

const ZONE_ID = /^(\/hostedzone\/)?Z[A-Z0-9]{1,32}$/;
const FEATURE_LABEL: Record<PostureFeature | 'configuration', string> = {
  'accelerated-recovery': 'Accelerated Recovery',
  'change-history': 'Change History',
  configuration: 'configuration',
};
const LEVEL_LABEL: Record<FindingLevel, string> = { ok: 'ok', warn: 'WARN', info: 'info' };

/**
 * `lookout posture`: is each hosted zone ready for the next us-east-1 control-plane outage?
 *
 * @example
 * program.addCommand(postureCommand());
 */
export function postureCommand(io: Partial<PostureIo> = {}): Command {
  const { out, err, setExitCode } = consoleIo(io);

  return new Command('posture')
    .description(
      'check each Route 53 hosted zone for Accelerated Recovery and Change History (ADVANCED tier) before an outage needs them',
    )
    .addOption(configOption('configuration file whose route53.zones are checked'))
    .addOption(
      new Option(
        '-z, --zone <id>',
        'hosted zone id to check instead of the config’s; repeat for several',
      ).argParser(collect),
    )
    .option('--json', 'print JSON instead of text')
    .option(
      '--endpoint <url>',
      'Route 53 API endpoint (e.g. `lookout emulate`); default: $LOOKOUT_ROUTE53_ENDPOINT, else AWS',
    )
    .addHelpText(
      'after',
      `
Credentials come from the default AWS chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, SSO, instance role).
${exitCodesHelp([
  [POSTURE_EXIT.ok, 'every zone ok (notes allowed)'],
  [POSTURE_EXIT.usage, 'usage or configuration error'],
  [
    POSTURE_EXIT.warning,
    'at least one warning: a zone exposed to a us-east-1 outage, or one that could not be read (missing zone, access denied, no network)',
  ],
]).trimStart()}`,
    )
    .action(async (opts: PostureOptions, command: Command) => {
      let request: { zoneIds: string[]; perSecond: number; burst: number };
      let endpoint: string | undefined;
      try {
        endpoint = chosenRoute53Endpoint(command, io.env ?? process.env)?.value;
        request = parseRequest(opts, chosenConfigFile(command, io.env ?? process.env));
      } catch (error) {
        if (!(error instanceof PostureUsageError || error instanceof ConfigError)) throw error;
        err(`lookout: ${error.message}`);
        return setExitCode(POSTURE_EXIT.usage);
      }
      const clients = createRoute53Clients({
        endpoint,
        pace: { requestsPerSecond: request.perSecond, burst: request.burst },
        ...(io.route53Client ? { client: io.route53Client(endpoint) } : {}),
      });
      try {
        const report = await checkPosture(clients, request.zoneIds);
        const exitCode = report.level === 'warn' ? POSTURE_EXIT.warning : POSTURE_EXIT.ok;
        if (opts.json) out(JSON.stringify({ ...report, exitCode }, null, 2));
        else for (const line of renderText(report, exitCode)) out(line);
        setExitCode(exitCode);
      } finally {
        clients.destroy();
      }
    });
}

function parseRequest(
  opts: PostureOptions,
  configFile: ChosenConfigFile,
): { zoneIds: string[]; perSecond: number; burst: number } {
  const given = (opts.zone ?? [])
    .flatMap((zone) => zone.split(','))
    .map((zone) => zone.trim())
    .filter(Boolean);
  for (const zone of given) {
    if (!ZONE_ID.test(zone)) {
      throw new PostureUsageError(
        `invalid --zone "${zone}": expected a hosted zone id such as Z0123456789ABCDEFGHIJ`,
      );
    }
  }
  // With --zone, the config is read only when named on the command line (for its rate limits).
  const readConfig = given.length === 0 || configFile.from === '--config';
  const route53 = readConfig ? loadChosenConfig(configFile).route53 : undefined;
  const zoneIds = given.length > 0 ? given : (route53?.zones ?? []).map((zone) => zone.id);
  if (zoneIds.length === 0) {
    throw new PostureUsageError(
      `no hosted zones to check: list them under route53.zones in ${configFile.path} or pass --zone`,
    );
  }
  return { zoneIds, perSecond: route53?.requestsPerSecond ?? 2, burst: route53?.burst ?? 5 };
}

function renderText(report: PostureReport, exitCode: number): string[] {
  const lines = [`Route 53 posture of ${report.zones.length} hosted zone(s)`];
  for (const zone of report.zones) {
    lines.push('', heading(zone));
    const rows = zone.problem
      ? [{ level: 'warn' as const, feature: 'configuration' as const, message: zone.problem.message }]
      : zone.findings;
    for (const row of rows) {
      lines.push(
        `  ${LEVEL_LABEL[row.level].padEnd(5)} ${FEATURE_LABEL[row.feature].padEnd(21)} ${row.message}`,
      );
    }
  }
  const attention = report.zones.filter(
    (zone) => zone.problem || zone.findings.some((finding) => finding.level === 'warn'),
  ).length;
  lines.push(
    '',
    attention === 0
      ? `All ${report.zones.length} zone(s) ready (exit ${exitCode})`
      : `${attention} of ${report.zones.length} zone(s) need attention (exit ${exitCode})`,
  );
  return lines;
}

function heading(zone: ZonePosture): string {
  if (zone.name === undefined) return zone.zoneId;
  return `${zone.name}  ${zone.zoneId} (${zone.privateZone ? 'private' : 'public'})`;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
