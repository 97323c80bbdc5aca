import type { Evaluation } from '../detectors/evaluate.js';
import { look } from '../detectors/look.js';
import type { TargetState } from '../detectors/target-state.js';
import type { Observation } from '../observation.js';
import type { Signal } from '../signals.js';
import type { Target } from '../targets.js';
import type { ResolverCause } from './round-verdict.js';

/**
 * Where a target's signals go when resolvers are down. The detectors decide what is wrong with the
 * target, exactly as before; this only decides which incident hears it:
 * - a new UNREACHABLE with a cause this round joins the cause's incident (`signal.cause`), and the
 *   state remembers it (`problem.cause`);
 * - whatever ends that UNREACHABLE (RECOVERED, ENDED, an EMPTY or DEGRADED replacing it) leaves the
 *   cause's incident (`signal.leaves`) before going where it would have gone;
 * - a target still unreachable once its resolvers answer other targets has a problem of its own: it
 *   leaves, and an UNREACHABLE of its own opens its own incident.
 * The routed signals are what is saved as pending, so a crash before they are applied is healed with
 * the same routing.
 */
export function routeSignals(
  prev: TargetState,
  evaluation: Evaluation,
  observation: Observation,
  target: Target,
  cause: ResolverCause | undefined,
): Evaluation {
  if (evaluation.duplicate) return evaluation;
  const attachedTo = prev.problem?.kind === 'UNREACHABLE' ? prev.problem.cause : undefined;
  let next = evaluation.next;
  let changed = false;
  const signals = evaluation.signals.map((signal): Signal => {
    if (signal.kind === 'UNREACHABLE' && cause) {
      if (next.problem?.kind === 'UNREACHABLE')
        next = { ...next, problem: { ...next.problem, cause: cause.id } };
      changed = true;
      return { ...signal, cause };
    }
    if (attachedTo && endsUnreachable(signal)) {
      changed = true;
      return { ...signal, leaves: attachedTo };
    }
    return signal;
  });
  const stillAttached = next.problem?.kind === 'UNREACHABLE' && next.problem.cause === attachedTo;
  const seen = look(observation);
  if (attachedTo && stillAttached && !cause && seen.kind === 'unreachable' && next.problem) {
    const { cause: _left, ...problem } = next.problem;
    next = { ...next, problem };
    signals.push(onItsOwn(observation, target, attachedTo, problem.since, seen.failures));
    changed = true;
  }
  if (!changed) return evaluation;
  return { ...evaluation, signals, next: { ...next, pendingSignals: signals } };
}

function endsUnreachable(signal: Signal): boolean {
  if (signal.kind === 'ENDED') return signal.facts.ended === 'UNREACHABLE';
  return signal.kind === 'RECOVERED' || signal.kind === 'EMPTY' || signal.kind === 'DEGRADED';
}

/** The UNREACHABLE a target carries into an incident of its own once its resolvers answer others. */
function onItsOwn(
  observation: Observation,
  target: Target,
  cause: string,
  since: string,
  failures: string[],
): Signal {
  return {
    kind: 'UNREACHABLE',
    targetId: target.id,
    at: observation.observedAt,
    observationId: observation.id,
    summary: `${target.name} ${target.type} is UNREACHABLE on its own: no resolver gave a usable answer (${failures.join('; ')}), though its resolvers no longer fail every target that asks them — this is not evidence that the record is empty`,
    evidence: observation.outcomes,
    facts: {
      name: target.name,
      type: target.type,
      targetId: target.id,
      mode: target.mode,
      resolvers: target.resolvers.join(', '),
      since,
      leftCause: cause,
    },
    leaves: cause,
  };
}
