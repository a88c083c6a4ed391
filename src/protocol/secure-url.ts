// Which URLs the element may talk to: https anywhere, plain http only on this machine (the mock).

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: the only hosts allowed over plain http. */
export function isLoopback(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127(?:\.\d{1,3}){3}$/.test(host)
  );
}

/** https anywhere, http only on loopback. */
export function isSecureUrl(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
}
