// The two cookies of the server entry (the link transactions and the last outcome): HttpOnly,
// SameSite=Lax (the tenant's redirect back is a top-level GET, which carries them), scoped to the
// endpoint's path, Secure (and `__Secure-` named) when the app is served over https.
// The app's own cookies are never read or written, except that `user()` may read its session.

export interface CookieJar {
  /** The cookie's name as sent. */
  readonly name: string;
  read(request: Request): string | undefined;
  set(value: string, maxAgeSeconds: number): string;
  clear(): string;
}

export function readCookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('Cookie') ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) {
      const value = part.slice(at + 1).trim();
      return value === '' ? undefined : value;
    }
  }
  return undefined;
}

export function cookieJar(baseName: string, options: { path: string; secure: boolean }): CookieJar {
  const name = options.secure ? `__Secure-${baseName}` : baseName;
  const attributes = `Path=${options.path}; HttpOnly; SameSite=Lax${options.secure ? '; Secure' : ''}`;
  return {
    name,
    read: (request) => readCookie(request, name),
    // Sealed values are base64url after `v1.`: nothing to escape.
    set: (value, maxAge) => `${name}=${value}; Max-Age=${Math.max(0, Math.floor(maxAge))}; ${attributes}`,
    clear: () => `${name}=; Max-Age=0; ${attributes}`,
  };
}
