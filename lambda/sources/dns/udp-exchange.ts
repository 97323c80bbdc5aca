import type { Socket as UdpSocket } from 'node:dgram';
import type { AskedQuestion } from './classify.js';
import { unreachableReason } from './network-failure.js';
import { type Endpoint, type Exchange, inspect } from './wire-exchange.js';

/**
 * Unrelated or spoofed datagrams do not end the wait: the real answer may still come. If only bad
 * packets arrived by the deadline, the last one's defect is reported (MALFORMED, not TIMEOUT). A
 * socket error (refused, no route, bind failure) ends it at once: it is this resolver's outcome.
 */
export function exchangeOverUdp(
  target: Endpoint,
  query: Buffer,
  id: number,
  asked: AskedQuestion,
  deadline: number,
  io: { clock: () => number; createUdpSocket: (type: 'udp4' | 'udp6') => UdpSocket },
): Promise<Exchange> {
  return new Promise((resolve) => {
    let socket: UdpSocket | undefined;
    let lastDefect: string | undefined;
    let settled = false;
    const finish = (result: Exchange) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (socket) closeQuietly(socket);
      resolve(result);
    };
    const unreachable = (error: unknown) =>
      finish({ kind: 'unreachable', detail: unreachableReason(error, target.label) });
    const wait = Math.max(0, deadline - io.clock());
    const timer = setTimeout(
      () =>
        finish(
          lastDefect
            ? { kind: 'malformed', detail: lastDefect }
            : { kind: 'timeout', detail: `no response within ${Math.round(wait)} ms` },
        ),
      wait,
    );
    try {
      const udp = io.createUdpSocket(target.family === 6 ? 'udp6' : 'udp4');
      socket = udp;
      // Bind failures (the implicit bind in connect, or the factory's own) arrive here.
      udp.on('error', unreachable);
      udp.on('message', (message: Buffer) => {
        const result = inspect(message, id, asked);
        if (result.kind === 'packet' || result.kind === 'truncated') finish(result);
        else lastDefect = result.detail;
      });
      // A connected socket only accepts datagrams from the server and surfaces ICMP port-unreachable.
      // Node hands a failed connect (EACCES, ENETUNREACH, ...) to this callback and emits no 'error'
      // (@types/node declares it without arguments); sending on the unconnected socket would throw.
      udp.connect(target.port, target.ip, (error?: Error) => {
        if (error) return unreachable(error);
        if (settled) return;
        try {
          udp.send(query, (sendError) => {
            if (sendError) unreachable(sendError);
          });
        } catch (sendError) {
          unreachable(sendError);
        }
      });
    } catch (error) {
      unreachable(error);
    }
  });
}

function closeQuietly(socket: UdpSocket): void {
  socket.removeAllListeners('message');
  socket.removeAllListeners('error');
  socket.on('error', () => {});
  try {
    socket.close();
  } catch {
    // Closing a socket that failed to bind throws; there is nothing left to release.
  }
}
