import type { SweepResult } from './sweep.js';

/** One number the issue holds Lookout to, as measured in this run. */
export interface TargetCheck {
  name: string;
  /** The measured value, said with its unit, e.g. `6.3×`. */
  measured: string;
  limit: string;
  met: boolean;
}

const ratio = (n: number) => `${n.toFixed(1)}×`;

/**
 * The sweep's targets (issue #8 items 8 and 9): Lookout within 4× of dnsperf, steady rounds and
 * amortized over consecutive rounds with their state writes; at least 5× ahead of the blackbox exporter
 * in wall time and CPU. A peer that is not installed is a missed target, never a silent pass.
 */
export function sweepTargets(s: SweepResult): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const dnsperf = s.peers.dnsperf;
  if (dnsperf) {
    const steady = s.ms.lookoutRound.median / dnsperf.wallMs.median;
    const amortized = s.series.meanMs / dnsperf.wallMs.median;
    checks.push(
      {
        name: 'sweep: Lookout round / dnsperf (median round)',
        measured: ratio(steady),
        limit: '≤ 4×',
        met: steady <= 4,
      },
      {
        name: `sweep: Lookout / dnsperf amortized over ${s.series.rounds} rounds (state writes included)`,
        measured: ratio(amortized),
        limit: '≤ 4×',
        met: amortized <= 4,
      },
    );
  } else
    checks.push({
      name: 'sweep: Lookout / dnsperf',
      measured: 'dnsperf not installed',
      limit: '≤ 4×',
      met: false,
    });
  const blackbox = s.peers.blackbox;
  if (blackbox) {
    const wall = blackbox.wallMs.median / s.ms.lookoutRound.median;
    const cpu = blackbox.cpuMs.median / s.lookoutCpuMs.median;
    checks.push(
      {
        name: 'sweep: blackbox exporter wall / Lookout wall',
        measured: ratio(wall),
        limit: '≥ 5×',
        met: wall >= 5,
      },
      {
        name: 'sweep: blackbox exporter CPU / Lookout CPU',
        measured: ratio(cpu),
        limit: '≥ 5×',
        met: cpu >= 5,
      },
    );
  } else
    checks.push({
      name: 'sweep: Lookout vs blackbox exporter',
      measured: 'blackbox exporter not installed',
      limit: '≥ 5×',
      met: false,
    });
  return checks;
}
