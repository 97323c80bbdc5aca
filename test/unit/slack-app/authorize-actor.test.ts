import { describe, expect, it } from 'vitest';
import { acknowledgeIncident } from '../../../lambda/domain/incidents/lifecycle.js';
import { slackActor, slackUserIdOf } from '../../../lambda/slack/app/slack-actor.js';
import { incidentFixture as incident } from '../../support/incidents.js';

describe('Function: slackActor', () => {
  it('names the Slack user by id (and handle) in the entry an allowed action writes', () => {
    // Prepare
    const actor = slackActor({ id: 'U0ALICE', name: 'alice' }, { kind: 'usergroup', usergroup: 'S0ONCALL' });
    // Act
    const { entries } = acknowledgeIncident(incident(), actor.by, '2026-12-02T10:05:00.000Z');
    // Assess
    expect(entries[0]).toMatchObject({
      kind: 'ACKNOWLEDGED',
      source: 'slack:U0ALICE (@alice)',
      text: 'Acknowledged by slack:U0ALICE (@alice)',
    });
    expect(actor.mention).toBe('<@U0ALICE>');
    expect(actor.facts).toEqual({
      actor: 'slack:U0ALICE (@alice)',
      slackUserId: 'U0ALICE',
      slackUserName: 'alice',
      allowedBy: 'usergroup S0ONCALL',
    });
    expect(slackUserIdOf(actor.by)).toBe('U0ALICE');
  });

  it('without a handle is the id alone, and says a listed user was allowed by the users list', () => {
    const actor = slackActor({ id: 'W0DAVE' }, { kind: 'user' });
    expect(actor.by).toBe('slack:W0DAVE');
    expect(actor.facts.allowedBy).toBe('slack.operators.users');
    expect(slackUserIdOf(actor.by)).toBe('W0DAVE');
    expect(slackUserIdOf('cli:alice')).toBeUndefined();
  });

  it('keeps markup and control characters of a handle out of the timeline', () => {
    const actor = slackActor({ id: 'U0EVE', name: '<!channel>\n*eve*' });
    expect(actor.by).toBe('slack:U0EVE (@!channeleve)');
  });
});
