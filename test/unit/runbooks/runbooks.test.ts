import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RUNBOOKS_DIR,
  loadRunbooks,
  parseRunbook,
  RUNBOOKS_DIR_ENV,
} from '../../../lambda/config/load-runbooks.js';
import type { Incident } from '../../../lambda/domain/incident.js';
import { RunbookError } from '../../../lambda/domain/runbooks/errors.js';
import { openingSource, selectRunbook } from '../../../lambda/domain/runbooks/select.js';
import { renderSteps, renderTemplate, templateValues } from '../../../lambda/domain/runbooks/template.js';
import { ALERT_KINDS } from '../../../lambda/domain/signals.js';
import { incidentFixture } from '../../support/incidents.js';

const incident: Incident = incidentFixture({ id: 'inc-20251020-dynamodb', facts: { baseline: 8, count: 0 } });

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'runbooks-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const minimal = (id: string, extra = '') =>
  `id: ${id}\ntitle: T\nappliesTo: [EMPTY]\nsteps:\n  - title: Look at {{name}}\n${extra}`;

describe('Runbooks: shipped files', () => {
  it('load from the repository default and cover every alert kind', () => {
    const runbooks = loadRunbooks({ env: {} });
    expect(runbooks.map((r) => r.id).sort()).toEqual([
      'aws-health-issue',
      'aws-health-poller-misconfigured',
      'declared',
      'dns-degraded',
      'dns-empty',
      'dns-flapping',
      'dns-unreachable',
      'on-call-trigger',
      'route53-misconfigured',
      'route53-race',
    ]);
    for (const kind of ALERT_KINDS) expect(selectRunbook(runbooks, kind)?.appliesTo).toContain(kind);
    expect(DEFAULT_RUNBOOKS_DIR).toMatch(/runbooks\/?$/);
  });

  it('render the EMPTY runbook with the incident facts and `?` for facts it lacks', () => {
    const runbook = selectRunbook(loadRunbooks({ env: {} }), 'EMPTY');
    if (!runbook) throw new Error('no EMPTY runbook');
    const evidence = [
      { resolver: '10.0.0.2:53', kind: 'NODATA' as const, values: [], negativeTtl: 60, latencyMs: 3 },
      { resolver: '1.1.1.1:53', kind: 'NODATA' as const, values: [], negativeTtl: 5, latencyMs: 9 },
    ];
    const text = JSON.stringify(renderSteps(runbook, templateValues(incident, evidence)));
    expect(text).toContain('npx lookout check dynamodb.us-east-1.amazonaws.com --type A');
    expect(text).toContain('negative caching (5 s)');
    expect(text).toContain('10.0.0.2:53 1.1.1.1:53');
    expect(text).not.toMatch(/\{\{/);
  });
});

describe('Runbooks: loader errors', () => {
  it('names file and field when a required field is missing', () => {
    const dir = dirWith({ 'bad.yaml': 'id: x\ntitle: T\nsteps: []\n' });
    expect(() => loadRunbooks({ dir })).toThrowError(
      /bad\.yaml: appliesTo: .*\n.*bad\.yaml: steps: a runbook needs at least one step/,
    );
  });

  it('names file and placeholder for an unknown {{placeholder}}', () => {
    const dir = dirWith({ 'typo.yaml': minimal('typo', '    command: dig {{nmae}}\n') });
    expect(() => loadRunbooks({ dir })).toThrowError(
      /typo\.yaml: steps\.0\.command: unknown placeholder \{\{nmae\}\}/,
    );
  });

  it('rejects a kind that is not an alert kind and unknown keys', () => {
    expect(() =>
      parseRunbook('id: a\ntitle: T\nappliesTo: [CHANGED]\nsteps: [{title: x}]\n', 'a.yaml'),
    ).toThrowError(/a\.yaml: appliesTo\.0/);
    expect(() => parseRunbook(`${minimal('a')}    cmd: oops\n`, 'a.yaml')).toThrowError(
      /a\.yaml: steps\.0: .*cmd/,
    );
  });

  it('refuses a runbook that is a link to a device in one line instead of reading it for ever', () => {
    const dir = dirWith({ 'ok.yaml': minimal('ok', '') });
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    expect(() => loadRunbooks({ dir })).toThrow(
      new RunbookError(`cannot read runbook ${join(dir, 'zero.yaml')}: it is not a regular file`),
    );
  });

  it('reports broken YAML with the file name and a RUNBOOK_INVALID code', () => {
    const dir = dirWith({ 'broken.yaml': 'id: [unclosed\n' });
    try {
      loadRunbooks({ dir });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(RunbookError);
      expect((error as RunbookError).code).toBe('RUNBOOK_INVALID');
      expect((error as Error).message).toMatch(/broken\.yaml is not valid YAML/);
    }
  });

  it('rejects two files with the same id and reads the directory from the environment', () => {
    const dir = dirWith({ 'a.yaml': minimal('same'), 'b.yml': minimal('same'), 'notes.txt': 'ignored' });
    expect(() => loadRunbooks({ env: { [RUNBOOKS_DIR_ENV]: dir } })).toThrowError(
      /b\.yml: id: "same" is already used by .*a\.yaml/,
    );
  });

  it('fails clearly on a missing or empty directory', () => {
    expect(() => loadRunbooks({ dir: '/nonexistent/runbooks' })).toThrowError(
      /cannot read runbook directory \/nonexistent/,
    );
    expect(() => loadRunbooks({ dir: dirWith({}) })).toThrowError(/no runbooks/);
  });
});

describe('Runbooks: templating and selection', () => {
  it('substitutes known values, tolerates spaces and says which value was not observed (never a bare ?)', () => {
    expect(renderTemplate('dig {{ name }} {{type}} # {{ttl}}', { name: 'a.example', type: 'AAAA' })).toBe(
      'dig a.example AAAA # [ttl: not observed]',
    );
  });

  it('prefers facts recorded by the detector over derived values', () => {
    const values = templateValues({ ...incident, facts: { negativeTtl: 900, since: 'earlier' } }, [
      { resolver: 'r:53', kind: 'NODATA', values: [], negativeTtl: 60, latencyMs: 1 },
    ]);
    expect(values).toMatchObject({
      name: 'dynamodb.us-east-1.amazonaws.com',
      type: 'A',
      negativeTtl: 900,
      since: 'earlier',
    });
  });

  it('picks the runbook written for the kind over a catch-all', () => {
    const generic = parseRunbook(minimal('generic').replace('[EMPTY]', '[EMPTY, DEGRADED, FLAPPING]'), 'g');
    const specific = parseRunbook(minimal('specific'), 's');
    expect(selectRunbook([generic, specific], 'EMPTY')?.id).toBe('specific');
    expect(selectRunbook([generic, specific], 'DEGRADED')?.id).toBe('generic');
    expect(selectRunbook([specific], 'UNREACHABLE')).toBeUndefined();
  });

  it('shows a runbook limited to sources only for those sources, ahead of one for any source', () => {
    const runbooks = loadRunbooks({ env: {} });
    expect(selectRunbook(runbooks, 'MISCONFIGURED', 'aws-health')?.id).toBe(
      'aws-health-poller-misconfigured',
    );
    expect(selectRunbook(runbooks, 'MISCONFIGURED', 'route53-snapshot')?.id).toBe('route53-misconfigured');
    expect(selectRunbook(runbooks, 'MISCONFIGURED')?.id).toBe('route53-misconfigured');
    const poller = incidentFixture({
      kind: 'MISCONFIGURED',
      headline: { kind: 'MISCONFIGURED', family: 'aws-health', source: 'aws-health', since: 'x', facts: {} },
    });
    expect(openingSource(poller)).toBe('aws-health');
    expect(openingSource(incidentFixture())).toBeUndefined();
    expect(() => parseRunbook(minimal('bad', 'sources: [slack]\n'), 'bad.yaml')).toThrow(/sources/);
  });
});

describe('Runbooks: the AWS Health runbook', () => {
  it('renders the event facts it names, and the console link from the ARN, with no placeholder left', async () => {
    const { templateValues } = await import('../../../lambda/domain/runbooks/template.js');
    const arn = 'arn:aws:health:us-east-1::event/DYNAMODB/AWS_DYNAMODB_OPERATIONAL_ISSUE/X';
    const values = templateValues({
      id: 'i-1',
      targetId: `${arn}/HEALTH`,
      kind: 'HEALTH_EVENT',
      headlineKind: 'HEALTH_EVENT',
      status: 'open',
      facts: {
        eventArn: arn,
        service: 'DYNAMODB',
        region: 'us-east-1',
        typeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
      },
    } as never);
    expect(values).toMatchObject({
      service: 'DYNAMODB',
      eventRegion: 'us-east-1',
      eventTypeCode: 'AWS_DYNAMODB_OPERATIONAL_ISSUE',
      eventArn: arn,
      healthUrl: `https://health.aws.amazon.com/health/home#/account/event-log?eventID=${encodeURIComponent(arn)}&eventTab=details`,
    });
  });

  it('gives no console link for an incident no Health event touched', async () => {
    const { templateValues } = await import('../../../lambda/domain/runbooks/template.js');
    const values = templateValues({
      id: 'i-2',
      targetId: 'api.example.com/A',
      kind: 'EMPTY',
      status: 'open',
      facts: {},
    } as never);
    expect(values.healthUrl).toBeUndefined();
    expect(values.eventRegion).toBeUndefined();
  });
});
