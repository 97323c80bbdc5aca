import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePhase } from '../../lambda/engine/observation-processor.js';
import { startTestStore, type TestStore } from '../support/dynalite.js';
import { observe, target, tick } from '../support/observations.js';
import { pipeline } from '../support/pipeline.js';

const IPS = ['3.218.180.1', '3.218.180.2'];
const TARGETS = 62;
const ROUNDS = 75;

describe('Class: ObservationProcessor spreading steady writes over rounds (on dynalite)', () => {
  let db: TestStore;
  beforeEach(async () => {
    db = await startTestStore();
  });
  afterEach(async () => db.close());

  it('never makes every steady target’s periodic write in the same round', async () => {
    const targets = Array.from({ length: TARGETS }, (_, i) =>
      target({ id: `n${i}.spread.test/A`, name: `n${i}.spread.test` }),
    );
    const writesPerRound: number[] = [];
    let writes = 0;
    const save = db.store.targets.save.bind(db.store.targets);
    db.store.targets.save = (state) => {
      writes++;
      return save(state);
    };
    const { processor } = pipeline(db.store);

    for (let round = 0; round < ROUNDS; round++) {
      const before = writes;
      for (const t of targets) await processor.process(observe(tick(round), 'ANSWER', IPS, t), t);
      writesPerRound.push(writes - before);
    }

    // Every target changed together in the first rounds (new state, thresholds passing); after that a
    // round holds only its share of the periodic writes (one per target per 31 rounds: 2 per round here).
    const settled = writesPerRound.slice(10);
    expect(Math.max(...settled)).toBeLessThanOrEqual(TARGETS / 4);
    // ... and each target still writes at least every 31 rounds.
    expect(settled.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(TARGETS * 2);
  });

  it('gives 1,000 target ids phases over the whole write cycle, none crowded', () => {
    const counts = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const phase = writePhase(`n${String(i).padStart(4, '0')}.bench.test/A`);
      counts.set(phase, (counts.get(phase) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2 * Math.ceil(1000 / 31));
  });
});
