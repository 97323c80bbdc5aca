import * as z from '../../../../shared/zod.js';
import { readCarriedJson } from '../../carried-json.js';

/** The Add note modal's `callback_id` (its submission listener matches it). */
export const NOTE_VIEW = 'incident_note';
export const NOTE_BLOCK = 'note';
export const NOTE_INPUT = 'text';
/** As `/lookout note`: one timeline entry and one thread reply. */
export const NOTE_MAX_CHARS = 2_000;

const metadataSchema = z.object({
  incidentId: z.string().check(z.minLength(1)),
  channel: z.string(),
  /** The Add note press's response URL: the answer after the submission goes through it. */
  responseUrl: z.optional(z.url({ protocol: /^https?$/ })),
});
export type NoteMetadata = z.infer<typeof metadataSchema>;

/** What the submission needs back (Slack hands `private_metadata` back verbatim; ≤ 3,000 characters). */
export function decodeNoteMetadata(metadata: string): NoteMetadata | undefined {
  return readCarriedJson(metadataSchema, metadata);
}

/** The Add note modal for one incident; the id is shown so the person sees which incident it goes to. */
export function noteModal(metadata: NoteMetadata) {
  return {
    type: 'modal' as const,
    callback_id: NOTE_VIEW,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text' as const, text: 'Add a note' },
    submit: { type: 'plain_text' as const, text: 'Add note' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        label: { type: 'plain_text', text: `Note for ${metadata.incidentId}`.slice(0, 2000) },
        element: {
          type: 'plain_text_input',
          action_id: NOTE_INPUT,
          multiline: true,
          max_length: NOTE_MAX_CHARS,
        },
      },
    ],
  };
}
