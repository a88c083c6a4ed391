// A server component: who is signed in comes from the session; the list itself is the element's.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { SESSION_COOKIE, sessionUser } from '../../lib/session';
import { AccountLinker } from './account-linker';

export const dynamic = 'force-dynamic';

export default async function AccountPage() {
  const user = sessionUser((await cookies()).get(SESSION_COOKIE)?.value);
  if (!user) redirect('/');
  return (
    <main>
      <h1>Your sign-in methods</h1>
      <p>
        Signed in as {user} · <a href="/logout">Sign out</a>
      </p>
      <AccountLinker endpoint="/account/identities" />
    </main>
  );
}
