import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { PostingDesk } from './chat-methods.js';
import { FaultQueue } from './fault-queue.js';
import { FileMethods } from './file-methods.js';
import { type InteractionContext, Interactions } from './interactions.js';
import { RateLimits } from './rate-limits.js';
import { type SlackHttpHost, serveSlackRequest } from './slack-http.js';
import { SlackState } from './slack-state.js';
import { type FakeSlackOptions, type SlackFault, type SlashCommandPayload, TEAM_ID } from './slack-types.js';
import { FakeSocketMode } from './socket-mode.js';
import type { SocketModeOptions } from './socket-mode-types.js';
import { type TrafficCall, TrafficLog, type TrafficRow, trafficCall } from './traffic-log.js';
import { ViewMethods } from './view-methods.js';
import { type AnswerContext, answerWebApi } from './web-api-answer.js';

export type {
  FakeSlackOptions,
  RecordedEphemeral,
  RecordedMessage,
  RecordedResponse,
  RecordedUpload,
  RecordedView,
  RequestLog,
  SlackFault,
  SlashCommandPayload,
  Usergroup,
} from './slack-types.js';
export type { TrafficCall, TrafficRow } from './traffic-log.js';

/**
 * A real HTTP server on 127.0.0.1 speaking enough of Slack's Web API for `@slack/web-api`'s WebClient:
 * form and JSON bodies, bearer auth, `{ ok: false, error }` with HTTP 200, 429 + Retry-After, and
 * fault injection. It records what it accepted so tests can assert on the channel as a person would see it.
 * The state and its API are `SlackState`'s; HTTP is `slack-http.ts`; faults, auth and scopes are
 * `web-api-answer.ts`; the methods are routed by `web-api-methods.ts` and checked in their handlers.
 */
export class FakeSlack extends SlackState {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly faults = new FaultQueue();
  private readonly desk: PostingDesk;
  private isDown: 'reset' | 503 | false = false;
  private readonly interactions: Interactions;
  private readonly trafficLog: TrafficLog;
  /** Socket Mode on this server: `apps.connections.open`, its WebSocket URLs, envelopes and acks. */
  readonly socketMode: FakeSocketMode;

  constructor(options: FakeSlackOptions & SocketModeOptions = {}) {
    super(options);
    const clock = options.clock ?? Date.now;
    this.interactions = new Interactions(clock);
    const viewMethods = new ViewMethods(this.views, this.interactions, clock);
    const now = options.now ?? Date.now;
    const rateLimits = new RateLimits(options.rateLimit, now);
    this.trafficLog = new TrafficLog(options.trafficCapacity);
    this.desk = {
      waitFor: (channel) => rateLimits.takeForChannel(channel),
      nextTs: () => this.nextTs(),
      announce: (message) => {
        for (const listener of this.messageListeners) listener(message);
      },
    };
    const fileMethods = new FileMethods(this.workspace, this.uploads, this.desk, () => this.origin);
    this.socketMode = new FakeSocketMode(
      {
        clock,
        origin: () => this.origin,
        slashCommand: (command) => this.slashCommand(command),
        interaction: (context) => this.interaction(context),
        userName: (user) => this.workspace.users.get(user) ?? user.toLowerCase(),
      },
      options,
    );
    const answers: AnswerContext = {
      methods: {
        workspace: this.workspace,
        desk: this.desk,
        ephemerals: this.ephemerals,
        views: viewMethods,
        files: fileMethods,
        channelLog: this.channelLog,
        newChannelId: () => this.newChannelId(),
      },
      socketMode: this.socketMode,
      tokens: this.tokens,
      scopes: options.scopes ? new Set(options.scopes) : undefined,
      isDown: () => this.isDown,
      channelId: (value) => this.channelId(value),
      methodWait: (method) => rateLimits.takeForMethod(method),
    };
    const http: SlackHttpHost = {
      requests: this.requests,
      faults: this.faults,
      files: fileMethods,
      socketMode: this.socketMode,
      workspace: this.workspace,
      responseUrls: {
        workspace: this.workspace,
        desk: this.desk,
        interactions: this.interactions,
        ephemerals: this.ephemerals,
        responses: this.responses,
      },
      origin: () => this.origin,
      isDown: () => this.isDown,
      record: (method, params, answer) => {
        const channel = this.channelId(params?.channel ?? params?.channel_id);
        this.trafficLog.record(trafficCall(now(), method, params, channel, answer));
      },
      answer: (method, params, authorization, fault) =>
        answerWebApi(answers, method, params, authorization, fault),
    };
    this.server = createServer((req, res) => void serveSlackRequest(http, req, res));
    this.server.on('upgrade', (req, socket, head) =>
      this.isDown ? socket.destroy() : this.socketMode.upgrade(req, socket, head),
    );
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Base URL for `new WebClient(token, { slackApiUrl })`. */
  get url(): string {
    return `${this.origin}/api/`;
  }

  /** Scheme, host and port; response and upload URLs live here beside `/api/`. */
  get origin(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    await this.socketMode.stop();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Every Web API call answered (the newest `trafficCapacity`), oldest first, on the `now` clock. */
  traffic(): TrafficCall[] {
    return this.trafficLog.calls();
  }

  /** Per channel and UTC minute: accepted top-level posts, replies and edits, all calls, and 429s. */
  trafficPerChannelMinute(): TrafficRow[] {
    return this.trafficLog.perChannelMinute();
  }

  /** The next `n` requests (optionally of one method) get this fault instead of normal handling. */
  failNext(n: number, fault: SlackFault, method?: string): void {
    this.faults.add(n, fault, method);
  }

  /** Until `up()`: `'reset'` drops connections (a network error), `503` answers Service Unavailable. */
  down(mode: 'reset' | 503 = 'reset'): void {
    this.isDown = mode;
  }

  up(): void {
    this.isDown = false;
  }

  /**
   * A person typed a slash command: the fields Slack sends the app, with a fresh `trigger_id` (one
   * modal, 3 s) and `response_url` (5 answers, 30 min) on the emulator's clock.
   */
  slashCommand(command: {
    command: string;
    text?: string;
    user: string;
    channel: string;
  }): SlashCommandPayload {
    const context = { user: command.user, channel: command.channel };
    return {
      team_id: TEAM_ID,
      channel_id: command.channel,
      channel_name: this.workspace.names.get(command.channel) ?? command.channel.toLowerCase(),
      user_id: command.user,
      user_name: this.workspace.users.get(command.user) ?? command.user.toLowerCase(),
      command: command.command,
      text: command.text ?? '',
      trigger_id: this.interactions.issueTrigger(context),
      response_url: `${this.origin}${this.interactions.issueResponsePath('commands', context)}`,
    };
  }

  /**
   * A person pressed a button, used a shortcut or submitted a modal: a fresh `trigger_id`, and a
   * `response_url` when it happened in a channel (on the message `messageTs`, which
   * `replace_original`/`delete_original` then change).
   */
  interaction(context: InteractionContext): { trigger_id: string; response_url?: string } {
    const trigger_id = this.interactions.issueTrigger(context);
    if (!context.channel) return { trigger_id };
    return {
      trigger_id,
      response_url: `${this.origin}${this.interactions.issueResponsePath('actions', context)}`,
    };
  }
}
