// The host server of server mode, played in the page's service worker for the browser tests that
// need no real server (server-mode.test.ts, suggestions.test.ts).
import { http, HttpResponse } from 'msw';
import { worker } from './helpers.js';

export const ENDPOINT = '/app/account/identities';

export interface Seen {
  method: string;
  url: URL;
  /** The path after `ENDPOINT` ('' for the list, '/link', '/suggestions', …). */
  path: string;
  headers: Headers;
  credentials: RequestCredentials;
  body: string;
}

export type Answer = (request: Request) => Response | Promise<Response>;

/**
 * `answers` by `METHOD path` (after `ENDPOINT`); unknown routes get 404. Every request to the
 * endpoint is recorded, and any request elsewhere too (none is expected).
 */
export function hostServer(answers: Record<string, Answer>): Seen[] {
  const seen: Seen[] = [];
  worker.use(
    http.all(/.*/, async ({ request }) => {
      const url = new URL(request.url);
      // The test runner's own files and the mock tenant's avatars are not the element's requests.
      if (url.origin === location.origin && !url.pathname.startsWith(ENDPOINT)) return undefined;
      const path = url.pathname.slice(ENDPOINT.length);
      seen.push({ method: request.method, url, path, headers: request.headers, credentials: request.credentials, body: await request.clone().text() });
      if (url.origin !== location.origin) return HttpResponse.json({ error: 'not here' }, { status: 599 });
      const answer = answers[`${request.method} ${path}`];
      return answer ? answer(request) : HttpResponse.json({ code: 'http', message: 'no such route' }, { status: 404 });
    }),
  );
  return seen;
}
