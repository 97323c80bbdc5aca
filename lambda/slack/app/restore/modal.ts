import { nonEmpty, truncate } from '../../../domain/render/limits.js';
import { ABSENT } from '../../../domain/route53/history.js';
import { contentHash } from '../../../domain/route53/record-set.js';
import { planLines } from '../../../service/route53/restore-plan-lines.js';
import type { PreparedRestore } from '../../../service/route53/restore-types.js';
import * as z from '../../../shared/zod.js';
import { readCarriedJson } from '../carried-json.js';
import { codeBlock, escapeMrkdwn } from '../mrkdwn.js';

/** The confirmation modal's `callback_id`: its submission is what restores. */
export const RESTORE_VIEW = 'restore_confirm';

/**
 * What the modal carries to its submission (`private_metadata`, ≤ 3,000 characters): the record set,
 * the incident, the content hashes the person saw (Route 53 now, last-known-good), and where to answer.
 */
export const restoreMetadataSchema = z.object({
  zoneId: z.string().check(z.minLength(1), z.maxLength(40)),
  name: z.string().check(z.minLength(1), z.maxLength(260)),
  type: z.string().check(z.minLength(1), z.maxLength(10)),
  setIdentifier: z.optional(z.string().check(z.maxLength(128))),
  incidentId: z.optional(z.string().check(z.maxLength(200))),
  currentHash: z.string().check(z.minLength(1), z.maxLength(100)),
  goodHash: z.string().check(z.minLength(1), z.maxLength(100)),
  responseUrl: z.url({ protocol: /^https?$/ }),
  channel: z.string().check(z.minLength(1), z.maxLength(40)),
});
export type RestoreMetadata = z.infer<typeof restoreMetadataSchema>;

/** Section text is limited to 3,000 characters; a long TXT plan is cut, the CLI's --dry-run shows it all. */
const SECTION_CHARS = 2_900;

/** What the submission needs, from the plan the person is shown. */
export function metadataOf(prepared: PreparedRestore, responseUrl: string, channel: string): RestoreMetadata {
  return {
    zoneId: prepared.key.zoneId,
    name: prepared.key.name,
    type: prepared.key.type,
    ...(prepared.key.setIdentifier !== undefined ? { setIdentifier: prepared.key.setIdentifier } : {}),
    ...(prepared.incidentId ? { incidentId: prepared.incidentId } : {}),
    currentHash: prepared.current ? contentHash(prepared.current) : ABSENT,
    goodHash: prepared.good.hash,
    responseUrl,
    channel,
  };
}

/**
 * The confirmation: the plan in `lookout restore`'s words (Route 53 now → last-known-good, its
 * version and writer, the batch), and what pressing Restore does.
 */
export function restoreModal(prepared: PreparedRestore, metadata: RestoreMetadata) {
  let plan = codeBlock(planLines(prepared));
  if (plan.length > SECTION_CHARS) plan = `${plan.slice(0, SECTION_CHARS - 5)}…\n\`\`\``;
  return {
    type: 'modal' as const,
    callback_id: RESTORE_VIEW,
    title: { type: 'plain_text' as const, text: 'Restore record set' },
    submit: { type: 'plain_text' as const, text: 'Restore' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    private_metadata: JSON.stringify(metadata),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `*Put ${escapeMrkdwn(`${prepared.key.name} ${prepared.key.type}`)} back to its last-known-good version?*`,
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: plan } },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: 'Nothing changes until you press Restore. Lookout then submits exactly this batch: if the record changed in between, Route 53 refuses it whole and nothing is changed. Each step goes to the incident thread.',
          },
        ],
      },
    ],
  };
}

/**
 * What opens on the fast path, while the worker reads Route 53 (the trigger id would expire before a
 * slow read finished): no Restore button until the plan replaces it.
 */
export function restorePlanningView(what: { zoneId: string; name: string; type: string }) {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'Restore record set' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `Reading ${escapeMrkdwn(`${what.name} ${what.type}`)} in ${escapeMrkdwn(what.zoneId)} from Route 53, and its last-known-good version from Lookout's history… The plan appears here; nothing is changed until you press Restore.`,
        },
      },
    ],
  };
}

/** The modal turned into a sentence (a refusal at submission): the person reads why, nothing changed. */
export function restoreMessageView(text: string) {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: 'Restore record set' },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: nonEmpty(truncate(text, 2_900, '…'), 'The restore ended without a message.'),
        },
      },
    ],
  };
}

/** The modal's carried plan, or undefined for metadata Lookout did not write. */
export function parseRestoreMetadata(raw: string): RestoreMetadata | undefined {
  return readCarriedJson(restoreMetadataSchema, raw);
}
