import type { Socket as TcpSocket } from 'node:net';
import type { AskedQuestion } from './classify.js';
import { unreachableReason } from './network-failure.js';
import { type Endpoint, type Exchange, inspect } from './wire-exchange.js';

/** Every failure, from connect to write, settles as an outcome; nothing is thrown past the socket. */
export function exchangeOverTcp(
  target: Endpoint,
  query: Buffer,
  id: number,
  asked: AskedQuestion,
  deadline: number,
  io: { clock: () => number; connectTcp: (options: { host: string; port: number }) => TcpSocket },
): Promise<Exchange> {
  return new Promise((resolve) => {
    let socket: TcpSocket | undefined;
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (result: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (socket) {
        socket.removeAllListeners('data');
        socket.on('error', () => {});
        socket.destroy();
      }
      resolve(result);
    };
    const unreachable = (error: unknown) =>
      finish({ kind: 'unreachable', detail: unreachableReason(error, target.label) });
    const wait = Math.max(0, deadline - io.clock());
    const timer = setTimeout(
      () => finish({ kind: 'timeout', detail: `no TCP response within ${Math.round(wait)} ms` }),
      wait,
    );
    try {
      const tcp = io.connectTcp({ host: target.ip, port: target.port });
      socket = tcp;
      // Connect and write errors (ECONNREFUSED, ENETUNREACH, ECONNRESET, EPIPE, ...) are all emitted here.
      tcp.on('error', unreachable);
      tcp.on('connect', () => {
        if (!settled) tcp.write(query);
      });
      tcp.on('data', (chunk: Buffer) => {
        received = Buffer.concat([received, chunk]);
        if (received.length < 2) return;
        const length = received.readUInt16BE(0);
        if (received.length < 2 + length) return;
        // On an established TCP connection a wrong answer is not spoofing: no point waiting.
        finish(inspect(received.subarray(2, 2 + length), id, asked));
      });
      tcp.on('close', () =>
        finish(
          received.length > 0
            ? { kind: 'malformed', detail: `TCP response truncated after ${received.length} bytes` }
            : { kind: 'timeout', detail: 'TCP connection closed without a response' },
        ),
      );
    } catch (error) {
      unreachable(error);
    }
  });
}
