import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAppHarness, startSlackAppHarness } from '../support/slack-app-harness.js';

describe('Slack handler: a signed request whose body Lookout cannot read (handler + Slack emulator + dynalite)', () => {
  let h: SlackAppHarness;
  beforeAll(async () => {
    h = await startSlackAppHarness();
  });
  afterAll(() => h.close());

  it.each([
    ['a payload field that is not JSON', 'payload=%7Bnot-json', 'application/x-www-form-urlencoded'],
    ['a JSON body that is not JSON', '{not-json', 'application/json'],
  ])('answers %s with 400 and a one-line reason, and logs it', async (_what, body, contentType) => {
    const logged = h.log.lines.length;

    const response = await h.send(body, { contentType });

    expect(response.statusCode).toBe(400);
    expect(response.body).toMatch(/^[^\n]+ is not JSON[^\n]*$/);
    expect(h.log.lines.slice(logged).some((l) => l.level === 'warn' && /not JSON/.test(l.message))).toBe(
      true,
    );
  });

  it('still answers a readable command (the gate lets JSON payloads through)', async () => {
    const response = await h.send(h.command('help').body);
    expect(response.statusCode).toBe(200);
  });
});
