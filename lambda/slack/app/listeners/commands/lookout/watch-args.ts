import { RECORD_TYPES, type RecordType } from '../../../../../domain/observation.js';
import { isDnsName } from '../../../../../domain/targets.js';
import { code } from '../../../mrkdwn.js';
import { usageError } from './args.js';
import type { Subcommand, SubcommandRequest } from './subcommand.js';

export function isRecordType(type: string): type is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(type);
}

/**
 * A channel as typed: `<#C0123|alerts>` (Slack escapes channel links when the command asks it to) is
 * its ID; `#alerts` is kept as typed, as the config's `slack.channel` takes a name or an ID.
 */
export function channelArg(word: string): string | undefined {
  const linked = /^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word);
  if (linked) return linked[1];
  return /^#[a-z0-9_-]{1,80}$/.test(word) ? word : undefined;
}

/** `<name> [type]`: the name checked (isDnsName), the type upper-cased and checked (A when left out). */
export function nameAndType(
  request: SubcommandRequest,
  self: Subcommand,
  name: string | undefined,
  typed: string | undefined,
): { name: string; type: RecordType } {
  if (!name) throw usageError(request, self, 'Which name?');
  if (!isDnsName(name)) throw usageError(request, self, `${code(name)} is not a DNS name.`);
  const type = (typed ?? 'A').toUpperCase();
  if (!isRecordType(type))
    throw usageError(
      request,
      self,
      `Lookout watches ${RECORD_TYPES.join(', ')} records, not ${code(typed ?? '')}.`,
    );
  return { name, type };
}
