import { describe, expect, it } from 'vitest';
import { requestIdentity } from '../../../lambda/slack/app/middleware/request-identity.js';
import { code, codeBlock, escapeMrkdwn } from '../../../lambda/slack/app/mrkdwn.js';

describe('Function: requestIdentity', () => {
  it.each([
    ['an Events API event by its event_id', { event_id: 'Ev0123', trigger_id: 'x' }, 'event:Ev0123'],
    ['a slash command by its trigger_id', { command: '/lookout', trigger_id: '1.2.ab' }, 'trigger:1.2.ab'],
    ['a button press by its trigger_id', { type: 'block_actions', trigger_id: '3.4.cd' }, 'trigger:3.4.cd'],
    ['an options request not at all', { type: 'block_suggestion', value: 'db' }, undefined],
    ['a body that is not an object not at all', 'ssl_check=1', undefined],
    ['an empty trigger_id not at all', { trigger_id: '' }, undefined],
  ])('claims %s', (_what, body, expected) => {
    expect(requestIdentity(body)).toBe(expected);
  });
});

describe('Function: escapeMrkdwn and friends', () => {
  it('turns Slack control characters into entities, so typed text cannot mention or link', () => {
    expect(escapeMrkdwn('<!channel> & <@U1|x>')).toBe('&lt;!channel&gt; &amp; &lt;@U1|x&gt;');
  });

  it('keeps a backtick from ending inline code early', () => {
    expect(code('a`b')).toBe("`a'b`");
  });

  it('keeps a code fence in the text from ending the block early', () => {
    expect(codeBlock(['x ``` y'])).toBe("```\nx ''' y\n```");
  });
});
