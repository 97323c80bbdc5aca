import type { FlushResult } from './flush-result.js';

type Tried = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * Runs a sender's flush-end settle one at a time. Two flushes' settles list the same owed root edits
 * and made each of them twice (the storm bench's tail spent ~3 calls per owed edit). A flush that ends
 * while another settles hands over what it tried, by channel: the running settle looks once more,
 * holding channels as that flush's own settle would have (an item one tried and failed holds nothing
 * back), so its debts go out in this run too.
 */
export class SettleOnce {
  private running: Promise<void> | undefined;
  private again: Map<string, Set<string>> | undefined;

  /** `pass`: one settle until `until`, holding channels by `tried`. */
  constructor(
    private readonly pass: (tried: Tried, until: () => number, result: FlushResult) => Promise<void>,
  ) {}

  /** The running settle's later passes keep its own `until` and `result`. */
  async settle(tried: Tried, until: () => number, result: FlushResult): Promise<void> {
    if (this.running) {
      this.again = mergeTried(this.again ?? new Map(), tried);
      return;
    }
    let run: Promise<void> | undefined;
    run = (async () => {
      let passTried = tried;
      try {
        for (;;) {
          await this.pass(passTried, until, result);
          const again = this.again;
          this.again = undefined;
          // Cleared in the same step as the last look: a flush ending after it settles by itself.
          if (!again || result.paused) {
            this.running = undefined;
            return;
          }
          passTried = mergeTried(passTried, again);
        }
      } finally {
        if (this.running === run) this.running = undefined;
      }
    })();
    this.running = run;
    await run;
  }
}

/** `into` with every channel's tried items of `more` added (a new map; neither is changed). */
function mergeTried(into: Tried, more: Tried): Map<string, Set<string>> {
  const merged = new Map([...into].map(([channel, seqs]) => [channel, new Set(seqs)]));
  for (const [channel, seqs] of more) {
    const set = merged.get(channel) ?? new Set<string>();
    for (const seq of seqs) set.add(seq);
    merged.set(channel, set);
  }
  return merged;
}
