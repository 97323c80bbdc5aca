import { describe, expect, it } from 'vitest';
import { formatStatus } from '../../../bin/support/status-output.js';
import { WatchBoard } from '../../../bin/support/watch-board.js';
import type { Target } from '../../../lambda/domain/targets.js';
import { mergeWatched } from '../../../lambda/domain/watch-list.js';

const RESOLVERS = ['10.0.0.1:53'];
const configured: Target[] = [
  { id: 'api.example.test/A', name: 'api.example.test', type: 'A', mode: 'exact', resolvers: RESOLVERS },
];
const watched = {
  targetId: 'www.example.test/A',
  name: 'www.example.test',
  type: 'A' as const,
  by: 'slack:U0ALICE (@alice)',
  at: '2026-12-02T10:00:00.000Z',
};

describe('lookout status: names watched from Slack', () => {
  it('shows a watched name as watched from Slack, and the config target without it', () => {
    // Prepare
    const { targets } = mergeWatched(configured, [watched], RESOLVERS);
    const board = new WatchBoard(targets);

    // Act
    const text = formatStatus(
      { dataDir: '/tmp/x', running: false, source: 'stored', targets: board.list(), notes: [] },
      new Date('2026-12-02T10:05:00Z'),
    );

    // Assess
    expect(text).toContain(
      'www.example.test/A  not probed yet\n  watched from Slack (added by slack:U0ALICE (@alice)), not in the config',
    );
    expect(text).toContain('api.example.test/A  not probed yet\n\n');
  });

  it('drops a name from a running start once a round no longer probes it (unwatched), never a config target', () => {
    const board = new WatchBoard(mergeWatched(configured, [watched], RESOLVERS).targets);

    board.keepWatched(new Set());

    expect(board.list().map((v) => v.id)).toEqual(['api.example.test/A']);
  });
});
