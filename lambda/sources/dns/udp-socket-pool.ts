import type { Socket as UdpSocket } from 'node:dgram';
import type { AskedQuestion } from './classify.js';
import { unreachableReason } from './network-failure.js';
import { type Endpoint, type Exchange, inspect } from './wire-exchange.js';

export interface UdpPoolIo {
  clock: () => number;
  createUdpSocket: (type: 'udp4' | 'udp6') => UdpSocket;
  /** Query id source; ids already in flight on the chosen socket are drawn again. */
  randomId: () => number;
}

export interface UdpPoolOptions {
  /** Connected sockets kept per resolver endpoint; queries go to them in turn. */
  socketsPerEndpoint?: number;
  /** A socket with nothing in flight for this long is closed (the next query opens a new one). */
  idleCloseMs?: number;
}

/** Recently ended query ids remembered per socket (a few rounds' worth at the default in-flight limit). */
const MAX_RETIRED = 1024;

export const udpPoolDefaults = { socketsPerEndpoint: 2, idleCloseMs: 1000 } as const;

/** One query waiting on a shared socket: plain fields, so a query costs one object and no closures. */
class Waiter {
  lastDefect: string | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
  settled = false;

  constructor(
    readonly id: number,
    readonly asked: AskedQuestion,
    /** What was left of the budget when the query was sent, for the timeout's reason. */
    readonly wait: number,
    readonly resolve: (result: ExchangeWithId) => void,
  ) {}
}

/**
 * One connected UDP socket shared by many queries to one resolver. Connected, so the kernel only
 * delivers datagrams from that resolver and surfaces its ICMP errors; each datagram goes to the
 * query holding its id and ends that query only if it is a response to that query's question
 * (RFC 5452 §9.1), so an unrelated or spoofed datagram never ends a wait. A socket error is the
 * resolver's outcome for the queries on this socket alone; the socket is dropped and replaced.
 */
class SharedSocket {
  readonly waiters = new Map<number, Waiter>();
  /** Ids of queries that ended lately (oldest first): a late answer to one is expected, not a defect. */
  private readonly retired = new Set<number>();
  private socket: UdpSocket | undefined;
  private failure: unknown;
  private connected = false;
  private readonly queued: Array<() => void> = [];
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  closed = false;

  constructor(
    private readonly target: Endpoint,
    private readonly io: UdpPoolIo,
    private readonly idleCloseMs: number,
    private readonly onClosed: (socket: SharedSocket) => void,
  ) {
    try {
      const udp = io.createUdpSocket(target.family === 6 ? 'udp6' : 'udp4');
      this.socket = udp;
      // Bind failures (the implicit bind in connect, or the factory's own) arrive here.
      udp.on('error', (error) => this.fail(error));
      udp.on('message', (message: Buffer) => this.receive(message));
      // Node hands a failed connect (EACCES, ENETUNREACH, ...) to this callback and emits no 'error'
      // (@types/node declares it without arguments); sending on the unconnected socket would throw.
      udp.connect(target.port, target.ip, (error?: Error) => {
        if (error) return this.fail(error);
        if (this.closed) return;
        this.connected = true;
        // Shared sockets must not keep a finished CLI run or test process alive.
        udp.unref();
        for (const send of this.queued.splice(0)) send();
      });
    } catch (error) {
      this.failure = error;
      this.close();
    }
  }

  /** Resolves when the query is answered, times out, or this socket fails; never rejects. */
  exchange(
    makeQuery: (id: number) => Buffer,
    asked: AskedQuestion,
    deadline: number,
  ): Promise<ExchangeWithId> {
    const id = this.freeId();
    return new Promise((resolve) => {
      if (this.closed) {
        resolve({ id, exchange: this.unreachable(this.failure) });
        return;
      }
      const waiter = new Waiter(id, asked, Math.max(0, deadline - this.io.clock()), resolve);
      waiter.timer = setTimeout(this.expire, waiter.wait, waiter);
      this.waiters.set(id, waiter);
      if (this.idleTimer) clearTimeout(this.idleTimer);
      if (this.connected) this.send(makeQuery(id), waiter);
      else this.queued.push(() => this.send(makeQuery(id), waiter));
    });
  }

  /** The timer handler every query shares (bound once per socket, not one closure per query). */
  private readonly expire = (waiter: Waiter): void =>
    this.finish(
      waiter,
      waiter.lastDefect
        ? { kind: 'malformed', detail: waiter.lastDefect }
        : { kind: 'timeout', detail: `no response within ${Math.round(waiter.wait)} ms` },
    );

  private finish(waiter: Waiter, exchange: Exchange): void {
    if (waiter.settled) return;
    waiter.settled = true;
    clearTimeout(waiter.timer);
    if (this.waiters.get(waiter.id) === waiter) this.waiters.delete(waiter.id);
    this.retire(waiter.id);
    this.scheduleIdleClose();
    waiter.resolve({ id: waiter.id, exchange });
  }

  private send(query: Buffer, waiter: Waiter): void {
    if (this.closed || !this.socket) return;
    try {
      this.socket.send(query, (error) => {
        if (error) this.finish(waiter, this.unreachable(error));
      });
    } catch (error) {
      this.finish(waiter, this.unreachable(error));
    }
  }

  private retire(id: number): void {
    this.retired.delete(id);
    this.retired.add(id);
    if (this.retired.size > MAX_RETIRED) this.retired.delete(this.retired.values().next().value as number);
  }

  /**
   * An id no query in flight on this socket holds, so every response has at most one owner; one that
   * ended lately is avoided too, so its late answer cannot be taken for the new query's.
   */
  private freeId(): number {
    for (let draw = 0; draw < 16; draw++) {
      const id = this.io.randomId() & 0xffff;
      if (!this.waiters.has(id) && !this.retired.has(id)) return id;
    }
    // A source that keeps drawing ids in flight (an injected one in a test) must not spin forever.
    let id = this.io.randomId() & 0xffff;
    while (this.waiters.has(id)) id = (id + 1) & 0xffff;
    return id;
  }

  private receive(message: Buffer): void {
    const owner = message.length >= 2 ? this.waiters.get(message.readUInt16BE(0)) : undefined;
    if (owner) {
      const result = inspect(message, owner.id, owner.asked);
      if (result.kind === 'packet' || result.kind === 'truncated') this.finish(owner, result);
      else owner.lastDefect = result.detail;
      return;
    }
    // A late answer to a query that already ended (timed out): nothing is wrong with the resolver's reply.
    if (message.length >= 2 && this.retired.has(message.readUInt16BE(0))) return;
    // Nobody's id: the resolver sent it (the socket is connected) but it answers none of our queries.
    // It ends no wait; should a wait end empty-handed, this is what the resolver said (MALFORMED).
    for (const waiter of this.waiters.values()) {
      const result = inspect(message, waiter.id, waiter.asked);
      if (result.kind === 'malformed') waiter.lastDefect = result.detail;
    }
  }

  private fail(error: unknown): void {
    this.failure = error;
    const waiters = [...this.waiters.values()];
    this.close();
    for (const waiter of waiters) this.finish(waiter, this.unreachable(error));
  }

  private unreachable(error: unknown): Exchange {
    return { kind: 'unreachable', detail: unreachableReason(error, this.target.label) };
  }

  private scheduleIdleClose(): void {
    if (this.closed || this.waiters.size > 0) return;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.waiters.size === 0) this.close();
    }, this.idleCloseMs);
    this.idleTimer.unref?.();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.onClosed(this);
    const socket = this.socket;
    this.socket = undefined;
    for (const send of this.queued.splice(0)) send();
    if (!socket) return;
    socket.removeAllListeners('message');
    socket.removeAllListeners('error');
    socket.on('error', () => {});
    try {
      socket.close();
    } catch {
      // Closing a socket that failed to bind throws; there is nothing left to release.
    }
  }
}

export interface ExchangeWithId {
  /** The query id used, so a TCP fallback can ask the same question with it. */
  id: number;
  exchange: Exchange;
}

/**
 * A few connected UDP sockets per resolver endpoint, shared by every query to it, instead of one
 * socket created, bound, connected and closed per query (that was 44 % of a probe round's CPU).
 */
export class UdpSocketPool {
  private readonly sockets = new Map<string, SharedSocket[]>();
  private readonly turn = new Map<string, number>();
  private readonly size: number;
  private readonly idleCloseMs: number;

  constructor(
    private readonly io: UdpPoolIo,
    options: UdpPoolOptions = {},
  ) {
    this.size = Math.max(1, options.socketsPerEndpoint ?? udpPoolDefaults.socketsPerEndpoint);
    this.idleCloseMs = options.idleCloseMs ?? udpPoolDefaults.idleCloseMs;
  }

  /**
   * Unrelated or spoofed datagrams do not end the wait: the real answer may still come. If only bad
   * packets arrived by the deadline, the last one's defect is reported (MALFORMED, not TIMEOUT). A
   * socket error (refused, no route, bind failure) ends the queries on that socket at once.
   */
  exchange(
    target: Endpoint,
    makeQuery: (id: number) => Buffer,
    asked: AskedQuestion,
    deadline: number,
  ): Promise<ExchangeWithId> {
    return this.pick(target).exchange(makeQuery, asked, deadline);
  }

  /** Open sockets for an endpoint (`ip`, `port`), for tests and diagnostics. */
  openSockets(target: Endpoint): number {
    return this.sockets.get(keyOf(target))?.length ?? 0;
  }

  close(): void {
    for (const list of [...this.sockets.values()]) for (const socket of [...list]) socket.close();
  }

  private pick(target: Endpoint): SharedSocket {
    const key = keyOf(target);
    let list = this.sockets.get(key);
    if (!list) {
      list = [];
      this.sockets.set(key, list);
    }
    const turn = this.turn.get(key) ?? 0;
    this.turn.set(key, turn + 1);
    const existing = list.length >= this.size ? list[turn % list.length] : undefined;
    if (existing) return existing;
    const created = new SharedSocket(target, this.io, this.idleCloseMs, (closed) => {
      const current = this.sockets.get(key);
      if (!current) return;
      const at = current.indexOf(closed);
      if (at >= 0) current.splice(at, 1);
      if (current.length === 0) this.sockets.delete(key);
    });
    // A socket that failed at creation has removed itself already; it still answers this query.
    if (!created.closed) list.push(created);
    else if (list.length === 0) this.sockets.delete(key);
    return created;
  }
}

/** Keys per endpoint object: a client keeps one endpoint per resolver, so each is built and hashed once. */
const endpointKeys = new WeakMap<Endpoint, string>();

function keyOf(target: Endpoint): string {
  let key = endpointKeys.get(target);
  if (key === undefined) {
    key = `${target.family}/${target.ip}/${target.port}`;
    endpointKeys.set(target, key);
  }
  return key;
}
