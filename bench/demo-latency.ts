import { Writable } from 'node:stream';
import { replayOutage } from '../demo/outage-replay.js';
import { progress, type Summary, summarize } from './stats.js';

export interface DemoLatency {
  intervalSeconds: number;
  latency: Summary;
  samples: number[];
}

/** Runs the October-2025 replay `runs` times and collects the demo's own detection latency (seconds). */
export async function benchDemoLatency(intervalSeconds: number, runs: number): Promise<DemoLatency> {
  const out = new Writable({ write: (_chunk, _encoding, done) => done() });
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Detection latency only: AWS's posts come after it and would add ~16 probe intervals per run.
    const result = await replayOutage({ out, intervalSeconds, healthPosts: false });
    samples.push(result.detectionLatencySeconds);
    progress(
      `demo @${intervalSeconds}s run ${i + 1}/${runs}: ${result.detectionLatencySeconds.toFixed(3)} s`,
    );
  }
  return { intervalSeconds, latency: summarize(samples), samples };
}
