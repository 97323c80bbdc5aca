import { describe, expect, it } from 'vitest';
import { indexKeys, keys } from '../../../lambda/store/table.js';

// Stored items outlive a deploy: a shape that changes here orphans every storm item written before it.
describe('Table keys: incident storms', () => {
  it('keeps one storm item per channel', () => {
    expect(keys.stormState('C0ALERTS')).toEqual({ PK: 'STORM#C0ALERTS', SK: 'STATE' });
  });

  it('lists a due storm under the sparse STORM#DUE index, by channel', () => {
    expect(indexKeys.stormDue('C0ALERTS')).toEqual({ GSI1PK: 'STORM#DUE', GSI1SK: 'C0ALERTS' });
  });
});
