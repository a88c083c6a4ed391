// A person's browser as the conformance command plays it: a cookie jar per origin, redirects never
// followed by fetch (the command follows them itself, so every step is seen), the element's own
// requests in server mode (same origin, `X-Account-Linker: 1`, JSON), top-level navigations, and a
// record of every answer the app gave (for the token scan).

/** One answer of the app: what the token scan reads (status line, headers, Set-Cookie, body). */
export interface Seen {
  what: string;
  text: string;
}

/** Cookies of one origin (`Max-Age=0` or a past `Expires` deletes; attributes are otherwise ignored). */
export class Jar {
  readonly #cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      if (at <= 0) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const gone = attributes.some((a) => /^\s*max-age\s*=\s*(0|-\d+)\s*$/i.test(a) || (/^\s*expires\s*=/i.test(a) && Date.parse(a.split('=')[1] ?? '') < Date.now()));
      if (gone) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  /** Adds `name=value; name2=value2` (a session obtained elsewhere). */
  add(header: string): void {
    for (const part of header.split(';')) {
      const at = part.indexOf('=');
      if (at > 0) this.#cookies.set(part.slice(0, at).trim(), part.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get size(): number {
    return this.#cookies.size;
  }
}

/** A request that could not be made (refused, timed out): reported as such, never as a crash. */
export class Unreachable extends Error {
  override name = 'Unreachable';
}

export interface Site {
  /** The app's origin. */
  app: string;
  /** `endpoint`, a path without a trailing slash. */
  endpoint: string;
  /** Per-request timeout, milliseconds. */
  timeout: number;
  /** Every answer of the app, from every browser of the run. */
  seen: Seen[];
}

/** Headers to send; `null` leaves a default header out. */
export type HeaderChanges = Record<string, string | null>;

export interface ElementInit {
  method?: string;
  /** Sent as JSON (a string is sent as it is). */
  body?: unknown;
  headers?: HeaderChanges;
}

/** What the tenant answered a decision with: a redirect to the app, or a form it posts there (`response_mode=form_post`). */
export interface Return {
  url: string;
  form?: Record<string, string>;
}

export class Browser {
  readonly jars = new Map<string, Jar>();

  constructor(readonly site: Site, readonly name: string) {}

  jar(origin: string): Jar {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Jar()));
    return jar;
  }

  /** One request with the cookies of its origin; redirects are not followed. Answers of the app are recorded. */
  async go(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
    const target = new URL(url);
    const jar = this.jar(target.origin);
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('Cookie', jar.header());
    const method = init.method ?? 'GET';
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.site.timeout),
        ...(init.body !== undefined ? { body: init.body } : {}),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new Unreachable(`${method} ${target.origin}${target.pathname}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
    }
    jar.take(response);
    if (target.origin === this.site.app) {
      const body = await response.clone().text();
      const head = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
      this.site.seen.push({ what: `${method} ${target.pathname} → ${response.status}`, text: `${response.status}\n${head}\n\n${body}` });
    }
    return response;
  }

  /** A request of the element in server mode: same origin, `X-Account-Linker: 1`, JSON; `headers` changes or drops defaults. */
  element(path: string, init: ElementInit = {}): Promise<Response> {
    const method = init.method ?? 'GET';
    const defaults: HeaderChanges = {
      'X-Account-Linker': '1',
      'Sec-Fetch-Site': 'same-origin',
      'Sec-Fetch-Mode': 'cors',
      ...(method !== 'GET' ? { Origin: this.site.app } : {}),
      ...(init.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      Accept: 'application/json',
    };
    const headers: Record<string, string> = {};
    const changes = Object.fromEntries(Object.entries(init.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
    for (const [name, value] of Object.entries(defaults)) {
      const changed = Object.hasOwn(changes, name.toLowerCase()) ? changes[name.toLowerCase()] : value;
      if (changed !== null && changed !== undefined) headers[name] = changed;
    }
    for (const [name, value] of Object.entries(init.headers ?? {})) {
      if (value !== null && !Object.keys(defaults).some((d) => d.toLowerCase() === name.toLowerCase())) headers[name] = value;
    }
    const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    return this.go(`${this.site.app}${this.site.endpoint}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  }

  /** A top-level navigation, as after a redirect from `from` (another site: the tenant). */
  navigate(url: string, from?: string): Promise<Response> {
    const site = from === undefined ? 'none' : new URL(from).origin === new URL(url).origin ? 'same-origin' : 'cross-site';
    return this.go(url, { headers: { 'Sec-Fetch-Site': site, 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document', Accept: 'text/html' } });
  }

  /** Arrives at the app with the tenant's answer: follows its redirect, or posts its form. */
  arrive(back: Return, tenant: string): Promise<Response> {
    if (!back.form) return this.navigate(back.url, tenant);
    return this.go(back.url, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: tenant,
        'Sec-Fetch-Site': 'cross-site',
        'Sec-Fetch-Mode': 'navigate',
        'Sec-Fetch-Dest': 'document',
      },
      body: new URLSearchParams(back.form).toString(),
    });
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
export const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, name: string) => ENTITIES[name]!);

/** The mock tenant's sign-in page has a transaction field and one button per identity it offers. */
export const isTenantPage = (html: string) => /name="tx" value="[^"]+"/.test(html);

/**
 * A person at the mock's /authorize page: picks `identity` as a person would (a button the page
 * offers) and returns where the tenant sends them back.
 */
export async function pickAtTenant(browser: Browser, authorize: string, identity: string): Promise<Return> {
  const page = await browser.go(authorize, { headers: { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', Accept: 'text/html' } });
  const html = await page.text();
  const tx = /name="tx" value="([^"]+)"/.exec(html)?.[1];
  if (page.status >= 300 && page.status < 400) {
    const location = page.headers.get('Location') ?? '';
    throw new Error(
      `the tenant's /authorize answered at once (${page.status} to ${location.split('?')[0]}) from the session it already had, without asking whom to sign in: is prompt=login missing?`,
    );
  }
  if (page.status !== 200 || !tx) {
    const why = /<p[^>]*>([^<]{1,200})<\/p>/.exec(html)?.[1];
    throw new Error(`the tenant's /authorize answered ${page.status} without its sign-in page${why ? ` (${unescapeHtml(why)})` : ''}`);
  }
  const offered = [...html.matchAll(/data-identity="([^"]+)"/g)].map((m) => unescapeHtml(m[1]!));
  if (!offered.includes(identity)) {
    throw new Error(`the tenant's page does not offer ${identity} (it offers ${offered.join(', ') || 'nothing'}); is the tenant the built-in demo one, reset since its last run?`);
  }
  const decision = await browser.go(new URL('/authorize/decision', authorize).href, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: new URL(authorize).origin, 'Sec-Fetch-Site': 'same-origin' },
    body: new URLSearchParams({ tx: unescapeHtml(tx), identity }).toString(),
  });
  if (decision.status >= 300 && decision.status < 400) {
    const location = decision.headers.get('Location');
    if (!location) throw new Error(`the tenant answered ${decision.status} without a Location`);
    return { url: new URL(location, authorize).href };
  }
  const text = await decision.text();
  const form = /<form method="post" action="([^"]+)">([\s\S]*?)<\/form>/i.exec(text);
  if (decision.status === 200 && form) {
    const fields = Object.fromEntries(
      [...form[2]!.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [unescapeHtml(m[1]!), unescapeHtml(m[2]!)]),
    );
    return { url: new URL(unescapeHtml(form[1]!), authorize).href, form: fields };
  }
  throw new Error(`the tenant answered the choice with ${decision.status}`);
}
