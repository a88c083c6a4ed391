/// <reference types="node" />
// What the server-mode example tests share: a person's browser played over HTTP (a cookie jar per
// origin, redirects followed by the test), the element's own requests (same origin,
// `X-Account-Linker: 1`, JSON), the tenant's sign-in page, and a scan of every answer the app gave
// for a token of the tenant or a client secret.
import assert from 'node:assert/strict';

export const ENDPOINT = '/account/identities';
/** The built-in tenant's applications' secrets (src/mock/seed.ts): never in an answer. */
export const SECRETS = ['regular-web-app-secret-not-for-production', 'm2m-secret-not-for-production'];

/** A browser's cookie jar for one origin (Max-Age=0 or a past Expires clears). */
export class Jar {
  #cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (gone) this.#cookies.delete(name!.trim());
      else this.#cookies.set(name!.trim(), value.join('='));
    }
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
  names(): string[] {
    return [...this.#cookies.keys()];
  }
}

export type Jars = Map<string, Jar>;

export interface Site {
  /** The app's origin. */
  base: string;
  /** The tenant's origin. */
  tenant: string;
  /** Every answer of the app (status, headers, body), for the token scan. */
  seen: Array<{ url: string; text: string }>;
}

/** A request with the cookies of its origin that never follows redirects. Answers of the app are recorded. */
export async function go(site: Site, jars: Jars, url: string, init: RequestInit = {}): Promise<Response> {
  const origin = new URL(url).origin;
  if (!jars.has(origin)) jars.set(origin, new Jar());
  const jar = jars.get(origin)!;
  const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), Cookie: jar.header() } });
  jar.take(response);
  if (origin === site.base) {
    const body = await response.clone().text();
    site.seen.push({ url, text: `${response.status}\n${[...response.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n\n${body}` });
  }
  return response;
}

/** What the element sends in server mode: same origin, the header, JSON. */
export function element(
  site: Site,
  jars: Jars,
  path: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Response> {
  const headers: Record<string, string> = { 'X-Account-Linker': '1', 'Sec-Fetch-Site': 'same-origin', ...init.headers };
  if (init.method && init.method !== 'GET') headers['Origin'] ??= site.base;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  return go(site, jars, `${site.base}${ENDPOINT}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
}

export function location(response: Response, from: string, status = 302): URL {
  assert.equal(response.status, status, `a ${status} from ${from}`);
  return new URL(response.headers.get('Location')!, from);
}

/** The tenant's sign-in page for `authorize`: picks `identity` (or cancels) and returns where the tenant redirects. */
export async function tenantSignIn(site: Site, jars: Jars, authorize: URL, identity: string | 'cancel'): Promise<URL> {
  assert.equal(authorize.origin, site.tenant);
  assert.equal(authorize.pathname, '/authorize');
  const page = await go(site, jars, authorize.href);
  const form = await page.text();
  assert.equal(page.status, 200, form);
  const tx = /name="tx" value="([^"]+)"/.exec(form)?.[1];
  assert.ok(tx, 'the tenant shows its sign-in page');
  const decision = await go(site, jars, `${site.tenant}/authorize/decision`, {
    method: 'POST',
    body: new URLSearchParams(identity === 'cancel' ? { tx, action: 'cancel' } : { tx, identity }),
  });
  return location(decision, `${site.tenant}/authorize/decision`);
}

/** `POST /link` → the server's /authorize URL → the tenant's page as `identity` → the linker's callback URL. */
export async function startLink(site: Site, jars: Jars, identity: string, body: Record<string, unknown> = {}): Promise<URL> {
  const started = await element(site, jars, '/link', { method: 'POST', body: { returnTo: '/account?tab=1', popup: false, ...body } });
  assert.equal(started.status, 200, await started.clone().text());
  const authorize = new URL(((await started.json()) as { url: string }).url);
  return tenantSignIn(site, jars, authorize, identity);
}

/** The tag's attributes as written (double-quoted values). */
export function tagAttributes(html: string): Record<string, string> {
  const tag = /<account-linker\s([^>]*)>/.exec(html)?.[1];
  assert.ok(tag, 'the page has the tag');
  return Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

export const ids = (identities: Array<{ provider: string; user_id: string | number }>) => identities.map((i) => `${i.provider}|${i.user_id}`);

/** What in `text` (URL-decoded) is a token of the tenant at `tenant`, or one of its client secrets. */
export function tokensIn(text: string, tenant: string): string[] {
  const found: string[] = [];
  const decoded = text.replace(/(%[0-9A-F]{2})+/gi, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
  for (const secret of SECRETS) if (decoded.includes(secret)) found.push('a client secret');
  // A JWT's payload or a JWE's header names the tenant (`iss`): ID tokens, access tokens, the M2M
  // token, the tenant's opaque tokens. An app's own encrypted session cookie does not.
  for (const [segment] of decoded.matchAll(/eyJ[A-Za-z0-9_-]{8,}/g)) {
    const json = Buffer.from(segment, 'base64url').toString('utf8');
    if (json.includes(tenant)) found.push(json.slice(0, 120));
  }
  return found;
}

/** Checks that the scan finds a real M2M token of the tenant and an opaque one (so a clean scan means something). */
export async function assertScanWorks(tenant: string): Promise<void> {
  const m2m = await fetch(`${tenant}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'account-linker-m2m', client_secret: SECRETS[1], audience: `${tenant}/api/v2/` }),
  });
  const { access_token: token } = (await m2m.json()) as { access_token: string };
  assert.equal(tokensIn(`x-header: ${encodeURIComponent(token)}`, tenant).length, 1, 'the payload of a JWT');
  const opaque = `${Buffer.from(JSON.stringify({ alg: 'dir', enc: 'A256GCM', iss: `${tenant}/` })).toString('base64url')}..abc.def.ghi`;
  assert.equal(tokensIn(`{"a":"${opaque}"}`, tenant).length, 1, 'the header of an opaque token');
}
