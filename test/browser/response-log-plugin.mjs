// A record of every response the test server sends (status, headers with each Set-Cookie, and the
// body as it went out), for the server mode's end-to-end test: "no token in any response the
// browser gets". It goes first in the test server's middleware and copies what is written to the
// socket, so it sees the pages, the files, the mock tenant's answers and account-linker/server's
// answers exactly as sent. A response is the browser's when its request came with a browser's
// User-Agent (`Mozilla/…`); the others are the server's own calls to the mock tenant at the same
// origin (openid-client, node-auth0), where the tokens are minted.
//
// Every token the mock hands out over HTTP (`access_token`, `id_token`, `refresh_token` of each
// /oauth/token answer) is collected for the whole run, recording or not, since a linker may keep
// an M2M token from before a test started.
//   await executeServerCommand('response-log-start')            clears the record and starts it
//   await executeServerCommand('response-log-scan', {needles})  → the report (see `scan`)
//   await executeServerCommand('response-log-stop')             stops recording and drops the record
import { tenant } from '../../src/mock/handlers.ts';

const TOKEN_FIELDS = ['access_token', 'id_token', 'refresh_token'];
const MAX_KEPT_BODY = 8 * 1024 * 1024;

const isBrowser = (userAgent) => /^Mozilla\/5\.0 /.test(userAgent ?? '');

function headerList(res) {
  const out = [];
  for (const [name, value] of Object.entries(res.getHeaders())) {
    for (const one of Array.isArray(value) ? value : [value]) out.push([name.toLowerCase(), String(one)]);
  }
  return out;
}

/** The parts of a JWT unique to it (payload, signature), besides the whole token. */
function needlesOf(token) {
  const out = [token];
  const parts = token.split('.');
  if (parts.length >= 3) for (const part of parts.slice(1)) if (part.length >= 16) out.push(part);
  return out;
}

/**
 * The test runner marks every response whose path has an extension `public, max-age=31536000` once
 * the middleware is done (@web/test-runner-core's cacheMiddleware), even a page that said
 * `no-store`, so a browser would reuse a demo page instead of asking for it again. The server mode
 * pages set the demo session cookie when they are served (`?user=bob` signs Bob in), which a
 * cached copy does not: a response's own `no-store` is kept.
 */
export function keepNoStore() {
  return async (ctx, next) => {
    const res = ctx.res;
    const { setHeader } = res;
    res.setHeader = function (name, value) {
      if (String(name).toLowerCase() === 'cache-control' && /no-store/i.test(String(res.getHeader('cache-control') ?? ''))) return res;
      return setHeader.call(this, name, value);
    };
    await next();
  };
}

export function responseLogPlugin() {
  let entries = [];
  let recording = false;
  /** Which record is running: each start begins a new one. */
  let run = 0;
  /** token → kind (`access_token`, …) and the record it was minted in (0: none). */
  const minted = new Map();

  const harvest = (body, during) => {
    try {
      const json = JSON.parse(body);
      for (const field of TOKEN_FIELDS) {
        // A token minted again (RS256 is deterministic: the same claims in the same second) counts for this record too.
        if (typeof json[field] === 'string') minted.set(json[field], { kind: field, run: during });
      }
    } catch {
      // not JSON: an error page
    }
  };

  const middleware = async (ctx, next) => {
    const tokenEndpoint = ctx.path === '/oauth/token';
    if (!recording && !tokenEndpoint) return next();
    const res = ctx.res;
    const chunks = [];
    let size = 0;
    const keep = (chunk, encoding) => {
      if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const bytes = Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, typeof encoding === 'string' ? encoding : 'utf8') : Buffer.from(chunk);
      size += bytes.length;
      if (size <= MAX_KEPT_BODY) chunks.push(bytes);
    };
    const { write, end } = res;
    res.write = function (chunk, ...rest) {
      keep(chunk, rest[0]);
      return write.call(this, chunk, ...rest);
    };
    res.end = function (chunk, ...rest) {
      keep(chunk, rest[0]);
      return end.call(this, chunk, ...rest);
    };
    const userAgent = ctx.get('User-Agent');
    const url = `${ctx.protocol}://${ctx.host}${ctx.originalUrl}`;
    const method = ctx.method;
    const during = recording ? run : 0;
    res.once('finish', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (tokenEndpoint) harvest(body, during);
      if (!during) return;
      entries.push({
        url,
        method,
        status: res.statusCode,
        headers: headerList(res),
        body,
        truncated: size > MAX_KEPT_BODY,
        agent: isBrowser(userAgent) ? 'browser' : 'server',
      });
    });
    await next();
  };

  /**
   * Scans every response the browser got since the start — its status line, every header (each
   * Set-Cookie, Location) and its body — for every token the mock minted in the run (whole, and the
   * payload and signature of a JWT), and for `needles` (the seed's tokens, the client secrets).
   */
  function scan(needles = []) {
    const tokens = [...minted.keys()];
    const search = [...new Set([...tokens.flatMap(needlesOf), ...needles.filter((n) => typeof n === 'string' && n.length >= 8)])];
    const leaks = [];
    const browser = entries.filter((entry) => entry.agent === 'browser');
    // The control: the server's own calls (the /oauth/token answers) do carry the tokens searched for.
    const controlHits = entries.filter((entry) => entry.agent === 'server' && search.some((needle) => entry.body.includes(needle))).length;
    for (const entry of browser) {
      const places = [['status', String(entry.status)], ...entry.headers.map(([name, value]) => [`header ${name}`, value]), ['body', entry.body]];
      for (const [where, text] of places) {
        for (const needle of search) if (text.includes(needle)) leaks.push({ url: entry.url, method: entry.method, where, needle: `${needle.slice(0, 10)}…` });
        if (/eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}/.test(text)) leaks.push({ url: entry.url, method: entry.method, where, needle: 'a JWT' });
      }
      const json = entry.headers.some(([name, value]) => name === 'content-type' && /json/.test(value));
      if (json && /"(access_token|id_token|refresh_token|access_token_secret)"\s*:/.test(entry.body)) {
        leaks.push({ url: entry.url, method: entry.method, where: 'body', needle: 'a token field' });
      }
    }
    const duringJourney = [...minted.values()].filter((token) => token.run === run);
    return {
      responses: entries.map(({ url, method, status, agent, headers, body, truncated }) => ({
        url,
        method,
        status,
        agent,
        truncated,
        bytes: body.length,
        setCookies: headers.filter(([name]) => name === 'set-cookie').map(([, value]) => value),
        location: headers.find(([name]) => name === 'location')?.[1] ?? null,
      })),
      leaks,
      controlHits,
      needles: search.length,
      minted: {
        total: tokens.length,
        duringJourney: duringJourney.length,
        accessTokensDuringJourney: duringJourney.filter((token) => token.kind === 'access_token').length,
        idTokensDuringJourney: duringJourney.filter((token) => token.kind === 'id_token').length,
      },
      // What the tenant itself counts: access tokens issued since its last reset.
      tenantAccessTokens: tenant.pending().accessTokens,
    };
  }

  const plugin = {
    name: 'response-log',
    async executeCommand({ command, payload }) {
      if (command === 'response-log-start') {
        entries = [];
        recording = true;
        run += 1;
        return true;
      }
      if (command === 'response-log-scan') return scan(payload?.needles);
      if (command === 'response-log-stop') {
        // The bodies of every later test file would pile up otherwise.
        recording = false;
        entries = [];
        return true;
      }
      return undefined;
    },
  };
  return { middleware, plugin };
}
