// A record of the requests a test page (its frames and popups included) makes, the same in every
// engine, so end-to-end tests can check what was sent and prove that nothing leaves loopback. It
// is kept on the server side, where the browser cannot hide anything:
//   - every request the test server answers (the pages, the mock tenant at the page's origin):
//     `via: 'server'`, with the method, the request headers and the body;
//   - every request the browser tries to send anywhere else: each engine is launched with this
//     plugin's HTTP proxy (loopback goes direct), which records it, `via: 'proxy'`, and refuses it,
//     so it never leaves the machine (an https request shows only as `https://host:port/`).
// The engines' own services (updates, sign-in, remote settings: ENGINE_SERVICES) are refused too,
// but not recorded: the browser asks them whatever the page does, and no page of ours has any
// business there. Requests that a service worker (the msw mock) answers reach neither: the tests see those from the
// mock's side (msw's events). Each entry: `url`, `method`, `headers` (lower-case keys), `postData`
// (the body as text, or null), `via`.
//   await executeServerCommand('request-log-start')   clears the record and starts recording
//   await executeServerCommand('request-log-read')    → the entries since the start
// One record for the whole run: the runner runs one test file at a time (concurrency 1, one
// engine after the other), which web-test-runner.config.mjs keeps.
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { Readable } from 'node:stream';

const MAX_LOGGED_BODY = 1024 * 1024;

/** Hosts the engines call on their own: Chromium's updates, time and sign-in; Firefox's services. */
const ENGINE_SERVICES = [
  /^accounts\.google\.com$/,
  /^clients\d*\.google\.com$/,
  /^(update|optimizationguide-pa|content-autofill|safebrowsing|safebrowsingohttpgateway)\.googleapis\.com$/,
  /(^|\.)gvt1\.com$/,
  /(^|\.)(mozilla\.(com|net|org)|firefox\.com|mozaws\.net)$/,
  /^dummy\.test$/, // puppeteer points Firefox's background services here
];

function lowerCaseKeys(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers ?? {})) out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  return out;
}

/** `localhost`, `*.localhost`, 127.x.x.x, ::1 (with or without brackets). */
function isLoopbackName(hostname) {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}

async function readAll(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The request as downstream middleware sees it, its body read here once and replayed. */
function replaying(req, body) {
  return new Proxy(req, {
    get(target, property) {
      if (property === Symbol.asyncIterator) return () => Readable.from(body.length ? [body] : [])[Symbol.asyncIterator]();
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/**
 * Starts the proxy; resolves with `{ proxy, middleware, plugin }`: `proxy` is its `host:port` for the
 * browsers, `middleware` goes first in the test server's middleware, `plugin` answers the commands.
 */
export async function requestLogPlugin() {
  let entries = [];
  let recording = false;
  const record = (entry) => {
    const service = entry.via === 'proxy' && ENGINE_SERVICES.some((host) => host.test(new URL(entry.url).hostname));
    if (process.env.REQUEST_LOG_DEBUG && entry.via === 'proxy') {
      process.stderr.write(`request-log: refused ${entry.method} ${entry.url}${service ? " (the engine's own service: not recorded)" : ''}\n`);
    }
    if (recording && !service) entries.push(entry);
  };

  const middleware = async (ctx, next) => {
    if (!recording) return next();
    const entry = {
      url: `${ctx.protocol}://${ctx.host}${ctx.originalUrl}`,
      method: ctx.method,
      headers: lowerCaseKeys(ctx.req.headers),
      postData: null,
      via: 'server',
    };
    record(entry);
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD' && (ctx.get('content-length') || ctx.get('transfer-encoding'))) {
      const body = await readAll(ctx.req);
      if (body.length > 0 && body.length <= MAX_LOGGED_BODY) entry.postData = body.toString('utf8');
      ctx.req = replaying(ctx.req, body);
    }
    return next();
  };

  // The proxy: records and refuses whatever would leave the machine; forwards loopback (an engine
  // that sends loopback through its proxy still reaches the test server).
  const proxy = createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!isLoopbackName(url.hostname)) {
      record({ url: url.href, method: req.method, headers: lowerCaseKeys(req.headers), postData: null, via: 'proxy' });
      res.writeHead(403, { 'content-type': 'text/plain' }).end('Refused by the test proxy: only loopback is reachable in tests.');
      req.resume();
      return;
    }
    const upstream = httpRequest(url, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.headersSent ? res.destroy() : res.writeHead(502).end());
    req.pipe(upstream);
  });
  proxy.on('connect', (req, socket, head) => {
    const [hostname, port = '443'] = req.url.startsWith('[') ? [req.url.slice(0, req.url.indexOf(']') + 1), req.url.split(']:')[1]] : req.url.split(':');
    socket.on('error', () => undefined);
    if (!isLoopbackName(hostname)) {
      record({ url: `https://${req.url}/`, method: 'CONNECT', headers: lowerCaseKeys(req.headers), postData: null, via: 'proxy' });
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upstream = connect(Number(port), hostname.replace(/^\[|\]$/g, ''), () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
  });
  await new Promise((resolve, reject) => {
    proxy.once('error', reject);
    proxy.listen(0, '127.0.0.1', resolve);
  });
  proxy.unref();

  const plugin = {
    name: 'request-log',
    async executeCommand({ command }) {
      if (command === 'request-log-start') {
        entries = [];
        recording = true;
        return true;
      }
      if (command === 'request-log-read') return entries;
      return undefined;
    },
    async serverStop() {
      proxy.closeAllConnections?.();
      await new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
  return { proxy: `127.0.0.1:${proxy.address().port}`, middleware, plugin };
}
