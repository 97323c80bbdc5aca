import { brokenChainText, commonChain } from '../cname-chain.js';
import { type Detector, makeSignal } from './context.js';

/**
 * EMPTY: a target that has answered before now answers NODATA/NXDOMAIN from a majority of the
 * resolvers that answered, on N consecutive probes. Unreachable resolvers never vote (see look.ts).
 */
export const detectEmpty: Detector = (ctx) => {
  const { look, next, prev, config, target } = ctx;
  if (look.kind !== 'empty' || !next.streak || next.streak.kind !== 'empty') return undefined;
  const hasBaseline = prev.everPresent || (target.baselineCount ?? 0) > 0;
  if (!hasBaseline || next.streak.count < config.emptyAfterProbes) return undefined;
  if (prev.problem?.kind === 'EMPTY') return undefined;
  const empty = look.rcodes.includes('NXDOMAIN') && !look.rcodes.includes('NODATA') ? 'NXDOMAIN' : 'NODATA';
  // Through an alias, the answer is about the chain's last name: say which name is gone.
  const chain = commonChain(ctx.observation.outcomes.filter((o) => o.kind === empty));
  const what = chain
    ? `${brokenChainText(chain, empty)} (${empty})`
    : empty === 'NXDOMAIN'
      ? 'the name does not exist (NXDOMAIN)'
      : 'the name exists but has no records (NODATA)';
  return makeSignal(
    ctx,
    'EMPTY',
    `${target.name} ${target.type} is EMPTY: ${what} from ${look.emptyVotes} of ${look.usable} answering resolvers, ${next.streak.count} probes in a row`,
    {
      since: next.streak.since,
      emptyVotes: look.emptyVotes,
      usable: look.usable,
      probes: next.streak.count,
      // The sentence a headline repeats later, when the evidence at hand may be another moment's.
      ...(chain ? { chain: brokenChainText(chain, empty) } : {}),
    },
  );
};
