// The server half of <account-linker mode="server">, made once per process (on the first request:
// `next build` loads route modules without the app's environment).
import { accountLinker, type AccountLinker } from 'account-linker/server';
import { randomBytes } from 'node:crypto';
import { requestUser } from './session';

let linker: AccountLinker | undefined;

export function getLinker(): AccountLinker {
  linker ??= accountLinker({
    // Defaults: the stand-alone mock tenant (`npx account-linker-mock`) and its demo applications.
    domain: process.env.AUTH0_DOMAIN ?? 'http://127.0.0.1:4400',
    clientId: process.env.AUTH0_CLIENT_ID ?? 'account-linker-regular', // a Regular Web Application
    clientSecret: process.env.AUTH0_CLIENT_SECRET ?? 'regular-web-app-secret-not-for-production',
    management: {
      clientId: process.env.AUTH0_M2M_CLIENT_ID ?? 'account-linker-m2m', // Machine to Machine: read:users update:users
      clientSecret: process.env.AUTH0_M2M_CLIENT_SECRET ?? 'm2m-secret-not-for-production',
    },
    baseURL: process.env.BASE_URL ?? 'http://localhost:3000',
    endpoint: '/account/identities',
    secret: process.env.LINKER_SECRET ?? randomBytes(32).toString('hex'), // set it when you run more than one process
    // With nextjs-auth0: `async () => (await auth0.getSession())?.user.sub ?? null`.
    user: (request) => requestUser(request),
  });
  return linker;
}
