import { createSocket, type Socket } from 'node:dgram';
import { decode, encode } from 'dns-packet';
import { pool } from './pool.js';

/** Answers with at least one A record, and everything else (timeouts, errors, empty answers). */
export interface FloorCount {
  answered: number;
  failed: number;
}

const TIMEOUT_MS = 2000;

function hostPort(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  return { host: address.slice(0, at), port: Number(address.slice(at + 1)) };
}

function isAnswer(message: Buffer): boolean {
  const packet = decode(message);
  return (packet.answers ?? []).some((a) => a.type === 'A');
}

/**
 * The resolver floor: the same queries with no Lookout code — one shared UDP socket, responses matched by
 * id, `concurrency` names at a time with every resolver asked at once per name.
 */
export async function floorSharedSocket(
  names: string[],
  resolvers: string[],
  concurrency: number,
): Promise<FloorCount> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const pending = new Map<number, (ok: boolean) => void>();
  socket.on('message', (message) => {
    const resolve = pending.get(message.readUInt16BE(0));
    if (resolve) resolve(isAnswer(message));
  });
  const targets = resolvers.map(hostPort);
  const count: FloorCount = { answered: 0, failed: 0 };
  let nextId = 0;
  const ask = (name: string, target: { host: string; port: number }) =>
    new Promise<boolean>((resolve) => {
      const id = nextId++ & 0xffff;
      const timer = setTimeout(() => done(false), TIMEOUT_MS);
      const done = (ok: boolean) => {
        clearTimeout(timer);
        pending.delete(id);
        resolve(ok);
      };
      pending.set(id, done);
      socket.send(encode({ type: 'query', id, questions: [{ type: 'A', name }] }), target.port, target.host);
    });
  try {
    await pool(names, concurrency, async (name) => {
      for (const ok of await Promise.all(targets.map((t) => ask(name, t))))
        ok ? count.answered++ : count.failed++;
    });
  } finally {
    socket.close();
  }
  return count;
}

/** As above but one fresh connected UDP socket per query — the socket pattern Lookout's wire client uses. */
export async function floorSocketPerQuery(
  names: string[],
  resolvers: string[],
  concurrency: number,
): Promise<FloorCount> {
  const targets = resolvers.map(hostPort);
  const count: FloorCount = { answered: 0, failed: 0 };
  await pool(names, concurrency, async (name) => {
    for (const ok of await Promise.all(targets.map((t) => askOnce(name, t))))
      ok ? count.answered++ : count.failed++;
  });
  return count;
}

function askOnce(name: string, target: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const socket: Socket = createSocket('udp4');
    const id = (Math.random() * 0x10000) | 0;
    let settled = false;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.removeAllListeners('message');
      socket.on('error', () => {});
      socket.close();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), TIMEOUT_MS);
    socket.on('error', () => done(false));
    socket.on('message', (message) => done(message.readUInt16BE(0) === id && isAnswer(message)));
    socket.connect(target.port, target.host, () => {
      socket.send(encode({ type: 'query', id, questions: [{ type: 'A', name }] }));
    });
  });
}
