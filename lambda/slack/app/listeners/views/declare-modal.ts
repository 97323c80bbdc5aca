import { SEVERITIES, type Severity } from '../../../../domain/routing/severity.js';
import * as z from '../../../../shared/zod.js';
import { readCarriedJson } from '../../carried-json.js';

/** The declare modal's `callback_id` (its submission listener matches it). */
export const DECLARE_VIEW = 'incident_declare';
export const DECLARE_BLOCKS = {
  title: 'title',
  severity: 'severity',
  affected: 'affected',
  channel: 'channel',
} as const;
/** The input's `action_id` in each block: one input per block, so one name does. */
export const DECLARE_INPUT = 'value';
/** A title is the root's headline: Slack's header holds 150 characters. */
export const TITLE_MAX_CHARS = 120;
const AFFECTED_MAX_CHARS = 200;

const SEVERITY_WORDS: Record<Severity, string> = {
  critical: 'Critical — clients get no answer at all',
  high: 'High — answers missing for some, or AWS reports an issue',
  medium: 'Medium — answers unsteady or thinner than usual',
  low: 'Low — worth knowing, nobody is impaired',
};

const metadataSchema = z.object({
  channel: z.string(),
  /** The command's response URL: it answers in that channel even where the bot was never invited. */
  responseUrl: z.optional(z.url({ protocol: /^https?$/ })),
});
export type DeclareMetadata = z.infer<typeof metadataSchema>;

/** Where `/lookout declare` was typed: the answer after the submission goes there. */
export function decodeDeclareMetadata(metadata: string): DeclareMetadata | undefined {
  return readCarriedJson(metadataSchema, metadata);
}

const option = (severity: Severity) => ({
  text: { type: 'plain_text' as const, text: SEVERITY_WORDS[severity] },
  value: severity,
});

/**
 * The declare modal: title (from the command), severity (routing's scale; high by default, as an
 * unlisted kind is), the affected name or service, and the channel (where it was typed, by default).
 */
export function declareModal(input: { title: string; channel: string; responseUrl?: string | undefined }) {
  const metadata: DeclareMetadata = {
    channel: input.channel,
    ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
  };
  return {
    type: 'modal' as const,
    callback_id: DECLARE_VIEW,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text' as const, text: 'Declare an incident' },
    submit: { type: 'plain_text' as const, text: 'Declare' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: DECLARE_BLOCKS.title,
        label: { type: 'plain_text', text: 'Title' },
        element: {
          type: 'plain_text_input',
          action_id: DECLARE_INPUT,
          max_length: TITLE_MAX_CHARS,
          ...(input.title ? { initial_value: input.title.slice(0, TITLE_MAX_CHARS) } : {}),
        },
      },
      {
        type: 'input',
        block_id: DECLARE_BLOCKS.severity,
        label: { type: 'plain_text', text: 'Severity' },
        element: {
          type: 'static_select',
          action_id: DECLARE_INPUT,
          options: SEVERITIES.map(option),
          initial_option: option('high'),
        },
      },
      {
        type: 'input',
        block_id: DECLARE_BLOCKS.affected,
        optional: true,
        label: { type: 'plain_text', text: 'Affected name or service' },
        element: {
          type: 'plain_text_input',
          action_id: DECLARE_INPUT,
          max_length: AFFECTED_MAX_CHARS,
          placeholder: { type: 'plain_text', text: 'api.example.com, DynamoDB in us-east-1, …' },
        },
      },
      {
        type: 'input',
        block_id: DECLARE_BLOCKS.channel,
        label: { type: 'plain_text', text: 'Channel' },
        element: {
          type: 'conversations_select',
          action_id: DECLARE_INPUT,
          ...(input.channel ? { initial_conversation: input.channel } : {}),
          filter: { include: ['public', 'private'], exclude_bot_users: true },
        },
      },
    ],
  };
}

/** What a submitted declare modal says, read from Slack's `view.state.values`. */
const stateSchema = z.object({
  [DECLARE_BLOCKS.title]: z.object({ [DECLARE_INPUT]: z.object({ value: z.string() }) }),
  [DECLARE_BLOCKS.severity]: z.object({
    [DECLARE_INPUT]: z.object({ selected_option: z.object({ value: z.enum(SEVERITIES) }) }),
  }),
  [DECLARE_BLOCKS.affected]: z.optional(
    z.object({ [DECLARE_INPUT]: z.object({ value: z.optional(z.nullable(z.string())) }) }),
  ),
  [DECLARE_BLOCKS.channel]: z.object({
    [DECLARE_INPUT]: z.object({ selected_conversation: z.string().check(z.minLength(1)) }),
  }),
});

export interface DeclareForm {
  title: string;
  severity: Severity;
  affected: string | undefined;
  channel: string;
}

/** The form, or the first field Slack's state lacks (never expected: Slack enforces required inputs). */
export function readDeclareForm(values: unknown): DeclareForm | { problem: string } {
  const parsed = stateSchema.safeParse(values);
  if (!parsed.success) return { problem: parsed.error.issues[0]?.path.join('.') ?? 'the form' };
  const v = parsed.data;
  const title = v[DECLARE_BLOCKS.title][DECLARE_INPUT].value.trim();
  if (!title) return { problem: DECLARE_BLOCKS.title };
  const affected = v[DECLARE_BLOCKS.affected]?.[DECLARE_INPUT].value?.trim();
  return {
    title,
    severity: v[DECLARE_BLOCKS.severity][DECLARE_INPUT].selected_option.value,
    affected: affected || undefined,
    channel: v[DECLARE_BLOCKS.channel][DECLARE_INPUT].selected_conversation,
  };
}
