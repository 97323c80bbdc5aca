import { Argument, Command } from 'commander';
import { EMULATOR_CHOICES, type EmulatorChoice } from '../../emulators/choices.js';
import { EMULATOR_SLACK, EXAMPLE_RECORDS, EXAMPLE_ZONE } from '../../emulators/example-zone.js';
import type { RunningEmulators } from '../../emulators/session.js';
import { exitCodesHelp } from '../support/exit-codes.js';

/**
 * `lookout emulate [emulator]`: the Route 53 API, DNS, Slack Web API and AWS Health API emulators on loopback, with the
 * environment that points Lookout at them, until Ctrl-C. The servers load only when the command runs.
 *
 * @example
 * program.addCommand(emulateCommand());
 */
export function emulateCommand(): Command {
  return new Command('emulate')
    .description(
      'run the Route 53 API, DNS, Slack Web API and AWS Health API emulators on 127.0.0.1 and print how to point Lookout at them (try start, posture, restore and replay without AWS or Slack)',
    )
    .addArgument(
      new Argument(
        '[emulator]',
        'route53 (with its zone served over DNS), slack, dns (alone), health (the AWS Health API, its active endpoint named over DNS) or all (route53, slack and health)',
      )
        .choices(EMULATOR_CHOICES)
        .default('all'),
    )
    .addHelpText(
      'after',
      exitCodesHelp([
        [0, 'stopped by Ctrl-C'],
        [1, 'usage error'],
      ]),
    )
    .action(async (choice: EmulatorChoice) => {
      const out = (line: string) => process.stdout.write(`${line}\n`);
      const { startEmulators } = await import('../../emulators/session.js');
      const emulators = await startEmulators(choice, out);
      for (const line of describe(emulators)) out(line);
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await emulators.stop();
      out('emulators stopped');
    });
}

/** What a user needs to use the emulators: endpoints, the exports, and commands to try. */
export function describe(emulators: RunningEmulators): string[] {
  const { endpoints, zone } = emulators;
  const lines = [
    'Lookout emulators on 127.0.0.1 (Ctrl-C stops them; what they hold is in memory and goes with them)',
  ];
  if (endpoints.route53)
    lines.push(`  Route 53 API   ${endpoints.route53}  hosted zone ${zone?.name} ${zone?.id}`);
  if (endpoints.dns)
    lines.push(`  DNS            ${endpoints.dns}  authoritative for ${EXAMPLE_ZONE} (UDP and TCP)`);
  if (endpoints.slack) lines.push(`  Slack Web API  ${endpoints.slack}`);
  if (endpoints.socketMode)
    lines.push(
      `  Slack Socket Mode ${endpoints.socketMode}  (apps.connections.open with SLACK_APP_TOKEN; Slack's own is wss://)`,
    );
  const { health } = emulators;
  if (health) {
    for (const [region, endpoint] of Object.entries(health.endpoints))
      lines.push(
        `  AWS Health API ${endpoint}  health.${region}.amazonaws.com (${region === health.activeRegion ? 'active' : 'passive'})`,
      );
    lines.push(
      `  DNS (Health)   ${health.dns}  global.health.amazonaws.com is a CNAME to ${health.cname}: the active region is ${health.activeRegion}`,
    );
  }
  lines.push('', 'In the shell that runs lookout:');
  for (const [name, value] of emulators.env) lines.push(`  export ${name}=${shellQuote(value)}`);
  lines.push('', 'Then try:');
  if (endpoints.dns)
    lines.push(
      '  npx lookout start',
      `  npx lookout check ${EXAMPLE_RECORDS[0].name} --server ${endpoints.dns}`,
    );
  if (endpoints.route53 && zone) {
    const [api] = EXAMPLE_RECORDS;
    const deleteApi = JSON.stringify({
      Changes: [
        {
          Action: 'DELETE',
          ResourceRecordSet: {
            Name: api.name,
            Type: api.type,
            TTL: api.ttl,
            ResourceRecords: api.values.map((Value) => ({ Value })),
          },
        },
      ],
    });
    lines.push(
      '  npx lookout posture --endpoint "$LOOKOUT_ROUTE53_ENDPOINT"',
      `  aws route53 change-resource-record-sets --endpoint-url "$LOOKOUT_ROUTE53_ENDPOINT" --hosted-zone-id ${zone.id} --change-batch ${shellQuote(deleteApi)}`,
      `  npx lookout restore ${zone.id} ${api.name} ${api.type} --endpoint "$LOOKOUT_ROUTE53_ENDPOINT" --verify-with ${endpoints.dns} --yes`,
      `  npx lookout replay ${shellQuote(emulators.cloudTrailFile ?? '')} --endpoint "$LOOKOUT_ROUTE53_ENDPOINT"`,
    );
  }
  if (health) {
    const [host, port] = health.dns.split(':');
    lines.push(
      `  aws health describe-events --endpoint-url ${health.endpoints[health.activeRegion]} --region ${health.activeRegion}   # shows the seeded public event`,
      `  dig @${host} -p ${port} global.health.amazonaws.com CNAME`,
      '  npx lookout replay test/events/health/public-ec2-issue.json   # in a checkout of Lookout: that event as EventBridge delivers it',
    );
  }
  if (endpoints.slack && !endpoints.dns)
    lines.push(
      '  npx lookout start   (with your own config: incidents are posted to the emulator)',
      `  # in that config, slack.operators.users: [${EMULATOR_SLACK.operator}] lets the curl below ack, resolve, note, declare and watch`,
    );
  if (endpoints.slackCommand) {
    lines.push(
      `  curl -s --data-urlencode 'text=help' ${endpoints.slackCommand}   # types /lookout help; the lookout start above answers over Socket Mode`,
      `  curl -s --data-urlencode 'text=check ${EXAMPLE_RECORDS[0].name}' ${endpoints.slackCommand}   # its answer comes by response_url: see the lines below`,
    );
    if (endpoints.dns)
      lines.push(
        `  # the curl types as ${EMULATOR_SLACK.operator}, an operator in the written config (slack.operators.users): ack, resolve, note, declare and watch work too`,
      );
  }
  lines.push('', 'What happens in the emulators:');
  return lines;
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
