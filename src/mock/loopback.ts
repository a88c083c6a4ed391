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

/**
 * A `Host` header that is a plain `name[:port]` (a DNS name, an IPv4 address or a bracketed IPv6
 * address): nothing else (no path, query, user info or spaces) may reach a URL built from it.
 */
export function isPlainHost(host: string | undefined | null): boolean {
  return /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?)(?::\d{1,5})?$/.test(host ?? '');
}

/** Where a request came from, as a network host (the middleware) saw it. */
export interface NetworkClient {
  /** The local address the connection arrived on. */
  localAddress: string | undefined;
  /** The `Host` header as sent. */
  host: string | undefined;
}

const clients = new WeakMap<Request, NetworkClient>();

/** Marks `request` as one that came over the network (the handlers then know who may use the controls). */
export function markNetworkRequest(request: Request, client: NetworkClient): Request {
  clients.set(request, client);
  return request;
}

/**
 * Whether a request may use the mock's controls by where it came from: in-process requests (msw in
 * Node, the service worker) may; a network request only on a loopback address with a loopback Host.
 */
export function fromThisMachine(request: Request): boolean {
  const client = clients.get(request);
  return client === undefined || (isLoopbackAddress(client.localAddress) && isLoopbackHost(client.host));
}
