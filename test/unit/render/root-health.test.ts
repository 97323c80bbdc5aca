import { describe, expect, it } from 'vitest';
import { blockProblem } from '../../../emulators/slack/slack-limits.js';
import { applyHealthEvent } from '../../../lambda/domain/health/health-change.js';
import type { HealthEvent } from '../../../lambda/domain/health/health-event.js';
import type { HealthRecord } from '../../../lambda/domain/health/health-record.js';
import { healthSignals, healthSubject } from '../../../lambda/domain/health/health-signals.js';
import type { Incident, TimelineEntry } from '../../../lambda/domain/incident.js';
import { applySignal, openIncident, signalEntry } from '../../../lambda/domain/incidents/lifecycle.js';
import type { ResolverOutcome } from '../../../lambda/domain/observation.js';
import { renderRootMessage, type SlackMessage } from '../../../lambda/domain/render/blocks.js';
import { latestHealth } from '../../../lambda/domain/render/health-status.js';
import { type AlertKind, isAlertKind, type Signal } from '../../../lambda/domain/signals.js';

const NOW = new Date('2025-10-20T07:30:00.000Z');
const ARN =
  'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/AWS_DYNAMODB_OPERATIONAL_ISSUE_X';
const DYNAMO = {
  id: 'dynamodb.us-east-1.amazonaws.com/A',
  name: 'dynamodb.us-east-1.amazonaws.com',
  type: 'A',
};
const LINK = `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(ARN)}&amp;eventTab=details`;

const nodata: ResolverOutcome = {
  resolver: '10.0.0.2:53',
  kind: 'NODATA',
  values: [],
  rcode: 'NOERROR',
  negativeTtl: 60,
  latencyMs: 12,
};

function probe(kind: 'EMPTY' | 'RECOVERED', at: string): Signal {
  return {
    kind,
    targetId: DYNAMO.id,
    at,
    observationId: `obs-${kind}`,
    summary: kind,
    evidence: kind === 'EMPTY' ? [nodata] : [],
    source: 'dns-probe',
    facts: kind === 'EMPTY' ? { rcodes: 'NODATA', emptyVotes: 1, usable: 1 } : {},
  };
}

function healthEvent(over: Partial<HealthEvent> = {}): HealthEvent {
  return {
    arn: ARN,
    service: 'DYNAMODB',
    typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
    category: 'issue',
    region: 'us-east-1',
    status: 'open',
    startTime: '2025-10-20T06:49:00.000Z',
    lastUpdatedTime: '2025-10-20T07:11:00.000Z',
    description: 'Increased error rates\nWe are investigating increased error rates for DynamoDB requests.',
    entities: [],
    via: 'eventbridge',
    ...over,
  };
}

/** What the Health flow makes of AWS's posts, in order: one signal per version told. */
function healthSignalsOf(...events: HealthEvent[]): Signal[] {
  let record: HealthRecord | undefined;
  const signals: Signal[] = [];
  for (const e of events) {
    const { next, change } = applyHealthEvent(record, e);
    record = next;
    if (change)
      signals.push(...healthSignals(change, { closedResolves: false, receivedAt: e.startTime ?? '' }));
  }
  return signals;
}

/** Applies signals as the engine does: the first opens the incident, the rest join it. */
function story(subject: typeof DYNAMO, signals: Signal[]): { incident: Incident; timeline: TimelineEntry[] } {
  const [first, ...rest] = signals.map((s) => ({ ...s, targetId: subject.id }));
  if (!first || !isAlertKind(first.kind)) throw new Error('the first signal must open the incident');
  const opened = openIncident(first as Signal & { kind: AlertKind }, subject, '#alerts');
  let incident = opened.incident;
  const timeline = [...opened.entries];
  for (const signal of rest) {
    const change = applySignal(incident, signal, true);
    incident = change.incident;
    timeline.push(...change.entries);
  }
  return { incident, timeline };
}

function render(s: { incident: Incident; timeline: TimelineEntry[] }): SlackMessage {
  const evidence = [...s.timeline].reverse().find((e) => e.evidence?.length)?.evidence ?? [];
  return renderRootMessage({ incident: s.incident, evidence, health: latestHealth(s.timeline), now: NOW });
}

const sections = (message: SlackMessage): string[] =>
  message.blocks.flatMap((b) => (b.type === 'section' ? [b.text.text] : []));

function expectWithinSlackLimits(message: SlackMessage): void {
  expect(blockProblem(message.blocks)).toBeUndefined();
  expect(message.text.length).toBeLessThanOrEqual(3000);
}

describe('Function: renderRootMessage with AWS Health', () => {
  it('shows only what Lookout observed when AWS Health has said nothing, and no word about AWS', () => {
    // Prepare
    const dnsOnly = story(DYNAMO, [probe('EMPTY', '2025-10-20T06:48:00.000Z')]);

    // Act
    const message = render(dnsOnly);

    // Assess
    const text = sections(message).join('\n');
    expect(text).toContain('exists but has no A records (NODATA)');
    expect(JSON.stringify(message)).not.toMatch(/AWS Health|health\.aws\.amazon\.com/);
    expectWithinSlackLimits(message);
  });

  it("shows AWS Health's latest status alone on an incident of AWS's own", () => {
    // Prepare
    const own = healthSubject({ key: ARN, service: 'DYNAMODB', region: 'us-east-1' });
    const healthOnly = story(own, healthSignalsOf(healthEvent()));

    // Act
    const message = render(healthOnly);

    // Assess
    const aws = sections(message).find((t) => t.startsWith('*AWS Health*'));
    expect(aws).toBe(
      `*AWS Health*\n• *DynamoDB, us-east-1* — *open* · posted 2025-10-20 07:11:00 UTC: Increased error rates · <${LINK}|event in AWS Health>`,
    );
    expect(JSON.stringify(message.blocks)).not.toContain('Lookout observe');
    expect(message.text).toContain('AWS Health: DynamoDB us-east-1 open, posted 2025-10-20 07:11:00 UTC');
    expectWithinSlackLimits(message);
  });

  it('shows both: the probe headline and the latest of what AWS posted about the event, not its first post', () => {
    // Prepare: Lookout saw EMPTY at 06:48; AWS posted at 07:11, then updated at 07:40.
    const [posted, updated] = healthSignalsOf(
      healthEvent(),
      healthEvent({
        lastUpdatedTime: '2025-10-20T07:40:00.000Z',
        description: 'The issue stems from DNS resolution of the DynamoDB API endpoint in US-EAST-1.',
      }),
    );
    const both = story(DYNAMO, [
      probe('EMPTY', '2025-10-20T06:48:00.000Z'),
      posted as Signal,
      updated as Signal,
    ]);

    // Act
    const message = render(both);

    // Assess
    const [main, aws, ...others] = sections(message);
    expect(main).toContain('exists but has no A records (NODATA)');
    expect(aws).toBe(
      `*AWS Health*\n• *DynamoDB, us-east-1* — *open* · posted 2025-10-20 07:40:00 UTC: The issue stems from DNS resolution of the DynamoDB API endpoint in US-EAST-1 · <${LINK}|event in AWS Health>`,
    );
    expect(others.join('\n')).not.toContain('Increased error rates');
    expect(
      message.blocks.filter((b) => b.type === 'section' && b.text.text.startsWith('*AWS Health')),
    ).toHaveLength(1);
    expectWithinSlackLimits(message);
  });

  it("says what Lookout observed beside AWS's headline once the probe's own problem is over", () => {
    // Prepare: EMPTY at 06:48, AWS's post at 07:11, the probe sees answers again at 07:20 (AWS still open).
    const [posted] = healthSignalsOf(healthEvent());
    const s = story(DYNAMO, [
      probe('EMPTY', '2025-10-20T06:48:00.000Z'),
      posted as Signal,
      probe('RECOVERED', '2025-10-20T07:20:00.000Z'),
    ]);
    expect(s.incident.headline?.family).toBe('aws-health');

    // Act
    const text = sections(render(s)).join('\n');

    // Assess
    expect(text).toContain('AWS Health reports an issue with DynamoDB in us-east-1');
    expect(text).toContain(
      '*Lookout observed* (no longer seen) dynamodb.us-east-1.amazonaws.com exists but has no A records (NODATA)',
    );
    expect(text).toContain('*Since* 2025-10-20 06:48:00 UTC');
    expect(text).toContain('*open* · posted 2025-10-20 07:11:00 UTC');
  });

  it("shows both when AWS posted first and Lookout's probe then saw the name go empty", () => {
    // Prepare: AWS's post opens the incident on the watched name; the probe's EMPTY joins it.
    const [posted] = healthSignalsOf(healthEvent());
    const s = story(DYNAMO, [posted as Signal, probe('EMPTY', '2025-10-20T07:15:00.000Z')]);

    // Act
    const message = render(s);

    // Assess: the probe's finding is the headline, AWS's status beside it.
    expect(message.blocks[0]).toMatchObject({
      text: { text: ':red_circle: EMPTY · dynamodb.us-east-1.amazonaws.com/A' },
    });
    const [main, aws] = sections(message);
    expect(main).toContain('exists but has no A records (NODATA)');
    expect(aws).toContain(
      '*DynamoDB, us-east-1* — *open* · posted 2025-10-20 07:11:00 UTC: Increased error rates',
    );
  });

  it('shows a closed event as AWS closed it, with its end time', () => {
    // Prepare
    const signals = healthSignalsOf(
      healthEvent(),
      healthEvent({
        status: 'closed',
        lastUpdatedTime: '2025-10-20T09:53:00.000Z',
        endTime: '2025-10-20T09:40:00.000Z',
        description: 'The issue has been resolved and the service is operating normally.',
      }),
    );
    const s = story(DYNAMO, [probe('EMPTY', '2025-10-20T06:48:00.000Z'), ...signals]);

    // Act
    const aws = sections(render(s)).find((t) => t.startsWith('*AWS Health*'));

    // Assess
    expect(aws).toContain(
      '— *closed* · posted 2025-10-20 09:53:00 UTC: The issue has been resolved and the service is operating normally · ended 2025-10-20 09:40:00 UTC',
    );
  });

  it('keeps within Slack limits with many events and long descriptions, counting what it leaves out', () => {
    // Prepare
    const signals = Array.from(
      { length: 60 },
      (_, i) =>
        healthSignalsOf(
          healthEvent({
            arn: `${ARN}_${i}`,
            description: `${'Increased error rates <@U1> & more '.repeat(40)}`,
          }),
        )[0] as Signal,
    );
    const s = story(DYNAMO, [probe('EMPTY', '2025-10-20T06:48:00.000Z'), ...signals]);

    // Act
    const message = render(s);

    // Assess
    expectWithinSlackLimits(message);
    const text = sections(message).join('\n');
    expect(text).toMatch(/more AWS Health events not shown \(60 in all\)/);
    expect(text).not.toContain('<@U1>');
  });
});

describe('Function: latestHealth', () => {
  it('keeps each event once, at its newest version, newest first; entries without facts say nothing', () => {
    // Prepare
    const other = `${ARN}_OTHER`;
    const signals = [
      ...healthSignalsOf(
        healthEvent(),
        healthEvent({ lastUpdatedTime: '2025-10-20T07:40:00.000Z', status: 'closed' }),
      ),
      ...healthSignalsOf(healthEvent({ arn: other, lastUpdatedTime: '2025-10-20T07:30:00.000Z' })),
    ].sort((a, b) => a.at.localeCompare(b.at));
    const timeline = signals.map((s) => signalEntry('inc-1', s));
    const { facts: _dropped, ...legacy } = timeline[0] as TimelineEntry;

    // Act
    const latest = latestHealth([legacy, ...timeline]);

    // Assess
    expect(latest.map((h) => [h.eventArn, h.status, h.postedAt])).toEqual([
      [ARN, 'closed', '2025-10-20T07:40:00.000Z'],
      [other, 'open', '2025-10-20T07:30:00.000Z'],
    ]);
    expect(latestHealth([legacy])).toEqual([]);
  });
});
