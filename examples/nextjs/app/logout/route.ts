import { SESSION_COOKIE } from '../../lib/session';

export const dynamic = 'force-dynamic';

export function GET(): Response {
  const headers = new Headers({ Location: '/', 'Cache-Control': 'no-store' });
  headers.append('Set-Cookie', `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`);
  return new Response(null, { status: 303, headers });
}
