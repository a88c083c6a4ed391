// GET /v2/logout: RP-initiated logout ends the login session; `returnTo` must be one of the
// client's allowed logout URLs, else Auth0's error page.
import { HttpResponse } from 'msw';
import { isAllowedBy } from '../allowed-urls.js';
import { NO_STORE, SESSION_COOKIE, htmlError, readCookie, sessionCookie } from '../responses.js';
import { route, type Route } from './route.js';

export const logoutRoutes: Route[] = [
  route('get', '/v2/logout', (request, _params, { tenant }) => {
    const url = new URL(request.url);
    const returnTo = url.searchParams.get('returnTo') || undefined;
    const clientId = url.searchParams.get('client_id') || undefined;
    const client = clientId === undefined ? undefined : tenant.findClient(clientId);
    if (clientId !== undefined && !client) return htmlError('invalid_request', `Unknown client: ${clientId}`);
    // Without client_id Auth0 checks the tenant's own list; the mock: any application's.
    const logoutUrls = client ? client.allowed_logout_urls : tenant.clients().flatMap((c) => c.allowed_logout_urls);
    if (returnTo !== undefined && !isAllowedBy(logoutUrls, returnTo)) {
      return htmlError(
        'invalid_request',
        `The "returnTo" querystring parameter "${returnTo}" is not defined as a valid URL in "Allowed Logout URLs".`,
      );
    }
    tenant.endSession(readCookie(request, SESSION_COOKIE));
    const headers = new Headers(NO_STORE);
    headers.append('Set-Cookie', sessionCookie(request, '', 0));
    if (returnTo === undefined) {
      headers.set('Content-Type', 'text/html; charset=utf-8');
      return new HttpResponse('<!doctype html><title>Logged out</title><p>You are logged out.</p>', { status: 200, headers });
    }
    headers.set('Location', returnTo);
    return new HttpResponse(null, { status: 302, headers });
  }),
];
