/**
 * What `lookout emulate` serves: one small zone under the reserved `.test` TLD (RFC 6761), so nothing it
 * answers can be mistaken for a real name, and a config file that watches it.
 */
export const EXAMPLE_ZONE = 'example.test';

/** The record sets the zone starts with: two A records behind one name, and a CNAME to it. */
export const EXAMPLE_RECORDS = [
  { name: `api.${EXAMPLE_ZONE}`, type: 'A', ttl: 60, values: ['192.0.2.10', '192.0.2.11'] },
  { name: `www.${EXAMPLE_ZONE}`, type: 'CNAME', ttl: 60, values: [`api.${EXAMPLE_ZONE}`] },
] as const;

/** The names the written config watches (A, following the CNAME for www). */
export const EXAMPLE_TARGETS = [`api.${EXAMPLE_ZONE}`, `www.${EXAMPLE_ZONE}`] as const;

/** Fake AWS credentials: the Route 53 emulator attributes requests signed with this key to ARN. */
export const EMULATOR_CREDENTIALS = {
  accessKeyId: 'AKIALOOKOUTEMULATOR1',
  secretAccessKey: 'not-checked-by-the-emulator',
  arn: 'arn:aws:iam::123456789012:user/emulator-user',
} as const;

/**
 * The Slack emulator's bot token and channel (`#lookout-alerts`), and the person its command hook types as
 * (`POST /socket-mode/command`'s default user), made an operator in the config it writes.
 */
export const EMULATOR_SLACK = {
  token: 'xoxb-lookout-emulator',
  channel: 'C0ALERTS',
  name: 'lookout-alerts',
  operator: 'U0OPERATOR',
} as const;

export interface ExampleConfigInput {
  resolver: string;
  zoneId?: string;
  slackChannel?: string;
  /** Slack member ids allowed to ack, resolve, note, declare and watch from Slack. */
  slackOperators?: string[];
}

/** lookout.config.yaml for the emulated services: only what differs from the defaults, and why. */
export function exampleConfig(input: ExampleConfigInput): string {
  const lines = [
    '# Written by `lookout emulate` for the emulators it runs; removed when they stop.',
    'probe:',
    '  intervalSeconds: 2',
    `  resolvers: ['${input.resolver}']`,
    ...(input.slackChannel ? ['slack:', `  channel: ${input.slackChannel}`] : []),
    ...(input.slackChannel && input.slackOperators?.length
      ? [
          '  # The emulator types /lookout as this member: an operator, so ack, declare and watch can be tried.',
          '  operators:',
          `    users: [${input.slackOperators.join(', ')}]`,
        ]
      : []),
    'targets:',
    ...EXAMPLE_TARGETS.map((name) => `  - name: ${name}`),
  ];
  if (input.zoneId)
    lines.push(
      'route53:',
      '  zones:',
      `    - id: ${input.zoneId}`,
      '  pollIntervalMinutes: 1',
      '  # Short, so a version written by the emulator is last-known-good soon after it starts.',
      '  lastKnownGoodStableSeconds: 10',
    );
  return `${lines.join('\n')}\n`;
}
