// DEMO sign-in (see lib/session.ts): /login?user=auth0|alice0001 signs in as that user of the mock.
import { SESSION_COOKIE, sessionValue } from '../../lib/session';

export const dynamic = 'force-dynamic';

export function GET(request: Request): Response {
  const user = new URL(request.url).searchParams.get('user') ?? '';
  if (!/^[\w-]+\|[\w.|-]+$/.test(user)) return new Response('Say who: /login?user=auth0|alice0001', { status: 400 });
  const headers = new Headers({ Location: '/account', 'Cache-Control': 'no-store' });
  const secure = process.env.BASE_URL?.startsWith('https:') ? '; Secure' : '';
  headers.append('Set-Cookie', `${SESSION_COOKIE}=${sessionValue(user)}; Path=/; HttpOnly; SameSite=Lax${secure}`);
  return new Response(null, { status: 303, headers });
}
