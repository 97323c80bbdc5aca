import { Command, Option } from 'commander';
import { brokenChainText, chainText } from '../../lambda/domain/cname-chain.js';
import { normalizeDnsName } from '../../lambda/domain/dns-name.js';
import {
  isUsable,
  RECORD_TYPES,
  type RecordType,
  type ResolverOutcome,
} from '../../lambda/domain/observation.js';
import { isDnsName, targetId } from '../../lambda/domain/targets.js';
import { DnsProbe } from '../../lambda/sources/dns/dns-probe.js';
import {
  InvalidDnsNameError,
  InvalidServerAddressError,
  UnsupportedRecordTypeError,
} from '../../lambda/sources/dns/errors.js';
import { parseServerAddress } from '../../lambda/sources/dns/server-address.js';
import { systemResolvers } from '../../lambda/sources/dns/system-resolvers.js';
import type { DnsClient } from '../../lambda/sources/dns/wire-client.js';
import { consoleIo } from '../support/console-io.js';
import { CheckUsageError } from '../support/errors.js';
import { exitCodesHelp } from '../support/exit-codes.js';

export const CHECK_EXIT = { answered: 0, usage: 1, empty: 2, unreachable: 3 } as const;
export type CheckVerdict = 'answered' | 'empty' | 'unreachable';

export interface CheckIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Defaults to setting process.exitCode, so the CLI exits with it once output is flushed. */
  setExitCode: (code: number) => void;
  resolvConf?: string;
  client?: DnsClient;
}

/**
 * Answered when a strict majority of the resolvers that gave a usable answer returned records;
 * a split vote counts as empty, because an empty answer anywhere is what this tool exists to flag.
 */
export function checkVerdict(outcomes: readonly ResolverOutcome[]): CheckVerdict {
  const usable = outcomes.filter(isUsable);
  if (usable.length === 0) return 'unreachable';
  const answered = usable.filter((outcome) => outcome.kind === 'ANSWER').length;
  return answered * 2 > usable.length ? 'answered' : 'empty';
}

/**
 * `lookout check <name>`: asks each resolver once and prints what it said.
 *
 * @example
 * program.addCommand(checkCommand());
 */
export function checkCommand(io: Partial<CheckIo> = {}): Command {
  const { out, err, setExitCode } = consoleIo(io);

  return new Command('check')
    .description('ask each resolver for <name> once and show the classified answers')
    .argument('<name>', 'DNS name, e.g. dynamodb.us-east-1.amazonaws.com')
    .option('-t, --type <type>', `record type (${RECORD_TYPES.join(', ')})`, 'A')
    .addOption(
      new Option('-s, --server <host:port>', 'resolver to ask; repeat for several')
        .argParser(collect)
        .default([], 'the system resolvers'),
    )
    .option('--timeout <ms>', 'per-query timeout in milliseconds', '2000')
    .option('--json', 'print JSON instead of text')
    .addHelpText(
      'after',
      exitCodesHelp([
        [CHECK_EXIT.answered, 'answered: a majority of the resolvers returned records'],
        [CHECK_EXIT.usage, 'usage error'],
        [CHECK_EXIT.empty, 'empty (NODATA/NXDOMAIN), a tie included'],
        [CHECK_EXIT.unreachable, 'unreachable: no resolver gave a usable answer'],
      ]),
    )
    .action(
      async (name: string, options: { type: string; server: string[]; timeout: string; json?: boolean }) => {
        let request: { name: string; type: RecordType; servers: string[]; timeoutMs: number };
        try {
          request = await parseRequest(name, options, io.resolvConf);
        } catch (error) {
          if (!isUsageError(error)) throw error;
          err(`lookout: ${error.message}`);
          setExitCode(CHECK_EXIT.usage);
          return;
        }
        const probe = new DnsProbe({
          timeoutMs: request.timeoutMs,
          ...(io.client ? { client: io.client } : {}),
        });
        const observation = await probe.probe({
          id: targetId(request.name, request.type),
          name: request.name,
          type: request.type,
          mode: 'exact',
          resolvers: request.servers,
        });
        const verdict = checkVerdict(observation.outcomes);
        const exitCode = CHECK_EXIT[verdict];
        if (options.json) {
          out(
            JSON.stringify(
              {
                ...request,
                verdict,
                exitCode,
                observedAt: observation.observedAt,
                outcomes: observation.outcomes,
              },
              null,
              2,
            ),
          );
        } else {
          for (const line of renderText(request.name, request.type, verdict, observation.outcomes)) out(line);
        }
        setExitCode(exitCode);
      },
    );
}

async function parseRequest(
  name: string,
  options: { type: string; server: string[]; timeout: string },
  resolvConf: string | undefined,
) {
  if (!isDnsName(name)) throw new InvalidDnsNameError(name);
  const type = options.type.toUpperCase();
  if (!isRecordType(type)) throw new UnsupportedRecordTypeError(options.type, RECORD_TYPES);
  const timeoutMs = Number(options.timeout);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 60_000) {
    throw new CheckUsageError(
      `invalid --timeout "${options.timeout}": expected milliseconds between 1 and 60000`,
    );
  }
  const given = options.server
    .flatMap((server) => server.split(','))
    .filter((server) => server.trim() !== '');
  for (const server of given) parseServerAddress(server);
  const servers = given.length > 0 ? given.map((server) => server.trim()) : await systemResolvers(resolvConf);
  return { name: normalizeDnsName(name), type, servers, timeoutMs };
}

function renderText(
  name: string,
  type: RecordType,
  verdict: CheckVerdict,
  outcomes: ResolverOutcome[],
): string[] {
  const answered = outcomes.filter((outcome) => outcome.kind === 'ANSWER').length;
  const headline = { answered: 'ANSWERED', empty: 'EMPTY', unreachable: 'UNREACHABLE' }[verdict];
  const lines = [`${name} ${type}: ${headline} (${answered}/${outcomes.length} resolvers returned records)`];
  const width = Math.max(...outcomes.map((outcome) => outcome.resolver.length));
  const kindWidth = Math.max(9, ...outcomes.map((outcome) => outcome.kind.length));
  for (const outcome of outcomes) {
    const parts = [
      outcome.resolver.padEnd(width),
      outcome.kind.padEnd(kindWidth),
      (outcome.rcode ?? '-').padEnd(8),
    ];
    const chain = outcome.cnameChain && outcome.cnameChain.length > 1 ? outcome.cnameChain : undefined;
    if (outcome.kind === 'ANSWER') {
      const via = chain ? `${chainText(chain)}: ` : '';
      const ttl = outcome.ttl !== undefined ? `  ttl ${outcome.ttl}s` : '';
      parts.push(`${via}${outcome.values.join(', ')}${ttl}`);
    } else if ((outcome.kind === 'NODATA' || outcome.kind === 'NXDOMAIN') && chain) {
      parts.push(brokenChainText(chain, outcome.kind, type));
    }
    if (outcome.kind !== 'ANSWER' && outcome.negativeTtl !== undefined)
      parts.push(`negative ttl ${outcome.negativeTtl}s`);
    if (outcome.detail) parts.push(outcome.detail);
    parts.push(`${outcome.latencyMs.toFixed(1)} ms`);
    lines.push(`  ${parts.join('  ')}`);
  }
  return lines;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function isRecordType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}

function isUsageError(error: unknown): error is Error {
  return (
    error instanceof CheckUsageError ||
    error instanceof InvalidServerAddressError ||
    error instanceof UnsupportedRecordTypeError ||
    error instanceof InvalidDnsNameError
  );
}
