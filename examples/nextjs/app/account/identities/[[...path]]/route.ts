// Every request of the element (GET list, POST /link, GET /result, DELETE /identities/…) and the
// tenant's return (GET /callback) go to account-linker/server's Fetch handler.
import { getLinker } from '../../../../lib/linker';

export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';

async function handle(request: Request): Promise<Response> {
  return (await getLinker().fetch(request)) ?? Response.json({ code: 'not-found', message: 'Not found.' }, { status: 404 });
}

export { handle as GET, handle as POST, handle as DELETE };
