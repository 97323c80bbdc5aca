import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentUpdateError, NotFoundError } from '../../lambda/store/errors.js';
import { IncidentRepo } from '../../lambda/store/incident-repo.js';
import { type Item, type Key, TableClient } from '../../lambda/store/table-client.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { incidentFixture } from '../support/incidents.js';

/** A rival that saves the incident between every read and write: each of our writes really conflicts. */
class RivalSavesFirst extends TableClient {
  writes = 0;
  override async putIfVersion(item: Item & { version: number }, expected: number, what: string) {
    this.writes++;
    const stored = (await this.get({ PK: item.PK, SK: item.SK })) as Item & { version: number };
    await super.putIfVersion({ ...stored, version: stored.version + 1 }, stored.version, 'rival');
    return super.putIfVersion(item, expected, what);
  }
}

/** A rival that holds the open-incident claim at each of our puts and releases it before our read. */
class RivalClaimsAndReleases extends TableClient {
  claims = 0;
  override async putIfAbsent(item: Item) {
    if (!item.PK.startsWith('OPEN#')) return super.putIfAbsent(item);
    this.claims++;
    await super.putIfAbsent({ ...item, incidentId: 'rival' });
    return super.putIfAbsent(item);
  }
  override async get(key: Key) {
    if (key.PK.startsWith('OPEN#')) await this.deleteIfEquals(key, 'incidentId', 'rival');
    return super.get(key);
  }
}

describe('Class: IncidentRepo, against writers that always win', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(async () => t.close());

  it('gives up attaching a Slack ref with ConcurrentUpdateError after 10 tries instead of spinning', async () => {
    // Prepare
    const table = new RivalSavesFirst(t.dynamo.client, t.tableName);
    const repo = new IncidentRepo(table);
    await repo.create(incidentFixture({ id: 'inc-conflict' }));

    // Act
    const attach = repo.attachSlackRef('inc-conflict', { channel: 'C1', ts: '1.0' });

    // Assess
    await expect(attach).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(table.writes).toBe(10);
    expect((await repo.get('inc-conflict'))?.slack).toBeUndefined();
  });

  it('attaches a Slack ref to a missing incident with NotFoundError', async () => {
    const repo = new IncidentRepo(new TableClient(t.dynamo.client, t.tableName));

    await expect(repo.attachSlackRef('inc-missing', { channel: 'C1', ts: '1.0' })).rejects.toMatchObject({
      constructor: NotFoundError,
      code: 'NOT_FOUND',
      message: 'incident inc-missing not found',
    });
  });

  it('gives up claiming an open incident with ConcurrentUpdateError after 10 tries', async () => {
    // Prepare
    const table = new RivalClaimsAndReleases(t.dynamo.client, t.tableName);
    const repo = new IncidentRepo(table);

    // Act
    const claim = repo.claimOpen('flappy.example/A', 'inc-ours', '2025-10-20T07:00:00.000Z');

    // Assess
    await expect(claim).rejects.toBeInstanceOf(ConcurrentUpdateError);
    expect(table.claims).toBe(10);
  });
});
