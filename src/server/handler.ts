// The Fetch-API handler: the routes of the contract's "Server mode" table under `endpoint`, and
// `null` for any other path. Before any route: the method, the CSRF rule (csrf.ts) and the
// signed-in user (401 `missing-token` without one). Every answer is JSON `{…}` or `{code, message}`
// except the callback's (a redirect, the popup page, or a short failure page). No token of any
// kind is ever put in an answer: identities go through present.ts, the tokens of the second
// sign-in end in oidc.ts, and the cookies hold only sealed transactions and outcomes.
import { isCrossSiteRead, isSameOriginWrite } from './csrf.js';
import { LinkerError, unexpected } from './errors.js';
import { identityRoutes } from './identities.js';
import { linkFlow } from './link-flow.js';
import type { Management } from './management.js';
import type { Oidc } from './oidc.js';
import type { ResolvedOptions } from './options.js';
import { failurePage } from './pages.js';
import { asLinkerError, errorResponse } from './responses.js';
import { suggestionCache } from './suggestion-cache.js';

type FixedName = 'list' | 'link' | 'callback' | 'result' | 'suggestions';

type Route =
  | { name: FixedName; method: string }
  | { name: 'unlink'; method: 'DELETE'; provider: string; userId: string }
  | { name: 'bad-path'; method: 'DELETE' };

/** The routes by the path after `endpoint`; `/identities/{provider}/{user_id}` is parsed apart. */
const ROUTES: Record<string, { name: FixedName; method: string }> = {
  '': { method: 'GET', name: 'list' },
  '/link': { method: 'POST', name: 'link' },
  '/callback': { method: 'GET', name: 'callback' },
  '/result': { method: 'GET', name: 'result' },
  '/suggestions': { method: 'GET', name: 'suggestions' },
};

export interface Handler {
  /** Whether `pathname` is one of the handler's own paths (what the adapters check before reading a body). */
  owns(pathname: string): boolean;
  fetch(request: Request, native?: unknown): Promise<Response | null>;
}

export function createHandler(options: ResolvedOptions, services: { oidc: Oidc; management: Management }): Handler {
  const { endpoint, appOrigin } = options;
  // One cache for the routes that read suggestions and the ones that change what they would be.
  const suggestions = suggestionCache(options.now);
  const identities = identityRoutes(services.management, { endpoint, cache: suggestions });
  const link = linkFlow(options, { ...services, suggestions });

  function route(pathname: string): Route | undefined {
    if (pathname !== endpoint && !pathname.startsWith(`${endpoint}/`)) return undefined;
    const rest = pathname.slice(endpoint.length);
    const fixed = Object.hasOwn(ROUTES, rest) ? ROUTES[rest] : undefined;
    if (fixed) return fixed;
    if (!rest.startsWith('/identities/')) return undefined;
    const segments = rest.slice('/identities/'.length).split('/');
    if (segments.length !== 2 || !segments[0] || !segments[1]) return { name: 'bad-path', method: 'DELETE' };
    try {
      return { name: 'unlink', method: 'DELETE', provider: decodeURIComponent(segments[0]), userId: decodeURIComponent(segments[1]) };
    } catch {
      return { name: 'bad-path', method: 'DELETE' };
    }
  }

  async function dispatch(request: Request, found: Route, native: unknown): Promise<Response> {
    const method = request.method.toUpperCase();
    if (method !== found.method) {
      return errorResponse(new LinkerError('bad-request', `Use ${found.method} here.`, { status: 405 }), { Allow: found.method });
    }
    const crossSite = method === 'GET' ? found.name !== 'callback' && isCrossSiteRead(request, appOrigin) : !isSameOriginWrite(request, appOrigin);
    if (crossSite) return errorResponse(new LinkerError('csrf', 'The request was refused as cross-site.'));
    let userId: string | null | undefined;
    try {
      userId = await options.user(request, native);
    } catch {
      return errorResponse(unexpected());
    }
    if (typeof userId !== 'string' || userId === '') {
      const signedOut = new LinkerError('missing-token', 'You are not signed in; sign in again.');
      return found.name === 'callback'
        ? failurePage(401, signedOut.code, 'You are not signed in any more, so nothing was linked. Sign in again and start again.', appOrigin)
        : errorResponse(signedOut);
    }
    try {
      switch (found.name) {
        case 'list':
          return await identities.list(userId);
        case 'suggestions':
          return await identities.suggestions(userId);
        case 'unlink':
          return await identities.unlink(userId, found.provider, found.userId);
        case 'link':
          return await link.start(request, userId);
        case 'callback':
          return await link.callback(request, userId);
        case 'result':
          return await link.result(request, userId);
        case 'bad-path':
          return errorResponse(new LinkerError('bad-request', 'Use DELETE {endpoint}/identities/{provider}/{user_id}.'));
      }
    } catch (error) {
      return errorResponse(asLinkerError(error));
    }
  }

  return {
    owns: (pathname) => route(pathname) !== undefined,
    async fetch(request, native) {
      let pathname: string;
      try {
        pathname = new URL(request.url).pathname;
      } catch {
        return null;
      }
      const found = route(pathname);
      if (!found) return null;
      try {
        return await dispatch(request, found, native);
      } catch {
        return errorResponse(unexpected());
      }
    },
  };
}
