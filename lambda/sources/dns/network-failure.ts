/**
 * Why a query never reached a resolver, in one line an operator can act on. The OS code stays in the
 * text so the line can be searched for; the words say what it means for this resolver.
 *
 * @example
 * unreachableReason(Object.assign(new Error(), { code: 'ECONNREFUSED' }), '127.0.0.1:1');
 * // 'connection refused by 127.0.0.1:1 (ECONNREFUSED: nothing listens on that port)'
 */
export function unreachableReason(error: unknown, endpoint: string): string {
  const code = errorCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `connection refused by ${endpoint} (ECONNREFUSED: nothing listens on that port)`;
    case 'ENETUNREACH':
      return `network unreachable: no route to ${endpoint} (ENETUNREACH)`;
    case 'EHOSTUNREACH':
      return `host unreachable: no route to ${endpoint} (EHOSTUNREACH)`;
    // Linux refuses a datagram to a broadcast address without SO_BROADCAST: no resolver lives there.
    case 'EACCES':
    case 'EPERM':
      return `network unreachable: the OS will not send to ${endpoint} (${code}: a broadcast address or a firewall rule)`;
    case 'EADDRNOTAVAIL':
      return `network unreachable: no local address can send to ${endpoint} (EADDRNOTAVAIL)`;
    case 'EAFNOSUPPORT':
      return `network unreachable: this machine cannot open a socket for ${endpoint} (EAFNOSUPPORT)`;
    case 'ECONNRESET':
      return `connection reset by ${endpoint} (ECONNRESET)`;
    default:
      return `cannot reach ${endpoint}: ${describe(error)}`;
  }
}

/** Why the resolver's own host name gave no address to send to. */
export function lookupFailureReason(error: unknown, host: string): string {
  const code = errorCode(error);
  const meaning =
    code === 'ENOTFOUND'
      ? 'no such name (ENOTFOUND)'
      : code === 'EAI_AGAIN'
        ? 'the lookup failed for now (EAI_AGAIN)'
        : describe(error);
  return `cannot resolve resolver host ${host}: ${meaning}`;
}

export function lookupTimeoutReason(host: string, waitedMs: number): string {
  return `cannot resolve resolver host ${host}: no answer within ${Math.round(waitedMs)} ms`;
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describe(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (!code) return message;
  return message.includes(code) ? message : `${code}: ${message}`;
}
