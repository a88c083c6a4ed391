/// <reference types="node" />
// The app the conformance command is run against in the tests: Express 5 signing its users in at
// the stand-alone mock (express-openid-connect, a Regular Web App with its secret, as
// examples/express does) and mounting account-linker/server's linker.express() under
// /account/identities. `breakGuard` wraps the handler so that one guard is gone — from the
// outside, src/server untouched — as a server in another language might have forgotten it.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import openid from 'express-openid-connect';
import { accountLinker } from '../../../src/server/index.js';

export const ENDPOINT = '/account/identities';

/**
 * The guard a test removes:
 * - `csrf`: every POST/DELETE looks same-origin with the header (the CSRF check never refuses);
 * - `return-to`: a returnTo that is not an app path is replaced by one before the check sees it;
 * - `signed-out`: the app's user() answers a default user when nobody is signed in;
 * - `session-binding`: transactions kept in one place for all browsers (not bound to the session);
 * - `token-leak`: the app's own ID token of its sign-in is put in a debugging header;
 * - `result-reuse`: the result cookie is not cleared when /result is read;
 * - `idp-tokens`: the list keeps an IdP token in an identity;
 * - `link-url`: the /authorize URL is sent without `prompt=login` and `max_age=0`;
 * - `return-says-more`: the callback's redirect says the outcome in the URL;
 * - `primary`: a DELETE of the primary identity is answered 200 (as if the check were missing);
 * - `foreign`: a DELETE of another user's database login is answered 200 (no check against the list);
 * - `suggestions`: the suggestions hold the user's own primary identity;
 * - `suggestions-unverified`: they hold the impostor's account with the user's email unverified
 *   (a server that forgot to check `email_verified` on the others);
 * - `suggestions-missing`: they are always empty (a server that compares emails wrongly);
 * - `suggestions-token`: a suggestion keeps an IdP token;
 * - `suggestions-stale`: the first answer is replayed for ever (a cache a link does not drop);
 * - `unverified-email`: set by the test through `tenantFor` (the linker's tenant is a proxy that
 *   says every email is verified).
 */
export type Guard =
  | 'none'
  | 'csrf'
  | 'return-to'
  | 'signed-out'
  | 'session-binding'
  | 'token-leak'
  | 'result-reuse'
  | 'idp-tokens'
  | 'link-url'
  | 'return-says-more'
  | 'primary'
  | 'foreign'
  | 'suggestions'
  | 'suggestions-unverified'
  | 'suggestions-missing'
  | 'suggestions-token'
  | 'suggestions-stale';

export interface TestApp {
  base: string;
  breakGuard(guard: Guard): void;
  /** How many sign-ins came back to the app's /callback by a POSTed form. */
  formPosts(): number;
  close(): Promise<void>;
}

const { auth } = openid as unknown as { auth: (config: Record<string, unknown>) => express.RequestHandler };

/**
 * `tenant`: where the app signs in; `linkerTenant`: where the linker goes (default the same);
 * `responseMode`: how the tenant answers the app's own sign-in (`form_post`: as ASP.NET Core asks).
 */
export async function startApp(tenant: string, linkerTenant = tenant, responseMode: 'query' | 'form_post' = 'query'): Promise<TestApp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let guard: Guard = 'none';
  /** `session-binding`: the last transaction cookie any browser was given. */
  let sharedTransaction: string | undefined;
  /** `suggestions-stale`: the first /suggestions body answered. */
  let staleSuggestions: unknown[] | undefined;

  const app = express();
  let formPosts = 0;
  app.use((req, _res, next) => {
    if (req.method === 'POST' && req.path === '/callback') formPosts++;
    next();
  });
  app.use(
    auth({
      issuerBaseURL: tenant,
      baseURL: base,
      clientID: 'account-linker-regular',
      clientSecret: 'regular-web-app-secret-not-for-production',
      clientAuthMethod: 'client_secret_post',
      secret: 'a-session-secret-for-the-conformance-test',
      authRequired: false,
      authorizationParams: { response_type: 'code', response_mode: responseMode, scope: 'openid profile email' },
    }),
  );
  const linker = accountLinker({
    domain: linkerTenant,
    clientId: 'account-linker-regular',
    clientSecret: 'regular-web-app-secret-not-for-production',
    management: { clientId: 'account-linker-m2m', clientSecret: 'm2m-secret-not-for-production', maxRetries: 0 },
    baseURL: base,
    endpoint: ENDPOINT,
    secret: 'a-linker-secret-for-the-conformance-test-32+',
    user: (_request, native) => {
      const sub = (native as { oidc?: { user?: { sub?: string } } }).oidc?.user?.sub;
      return sub ?? (guard === 'signed-out' ? 'auth0|alice0001' : null);
    },
  });

  // The guard removed, around the handler.
  app.use(ENDPOINT, express.json(), (req: Request, res: Response, next: NextFunction) => {
    if (guard === 'csrf' && req.method !== 'GET') {
      req.headers['x-account-linker'] = '1';
      req.headers.origin = base;
      req.headers['sec-fetch-site'] = 'same-origin';
    }
    if (guard === 'return-to' && req.path === '/link' && typeof req.body?.returnTo === 'string' && !/^\/(?![/\\])/.test(req.body.returnTo)) {
      req.body.returnTo = '/account';
    }
    if (guard === 'session-binding') {
      const path = req.path; // under the mount; Express restores the full URL before the linker runs
      if (path === '/callback' && sharedTransaction && !/account_linker_tx/.test(req.headers.cookie ?? '')) {
        req.headers.cookie = [req.headers.cookie, sharedTransaction].filter(Boolean).join('; ');
      }
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name: string, value: number | string | readonly string[]) => {
        if (name.toLowerCase() === 'set-cookie') {
          const tx = [value].flat().map(String).find((cookie) => /account_linker_tx=[^;]/.test(cookie));
          if (tx && path === '/link') sharedTransaction = tx.split(';')[0];
        }
        return setHeader(name, value);
      };
    }
    if (guard === 'result-reuse' || guard === 'return-says-more') {
      const path = req.path;
      const setHeader = res.setHeader.bind(res);
      res.setHeader = (name: string, value: number | string | readonly string[]) => {
        if (guard === 'result-reuse' && path === '/result' && name.toLowerCase() === 'set-cookie') {
          const kept = [value].flat().map(String).filter((cookie) => !/account_linker_result=/.test(cookie));
          return kept.length ? setHeader(name, kept) : res;
        }
        if (guard === 'return-says-more' && path === '/callback' && name.toLowerCase() === 'location') return setHeader(name, `${String(value)}&outcome=ok`);
        return setHeader(name, value);
      };
    }
    if (guard === 'idp-tokens' || guard === 'link-url' || guard.startsWith('suggestions')) {
      const path = req.path;
      const end = res.end.bind(res) as (chunk?: unknown) => Response;
      (res as unknown as { end(chunk?: Uint8Array): Response }).end = (chunk?: Uint8Array) => {
        const routes: Partial<Record<Guard, string>> = { 'idp-tokens': '/', 'link-url': '/link' };
        const route = routes[guard] ?? '/suggestions';
        if (!chunk || res.statusCode !== 200 || path !== route) return end(chunk);
        const body = JSON.parse(Buffer.from(chunk).toString('utf8')) as { identities?: Array<Record<string, unknown>>; url?: string; suggestions?: unknown[] };
        if (guard === 'suggestions') body.suggestions = [...(body.suggestions ?? []), { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication', isSocial: false }];
        if (guard === 'suggestions-unverified') body.suggestions = [...(body.suggestions ?? []), { provider: 'oauth2', user_id: 'forum|6666', connection: 'forum', isSocial: true }];
        if (guard === 'suggestions-missing') body.suggestions = [];
        if (guard === 'suggestions-token' && body.suggestions?.[0]) body.suggestions[0] = { ...(body.suggestions[0] as object), access_token: 'idp-token-kept-by-mistake' };
        if (guard === 'suggestions-stale') body.suggestions = staleSuggestions ??= body.suggestions;
        if (guard === 'idp-tokens' && body.identities?.[1]) body.identities[1] = { ...body.identities[1], access_token: 'idp-token-kept-by-mistake' };
        if (guard === 'link-url' && body.url) {
          const url = new URL(body.url);
          url.searchParams.delete('prompt');
          url.searchParams.delete('max_age');
          body.url = url.href;
        }
        return end(Buffer.from(JSON.stringify(body)));
      };
    }
    if (guard === 'primary' && req.method === 'DELETE') {
      const sub = (req as unknown as { oidc?: { user?: { sub?: string } } }).oidc?.user?.sub;
      const [, , provider, id] = req.path.split('/').map(decodeURIComponent);
      if (sub && `${provider}|${id}` === sub) return void res.json({ user_id: sub, identities: [] });
    }
    if (guard === 'foreign' && req.method === 'DELETE') {
      const sub = (req as unknown as { oidc?: { user?: { sub?: string } } }).oidc?.user?.sub;
      const [, , provider, id] = req.path.split('/').map(decodeURIComponent);
      if (sub && provider === 'auth0' && `${provider}|${id}` !== sub) return void res.json({ user_id: sub, identities: [] });
    }
    if (guard === 'token-leak') {
      const idToken = (req as unknown as { oidc?: { idToken?: string } }).oidc?.idToken;
      if (idToken) res.setHeader('X-Debug-Id-Token', idToken);
    }
    next();
  });
  app.use(linker.express());
  // The page the journeys return to and the sign-in starts at.
  app.get('/account', (req, res) => {
    const oidc = (req as unknown as { oidc: { isAuthenticated(): boolean; user?: { sub?: string } } }).oidc;
    if (!oidc.isAuthenticated()) return void (res as unknown as { oidc: { login(o: object): void } }).oidc.login({ returnTo: '/account' });
    res.type('html').send(`<!doctype html><title>Account</title><p>${oidc.user?.sub ?? ''}</p><account-linker mode="server" endpoint="${ENDPOINT}"></account-linker>`);
  });
  server.on('request', app);
  return {
    base,
    breakGuard(next) {
      guard = next;
      sharedTransaction = undefined;
      staleSuggestions = undefined;
    },
    formPosts: () => formPosts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
