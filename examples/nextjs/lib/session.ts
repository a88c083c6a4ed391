// A DEMO session, not a sign-in: /login?user=… sets an HttpOnly cookie that names a user of the
// mock tenant, signed with SESSION_SECRET so the browser cannot change it. A real app signs in with
// Auth0 (nextjs-auth0, as a Regular Web Application) and reads the user's `sub` from that session
// instead: see `user` in lib/linker.ts. Never deploy this file.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SESSION_COOKIE = 'demo_session';
const SECRET = process.env.SESSION_SECRET ?? randomBytes(32).toString('hex');

const mac = (value: string) => createHmac('sha256', SECRET).update(value).digest('base64url');

/** The cookie's value for `userId`: the id and its MAC. */
export function sessionValue(userId: string): string {
  const id = Buffer.from(userId).toString('base64url');
  return `${id}.${mac(id)}`;
}

/** The signed-in user's id from a cookie value, or null. */
export function sessionUser(value: string | undefined | null): string | null {
  const [id, tag] = (value ?? '').split('.');
  if (!id || !tag) return null;
  const expected = Buffer.from(mac(id));
  const given = Buffer.from(tag);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return Buffer.from(id, 'base64url').toString('utf8');
}

/** The same from a request's Cookie header. */
export function requestUser(request: Request): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return sessionUser(value.join('='));
  }
  return null;
}
