// `account-linker/server`: the server half of `<account-linker mode="server">`. One call checks the
// options and gives a Fetch-API handler (Next.js route handlers, Hono, Deno, Bun) and an Express /
// node:http middleware. Linking follows Auth0's server-side recipe: the server signs the second
// account in (openid-client), validates its ID token, and links with a machine-to-machine token
// (node-auth0's ManagementClient). See contract.md, "Server mode".
import { nodeAdapter, type NodeHandler } from './express.js';
import { createHandler } from './handler.js';
import { createManagement } from './management.js';
import { createOidc } from './oidc.js';
import { resolveOptions, type AccountLinkerOptions } from './options.js';

export type { AccountLinkerOptions, ManagementOptions, UserResolver } from './options.js';
export type { NodeHandler, NodeNext, NodeRequestLike, NodeResponseLike } from './express.js';
export type { LinkOutcome } from './link-flow.js';
export type { Identity, PresentedUser, ProfileData } from './present.js';
export type { LinkerErrorCode } from './errors.js';

export interface AccountLinker {
  /**
   * Answers the requests of the endpoint (`GET {endpoint}`, `POST {endpoint}/link`,
   * `GET {endpoint}/callback`, `GET {endpoint}/result`, `GET {endpoint}/suggestions`,
   * `DELETE {endpoint}/identities/{provider}/{user_id}`); null for any other path.
   * `native`, when given, is handed to `user()` (the framework's own request).
   */
  fetch(request: Request, native?: unknown): Promise<Response | null>;
  /** The same as an Express middleware (Express 4/5), also a node:http listener (404 for other paths). */
  express(): NodeHandler;
}

/** Checks `options` (an Error names a bad one) and returns the handler. Keeps no state but caches. */
export function accountLinker(options: AccountLinkerOptions): AccountLinker {
  const resolved = resolveOptions(options);
  const handler = createHandler(resolved, { oidc: createOidc(resolved), management: createManagement(resolved) });
  return {
    fetch: (request, native) => handler.fetch(request, native),
    express: () => nodeAdapter(handler, resolved.appOrigin),
  };
}
