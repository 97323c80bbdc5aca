import { describe, expect, it } from 'vitest';
import type { DigestLine, HealthDigest } from '../../../lambda/domain/health/health-digest.js';
import { renderHealthDigest } from '../../../lambda/domain/render/health-digest.js';
import { SLACK_LIMITS } from '../../../lambda/domain/render/limits.js';

const WEEK = 7 * 24 * 3600_000;
const ARN = 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED/EXAMPLE';

function line(id: string, over: Partial<DigestLine> = {}): DigestLine {
  return {
    key: `${ARN}${id}`,
    arn: `${ARN}${id}`,
    service: 'EC2',
    region: 'us-east-1',
    category: 'scheduledChange',
    typeCode: 'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
    status: 'upcoming',
    startTime: '2023-03-15T09:00:00.000Z',
    endTime: '2023-03-15T11:00:00.000Z',
    lastUpdatedTime: '2023-03-01T09:00:00.000Z',
    summary: 'One or more of your Amazon EC2 instances is scheduled for a reboot.',
    ...over,
  };
}

const digest = (lines: DigestLine[], over: Partial<HealthDigest> = {}): HealthDigest => ({
  lines,
  updatedAt: '2023-03-01T09:00:05.000Z',
  ...over,
});

function texts(message: ReturnType<typeof renderHealthDigest>): string[] {
  return message.blocks.map((b) =>
    b.type === 'header'
      ? b.text.text
      : b.type === 'section'
        ? b.text.text
        : b.type === 'context'
          ? (b.elements[0]?.text ?? '')
          : '',
  );
}

describe('Function: renderHealthDigest', () => {
  it('shows each event on one line with its facts and link; open before closed, grouped', () => {
    // Act
    const message = renderHealthDigest(
      digest([
        line('A', { account: '123456789012' }),
        line('B', {
          category: 'accountNotification',
          typeCode: 'AWS_LAMBDA_RUNTIME_DEPRECATION',
          service: 'LAMBDA',
          status: 'closed',
          startTime: '2023-02-01T00:00:00.000Z',
          endTime: '2023-02-28T00:00:00.000Z',
          summary: 'Node.js 14 <is> deprecated & gone.',
        }),
      ]),
      { closedKeepMs: WEEK },
    );
    const all = texts(message);

    // Assess
    expect(all[0]).toBe('AWS Health: scheduled changes and account notifications');
    expect(all[1]).toMatch(/^1 upcoming or open, 1 closed\./);
    const body = all.slice(2, -1).join('\n');
    expect(body.indexOf('*Upcoming and open*')).toBeLessThan(body.indexOf('*Closed in the last 7 days*'));
    expect(body).toContain(
      '• *EC2* · us-east-1 · scheduled change · `AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED` · *upcoming* · account 123456789012 · 2023-03-15 09:00:00 UTC to 2023-03-15 11:00:00 UTC — One or more of your Amazon EC2 instances is scheduled for a reboot.',
    );
    expect(body).toContain(
      `<https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(`${ARN}A`)}&eventTab=details|details>`,
    );
    expect(body).toContain(
      '*Lambda* · us-east-1 · account notification · `AWS_LAMBDA_RUNTIME_DEPRECATION` · *closed*',
    );
    // AWS's text cannot inject markup.
    expect(body).toContain('Node.js 14 &lt;is&gt; deprecated &amp; gone.');
    expect(all.at(-1)).toBe('Updated 2023-03-01 09:00:05 UTC');
    expect(message.text).toBe(
      'AWS Health digest: 1 upcoming or open, 1 closed — EC2 us-east-1 scheduled change upcoming; Lambda us-east-1 account notification closed',
    );
  });

  it('leaves out a clause whose fact AWS did not give', () => {
    const body = texts(
      renderHealthDigest(digest([line('A', { endTime: undefined, summary: '' })]), { closedKeepMs: WEEK }),
    ).join('\n');
    expect(body).toContain('*upcoming* · from 2023-03-15 09:00:00 UTC <https://');
    expect(body).not.toContain(' — ');
  });

  it("stays within Slack's limits with many long lines, and says how many did not fit", () => {
    // Prepare: 400 events with the longest summary kept (200 characters).
    const lines = Array.from({ length: 400 }, (_, i) =>
      line(String(i).padStart(4, '0'), { summary: `${'x'.repeat(199)}.` }),
    );

    // Act
    const message = renderHealthDigest(digest(lines, { omitted: 3 }), { closedKeepMs: WEEK });

    // Assess
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const text of texts(message)) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    const shown = texts(message)
      .join('\n')
      .split('\n')
      .filter((l) => l.startsWith('• ')).length;
    const footer = texts(message).at(-1) ?? '';
    expect(footer).toContain(`${400 - shown} more events did not fit in this message`);
    expect(footer).toContain('3 older open events were dropped to keep the digest within its size');
    expect(shown).toBeGreaterThan(100);
  });
});

describe('Outside text in the digest', () => {
  it('never becomes a mention or a link, in the blocks or the text', () => {
    const evil = 'Hi <!channel> see <https://evil.example|click here>';
    const message = renderHealthDigest(
      digest([line('A', { summary: evil, service: '<!here>', region: '<!channel>', status: '<!everyone>' })]),
      { closedKeepMs: WEEK },
    );
    for (const field of [message.text, ...texts(message)]) {
      expect(field).not.toMatch(/<!(channel|here|everyone)>/);
      expect(field).not.toContain('<https://evil.example');
    }
    expect(message.text).toContain('&lt;!channel&gt;');
  });
});
