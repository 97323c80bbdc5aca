import type { IncomingMessage } from 'node:http';
import type { PostingDesk } from './chat-methods.js';
import type { RecordedMessage, RecordedUpload, Workspace } from './slack-types.js';
import { fail, ok, type Reply, readBytes } from './web-api-replies.js';

/**
 * The upload flow `files.uploadV2` runs: files.getUploadURLExternal hands out a file id and an upload
 * URL, the bytes are POSTed there, files.completeUploadExternal shares the files (one message, in the
 * thread when `thread_ts` is given, with `initial_comment` as its text).
 */
export class FileMethods {
  private sequence = 0;

  constructor(
    private readonly workspace: Workspace,
    private readonly uploads: RecordedUpload[],
    private readonly desk: PostingDesk,
    /** The emulator's origin, read when a URL is handed out (the port is known only once listening). */
    private readonly origin: () => string,
  ) {}

  getUploadUrl(params: Record<string, unknown>): Reply {
    const filename = typeof params.filename === 'string' ? params.filename : '';
    const length = Number(params.length);
    // Slack: missing_argument "typically only occurs when the length provided is 0".
    if (!filename || !Number.isInteger(length) || length <= 0) return fail('missing_argument');
    const fileId = `F0${String(++this.sequence).padStart(8, '0')}`;
    this.uploads.push({ file_id: fileId, filename, length, completed: false });
    return ok({ upload_url: `${this.origin()}/upload/v1/${fileId}`, file_id: fileId });
  }

  /** The upload URL's answer: 200 `OK - <bytes>` once, 404 for a URL it never handed out. */
  receive(fileId: string, bytes: Buffer): { status: number; body: string } {
    const upload = this.uploads.find((u) => u.file_id === fileId && !u.completed);
    if (!upload) return { status: 404, body: 'not_found' };
    upload.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  complete(params: Record<string, unknown>): Reply {
    const files = parseFiles(params.files);
    if (!files?.length)
      return fail('invalid_arguments', 200, {
        response_metadata: { messages: ['[ERROR] missing required field: files [json-pointer:/files]'] },
      });
    const uploads = files.map((f) => this.uploads.find((u) => u.file_id === f.id && u.bytes && !u.completed));
    if (uploads.some((u) => !u)) return fail('file_not_found');
    const channel =
      typeof params.channel_id === 'string' && params.channel_id ? params.channel_id : undefined;
    if (channel && (!this.workspace.channels.has(channel) || this.workspace.archived.has(channel)))
      return fail('invalid_channel');
    if (channel && this.workspace.notInChannel.has(channel)) return fail('not_in_channel');
    const threadTs = typeof params.thread_ts === 'string' && params.thread_ts ? params.thread_ts : undefined;
    const comment = typeof params.initial_comment === 'string' ? params.initial_comment : undefined;
    for (const [i, upload] of (uploads as RecordedUpload[]).entries()) {
      upload.completed = true;
      const title = files[i]?.title;
      if (title) upload.title = title;
      if (channel) upload.channel_id = channel;
      if (threadTs) upload.thread_ts = threadTs;
      if (comment) upload.initial_comment = comment;
    }
    if (channel) this.share(channel, threadTs, comment, uploads as RecordedUpload[]);
    return ok({
      files: (uploads as RecordedUpload[]).map((u) => ({
        id: u.file_id,
        title: u.title ?? u.filename,
        name: u.filename,
        size: u.length,
      })),
    });
  }

  private share(
    channel: string,
    threadTs: string | undefined,
    comment: string | undefined,
    uploads: RecordedUpload[],
  ): void {
    const ts = this.desk.nextTs();
    const message: RecordedMessage = {
      channel,
      ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      text: comment ?? '',
      updates: [],
      files: uploads.map((u) => u.file_id),
    };
    this.workspace.messages.push(message);
    this.desk.announce(message);
  }
}

/** `files` arrives JSON-encoded in form bodies. */
function parseFiles(raw: unknown): { id: string; title?: string }[] | undefined {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value)) return undefined;
  const files = value.filter(
    (f): f is { id: string; title?: string } =>
      typeof f === 'object' && f !== null && typeof f.id === 'string',
  );
  return files.length === value.length ? files : undefined;
}

/** An upload URL takes the raw bytes or a multipart form (what files.uploadV2 sends): the file part's bytes. */
export async function uploadedBytes(req: IncomingMessage): Promise<Buffer> {
  const bytes = await readBytes(req);
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) return bytes;
  const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
  for (const value of form.values())
    if (typeof value !== 'string') return Buffer.from(await value.arrayBuffer());
  return Buffer.alloc(0);
}
