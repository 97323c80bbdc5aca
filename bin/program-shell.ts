import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { ALL_EXITS, exitCodesHelp } from './support/exit-codes.js';

/** Where Commander writes help and its own error messages (tests capture them; default: stdout/stderr). */
export interface ProgramOutput {
  writeOut?: (text: string) => void;
  writeErr?: (text: string) => void;
}

/** `lookout` itself, without its commands: name, description, version and the help's closing text. */
export function programShell(): Command {
  return new Command('lookout')
    .description(
      'Lookout: tells you in seconds when a DNS entry goes empty or starts flapping — with the cause, a timeline and the runbook.',
    )
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError('(run `npx lookout --help` for usage)')
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  npx lookout start                                   watch lookout.config.yaml's targets (npm start)
  npx lookout check dynamodb.us-east-1.amazonaws.com  classify each resolver's answer (exit 0/2/3)
  npx lookout check api.example.com --type AAAA --server 127.0.0.1:5300 --json
  npx lookout incidents --open                        what is open now
  npx lookout ack <id> && npx lookout resolve <id> restored from last-known-good
  npx lookout replay events.ndjson                     recorded Route 53 CloudTrail events → incidents
  npx lookout restore Z0123… api.example.com A --verify-with 10.0.0.2:53 --yes
  npx lookout posture                                  what each watched zone is protected by
  npm run demo                                        replay the October-2025 DynamoDB DNS race

Slack: set SLACK_BOT_TOKEN (xoxb-…) and SLACK_CHANNEL. Debug: LOOKOUT_DEBUG=1. Docs: README.md
${exitCodesHelp(ALL_EXITS)}`,
    );
}

/** Gives every command of `program`, once its commands are added, the same manners; returns `program`. */
export function finishProgram(program: Command, output: ProgramOutput): Command {
  for (const command of everyCommand(program)) sameManners(command, output);
  return program;
}

/**
 * Every command, subcommands too, ends the same way: a usage mistake is one `lookout: …` line, the
 * command's own help hint and exit 1, thrown back to main (exitOverride) rather than exiting mid-way.
 */
function sameManners(command: Command, output: ProgramOutput): void {
  command.exitOverride().configureOutput({
    ...(output.writeOut ? { writeOut: output.writeOut } : {}),
    ...(output.writeErr ? { writeErr: output.writeErr } : {}),
    outputError: (text, write) => write(withPrefix(text)),
  });
  if (command.parent)
    command.showHelpAfterError(`(run \`npx lookout ${commandPath(command)} --help\` for usage)`);
}

/** Commander says `error: …`; Lookout says `lookout: …` for every error, once. */
function withPrefix(text: string): string {
  const body = text.replace(/^error: /, '');
  return body.startsWith('lookout: ') ? body : `lookout: ${body}`;
}

function everyCommand(command: Command): Command[] {
  return [command, ...command.commands.flatMap(everyCommand)];
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function packageVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return typeof (pkg as { version?: unknown }).version === 'string'
    ? (pkg as { version: string }).version
    : '0.0.0';
}
