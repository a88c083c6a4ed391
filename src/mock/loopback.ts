// Whether a request was made on this machine, for the mock's controls (reset, settings, faults),
// which are unauthenticated. Both the address the connection arrived on and the Host header must
// be loopback: the address keeps the LAN out when a server listens on every interface, the Host
// name keeps out a page whose own name was rebound to 127.0.0.1 (DNS rebinding).

/** 127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6 (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined | null): boolean {
  if (!address) return false;
  const ip = address.toLowerCase().replace(/^\[|\]$/g, '').replace(/^::ffff:/, '');
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

/** A Host header (`name[:port]`) naming this machine: `localhost`, a 127.x address or `[::1]`. */
export function isLoopbackHost(host: string | undefined | null): boolean {
  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::\d{1,5})?$/.exec(host ?? '');
  if (!match) return false;
  const name = match[1]!.toLowerCase();
  return name === 'localhost' || isLoopbackAddress(name);
}
