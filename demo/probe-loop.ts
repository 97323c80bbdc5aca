import type { ProbeApp } from '../lambda/app/probe.js';
import type { TimelineEntry } from '../lambda/domain/incident.js';
import { sleep } from './timing.js';

/**
 * The probe as its schedule would run it: one round every interval (less the round's own time), each
 * round's entries printed, counted so the replay can wait for rounds and say which one alerted.
 */
export class ProbeLoop {
  /** Rounds completed. */
  rounds = 0;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  private readonly roundDone: Array<() => void> = [];

  get isStopped(): boolean {
    return this.stopped;
  }

  start(
    probe: Pick<ProbeApp, 'round'>,
    intervalMs: number,
    out: NodeJS.WritableStream,
    print: (entries: TimelineEntry[]) => Promise<void>,
  ): void {
    this.running = (async () => {
      while (!this.stopped) {
        const started = Date.now();
        const result = await probe.round();
        for (const f of result.failures)
          out.write(`  lookout could not process ${f.target.id}: ${f.error.message}\n`);
        await print(result.results.flatMap((r) => r.result.entries));
        this.rounds++;
        for (const done of this.roundDone.splice(0)) done();
        await sleep(Math.max(0, intervalMs - (Date.now() - started)));
      }
    })();
  }

  /** Resolves once `n` more rounds have completed. */
  async waitRounds(n: number): Promise<void> {
    const target = this.rounds + n;
    while (this.rounds < target) await new Promise<void>((r) => this.roundDone.push(r));
  }

  /** Stops after the round under way; the promise settles as the loop ends (rejecting if it failed). */
  stop(): Promise<void> {
    this.stopped = true;
    return this.running;
  }
}
