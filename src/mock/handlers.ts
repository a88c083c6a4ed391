// msw handlers that stand in for an Auth0 tenant, composed from the route tables in routes/. Routes
// match the exact pathname on ANY origin: the tenant is https://tenant.example.com under the
// service worker and http://localhost:PORT behind the dev server. The paths the middleware lets
// through (MOCK_PATHS, isMockPath, CONTROL_PATHS) are read from the same tables.
import { http, HttpResponse, type HttpCustomPredicate, type PathParams, type RequestHandler } from 'msw';
import { fromThisMachine } from './loopback.js';
import { REFERRER_POLICY, faultResponse, oauthError, preflight, withCors } from './responses.js';
import { authorizeRoutes } from './routes/authorize.js';
import { avatarRoutes } from './routes/avatar.js';
import { controlRoutes } from './routes/controls.js';
import { discoveryRoutes } from './routes/discovery.js';
import { legacyRoutes } from './routes/legacy.js';
import { logoutRoutes } from './routes/logout.js';
import { managementRoutes } from './routes/management.js';
import type { Route, RouteContext } from './routes/route.js';
import { tokenRoutes } from './routes/token.js';
import { userinfoRoutes } from './routes/userinfo.js';
import { createTenant, type Tenant } from './store.js';

/** Every route of the mock, in the order msw tries them. */
const ROUTES: readonly Route[] = [
  ...authorizeRoutes,
  ...tokenRoutes,
  ...userinfoRoutes,
  ...legacyRoutes,
  ...managementRoutes,
  ...logoutRoutes,
  ...discoveryRoutes,
  ...avatarRoutes,
  ...controlRoutes,
];

const isParameterised = (path: string) => path.includes('/:');
const unique = (paths: string[]) => [...new Set(paths)];

/** Exact paths the mock answers (its parameterised paths are matched by prefix: see isMockPath). */
export const MOCK_PATHS: readonly string[] = Object.freeze(unique(ROUTES.map((r) => r.path).filter((p) => !isParameterised(p))));
/** The mock's own controls: never answered by an injected fault, so a test can always recover. */
export const CONTROL_PATHS: readonly string[] = Object.freeze(unique(ROUTES.filter((r) => r.control).map((r) => r.path)));
/** Prefixes of the parameterised paths: what comes before their first parameter. */
const MOCK_PREFIXES = unique(ROUTES.map((r) => r.path).filter(isParameterised).map((p) => p.slice(0, p.indexOf('/:') + 1)));

export const isMockPath = (pathname: string) =>
  MOCK_PATHS.includes(pathname) || MOCK_PREFIXES.some((p) => pathname.startsWith(p));

export function createHandlers(tenant: Tenant): RequestHandler[] {
  const context: RouteContext = { tenant };

  /** A pending fault for this request answers instead of the route (never for the controls). */
  const faulted = (request: Request): Response | undefined => {
    const { pathname } = new URL(request.url);
    if (CONTROL_PATHS.includes(pathname)) return undefined;
    const fault = tenant.takeFault(request.method, pathname);
    return fault && faultResponse(fault, pathname, tenant.now());
  };

  const finish = (response: Response) => {
    response.headers.set('Referrer-Policy', REFERRER_POLICY);
    return response;
  };

  // One OPTIONS handler per path, however many methods it has.
  const paths = [...new Map(ROUTES.map((r) => [r.path, r])).values()];
  return [
    ...ROUTES.map(({ method, path, resolve, control }) =>
      http[method](exactPath(path), async ({ request, params }) => {
        if (control) {
          // The controls: same origin only, and no CORS (a cross-origin page cannot reset the tenant).
          return finish(controlProblem(request) ?? (await resolve(request, params, context)));
        }
        return finish(withCors(faulted(request) ?? (await resolve(request, params, context)), request, tenant.isAllowedOrigin));
      }),
    ),
    ...paths.map(({ path, control }) =>
      http.options(exactPath(path), ({ request }) => {
        if (control) {
          return finish(controlProblem(request) ?? new HttpResponse(null, { status: 204 }));
        }
        const fault = faulted(request);
        return finish(fault ? withCors(fault, request, tenant.isAllowedOrigin) : preflight(request, tenant.isAllowedOrigin));
      }),
    ),
  ];
}

/**
 * A predicate matching exactly `pattern`'s pathname (`:name` segments are parameters, handed over
 * URL-decoded), on any origin: `/api/v2/users/x/unlink` is not `/unlink`.
 */
function exactPath(pattern: string): HttpCustomPredicate<PathParams> {
  const parts = pattern.split('/');
  return ({ request }) => {
    const segments = new URL(request.url).pathname.split('/');
    const params: Record<string, string> = {};
    const no = { matches: false, params };
    if (segments.length !== parts.length) return no;
    for (const [index, part] of parts.entries()) {
      const segment = segments[index]!;
      if (!part.startsWith(':')) {
        if (segment !== part) return no;
        continue;
      }
      if (!segment) return no;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return no;
      }
    }
    return { matches: true, params };
  };
}

/** A request another origin made (a browser sends `Origin`: a page elsewhere, or `null`). */
function crossOrigin(request: Request): boolean {
  const origin = request.headers.get('Origin');
  return origin !== null && origin !== new URL(request.url).origin;
}

/**
 * Why the controls refuse `request`, if they do. Checked here, whatever the host did before: a page
 * of another origin (`Origin` not the request's own, `null` included), or a network request that
 * did not arrive on a loopback address with a loopback Host (with or without `Origin`).
 */
function controlProblem(request: Request): Response | undefined {
  if (crossOrigin(request)) return oauthError(403, 'access_denied', 'The mock controls answer requests from their own origin only.');
  if (!fromThisMachine(request)) {
    return oauthError(403, 'access_denied', 'The mock controls answer on a loopback address and Host name only.');
  }
  return undefined;
}

/** The default tenant and its handlers, shared by the browser worker, Node and the dev server. */
export const tenant = createTenant();
export const handlers: RequestHandler[] = createHandlers(tenant);
