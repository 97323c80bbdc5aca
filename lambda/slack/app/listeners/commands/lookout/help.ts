import { code, escapeMrkdwn } from '../../../mrkdwn.js';
import { type Subcommand, usageOf } from './subcommand.js';

export const help: Subcommand = {
  name: 'help',
  usage: '',
  help: 'lists what Lookout can do from Slack',
  async run({ command, subcommands }) {
    const lines = subcommands.map(
      (s) => `• \`${escapeMrkdwn(usageOf(command.command, s))}\` — ${escapeMrkdwn(s.help)}`,
    );
    return {
      text: [`*Lookout in Slack* — type ${code(`${command.command} <subcommand>`)}:`, ...lines].join('\n'),
    };
  },
};
