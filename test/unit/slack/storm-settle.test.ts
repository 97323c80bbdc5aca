import { describe, expect, it } from 'vitest';
import { SlackDeliveryError } from '../../../lambda/slack/errors.js';
import { settleStorms } from '../../../lambda/slack/storm-settle.js';

function recorder() {
  const lines: Array<[string, string]> = [];
  return {
    lines,
    log: {
      info: (m: string) => lines.push(['info', m]),
      warn: (m: string) => lines.push(['warn', m]),
      error: (m: string) => lines.push(['error', m]),
    },
  };
}

describe('settleStorms', () => {
  it('logs a summary edit kept back by Lookout’s own pacer as info, not as a warning', async () => {
    const { lines, log } = recorder();
    await settleStorms(
      {
        dueChannels: async () => ['C1'],
        refresh: async () => {
          throw new SlackDeliveryError('retryable', 'ratelimited', { retryAfter: 1, paced: true });
        },
      },
      { now: () => new Date(0), log, until: 10_000 },
    );
    expect(lines).toEqual([['info', expect.stringContaining('storm summary')]]);
  });

  it('still warns when Slack itself refused the edit, and goes on to the next channel', async () => {
    const { lines, log } = recorder();
    const refreshed: string[] = [];
    await settleStorms(
      {
        dueChannels: async () => ['C1', 'C2'],
        refresh: async (channel: string) => {
          refreshed.push(channel);
          if (channel === 'C1') throw new SlackDeliveryError('retryable', 'ratelimited', { retryAfter: 3 });
        },
      },
      { now: () => new Date(0), log, until: 10_000 },
    );
    expect(refreshed).toEqual(['C1', 'C2']);
    expect(lines).toEqual([['warn', expect.stringContaining('storm summary')]]);
  });
});

describe('settleStorms past the flush’s time', () => {
  it('neither asks whether the channel holds nor refreshes once the time to send has run out', async () => {
    const { log } = recorder();
    const asked: string[] = [];
    const refreshed: string[] = [];
    await settleStorms(
      {
        dueChannels: async () => ['C1'],
        refresh: async (channel: string) => {
          refreshed.push(channel);
        },
      },
      {
        now: () => new Date(10_000),
        log,
        until: 10_000,
        hold: async (channel) => {
          asked.push(channel);
          return false;
        },
      },
    );
    expect({ asked, refreshed }).toEqual({ asked: [], refreshed: [] });
  });
});
