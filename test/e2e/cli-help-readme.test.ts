import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../bin/cli.js';

/**
 * README's command table and its exit-code table say what `lookout --help` and `lookout <command> --help`
 * say: every command, its arguments, every option (long form with its placeholder) and every exit code.
 * Both sides are parsed from text a person reads, so neither can drift from the other.
 */

interface Synopsis {
  /** Arguments in order, e.g. `<zone>`, `[note...]`. */
  args: string[];
  /** Options, sorted, e.g. `--config <file>`, `--json`. */
  options: string[];
  exitCodes: number[];
}

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** `…` and `...` are the same thing in both texts; a trailing one on an option means "repeat it". */
const normalize = (token: string) => token.replace(/…/g, '...');

/** The cells of a Markdown table row (`\|` inside a cell is not a separator). */
function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/** The rows of the first table after `heading`. */
function tableAfter(heading: string): string[][] {
  const start = README.indexOf(heading);
  expect(start, `README has a "${heading}" section`).toBeGreaterThan(-1);
  const lines = README.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const rows: string[][] = [];
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(cells(line));
  }
  return rows;
}

/** README's command table: `lookout <path> <args> [--option <x>]…` | exit codes | what it does. */
function readmeCommands(): Map<string, Synopsis> {
  const commands = new Map<string, Synopsis>();
  for (const [synopsis = '', codes = ''] of tableAfter('## The `lookout` command')) {
    const text = /^`lookout(.*)`$/.exec(synopsis)?.[1];
    expect(text, `a command cell is one code span starting with lookout: ${synopsis}`).toBeDefined();
    const tokens = [...(text ?? '').matchAll(/\[[^\]]*\]|<[^>]*>|\S+/g)].map((m) => normalize(m[0]));
    const path = tokens.filter((t) => /^[a-z]/.test(t));
    const options = tokens
      .filter((t) => /^\[?--/.test(t))
      .map((t) => t.replace(/^\[|\]$/g, '').replace(/\.\.\.$/, ''));
    const args = tokens.filter((t) => /^(<|\[(?!-))/.test(t));
    commands.set(path.join(' '), {
      args,
      options: options.sort(),
      exitCodes: [...codes.matchAll(/\d+/g)].map((m) => Number(m[0])),
    });
  }
  return commands;
}

/** What `--help` prints for `command`, exactly as a user sees it (program-level text included). */
function helpOf(command: Command): string {
  let text = '';
  command.configureOutput({ writeOut: (chunk) => (text += chunk) });
  command.outputHelp();
  return text;
}

function helpSynopsis(help: string): Synopsis {
  const usage = /^Usage: \S+(?: [a-z-]+)* \[options\](?: \[command\])?(.*)$/m.exec(help)?.[1] ?? '';
  const args = [...usage.matchAll(/\[[^\]]*\]|<[^>]*>/g)].map((m) => normalize(m[0]));
  const options = [...help.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)( <[^>]+>| \[[^\]]+\])?/gm)]
    .map((m) => `${m[1]}${m[2] ?? ''}`)
    .filter((option) => option !== '--help');
  const exitCodes = [...help.matchAll(/^(?:Exit codes: | {12})(\d+) /gm)].map((m) => Number(m[1]));
  return { args, options: options.sort(), exitCodes };
}

function everyCommand(command: Command, path: string[] = []): [string, Command][] {
  return [
    [path.join(' '), command],
    ...command.commands
      .filter((sub) => sub.name() !== 'help')
      .flatMap((sub) => everyCommand(sub, [...path, sub.name()])),
  ];
}

describe('README: the command table and the exit codes match --help', () => {
  const program = buildProgram();
  const fromHelp = new Map(
    everyCommand(program).map(([path, command]) => [path, helpSynopsis(helpOf(command))]),
  );
  const fromReadme = readmeCommands();

  it('lists exactly the commands --help lists (the program itself as `lookout --version`)', () => {
    expect([...fromReadme.keys()].sort()).toEqual([...fromHelp.keys()].sort());
  });

  it.each([...fromHelp.keys()].filter(Boolean))(
    'lookout %s: the same arguments, options and exit codes',
    (path) => {
      const help = fromHelp.get(path);
      expect(help?.exitCodes.length, `lookout ${path} --help lists its exit codes`).toBeGreaterThan(0);
      expect(fromReadme.get(path)).toEqual(help);
    },
  );

  it('lookout --help: the program’s options are in the table, and its exit codes are README’s exit-code table', () => {
    const root = fromHelp.get('');
    expect(fromReadme.get('')?.options).toEqual(root?.options);
    const table = tableAfter('### Exit codes').flatMap(([codes = '']) =>
      [...codes.matchAll(/\*\*(\d+)\*\*/g)].map((m) => Number(m[1])),
    );
    expect(table).toEqual(root?.exitCodes);
    // Every command's codes are among them, so the table explains each one a command can end with
    const commandCodes = new Set([...fromHelp.values()].flatMap((synopsis) => synopsis.exitCodes));
    expect([...commandCodes].filter((code) => !table.includes(code))).toEqual([]);
  });
});
