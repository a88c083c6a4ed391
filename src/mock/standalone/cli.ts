/// <reference types="node" />
// `account-linker-mock`: the command line of the stand-alone tenant. Reads the flags and the seed,
// starts the server, prints what a developer needs to point an app at it (issuer, applications,
// users with ready tokens), logs requests, and stops cleanly on Ctrl-C / SIGTERM.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createHandlers } from '../handlers.js';
import { SeedError, parseSeed } from '../seed-file.js';
import { DEMO_SCOPE, DEMO_SEED, type MockClient, type TenantSeed } from '../seed.js';
import { ACCESS_TOKEN_LIFETIME, createTenant, type Tenant } from '../store.js';
import { attachStateFile, StateLockedError, type StateFile } from './state-file.js';
import { startMockServer, type MockServer } from './server.js';
import { createSelfSignedCertificate } from './tls-cert.js';

export const USAGE = `Usage: account-linker-mock [options]

An offline Auth0 tenant on its own origin: /authorize, /oauth/token, /userinfo, the Management
API's user identities, JWKS and discovery, as the account-linker mock serves them.

Options:
  --port N        port to listen on (default 4400; 0 picks a free one)
  --host ADDR     address to listen on (default 127.0.0.1; the /__mock controls
                  answer only when it is a loopback address)
  --seed FILE     the tenant's applications and users as JSON (default: the
                  built-in demo tenant; see examples/seed.json)
  --issuer URL    the public URL when a proxy or TLS terminator sits in front
                  (e.g. https://auth.example.test/): tokens and discovery use it
  --tls           serve https with a self-signed certificate made at start
  --state FILE    keep users, identities and settings in FILE across restarts
  --quiet         print only the tenant's URL (no banner, no request log)
  -h, --help      show this help
`;

export interface CliOptions {
  port: number;
  host: string;
  seed?: string;
  issuer?: URL;
  state?: string;
  tls: boolean;
  quiet: boolean;
  help: boolean;
}

/** A mistake in the command line: reported with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function issuerUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--issuer must be an absolute URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--issuer must be an http(s) URL');
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new UsageError('--issuer must be an origin such as https://auth.example.test/ (the tenant\'s paths sit at its root)');
  }
  return url;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        issuer: { type: 'string' },
        state: { type: 'string' },
        tls: { type: 'boolean' },
        quiet: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    const option = /'([^']+)'/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option ${option ?? message}`);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`unexpected argument ${option ?? message}`);
    throw new UsageError(message.split('\n')[0]!);
  }
  const port = values.port === undefined ? 4400 : Number(values.port);
  if (!/^\d{1,5}$/.test(String(values.port ?? 4400)) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
  const host = (values.host as string | undefined) ?? '127.0.0.1';
  if (!host.trim()) throw new UsageError('--host must name an address');
  for (const name of ['seed', 'state'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} needs a file name`);
  }
  return {
    port,
    host,
    ...(values.seed !== undefined ? { seed: values.seed as string } : {}),
    ...(values.issuer !== undefined ? { issuer: issuerUrl(values.issuer as string) } : {}),
    ...(values.state !== undefined ? { state: values.state as string } : {}),
    tls: values.tls === true,
    quiet: values.quiet === true,
    help: values.help === true,
  };
}

/** A fatal problem found at start (bad seed or state file, port in use): exit code 1. */
class StartError extends Error {}

function loadSeed(file: string | undefined): TenantSeed {
  if (file === undefined) return DEMO_SEED;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new StartError(`cannot read --seed ${file}: ${(error as Error).message}`);
  }
  try {
    return parseSeed(text);
  } catch (error) {
    if (error instanceof SeedError) throw new StartError(`--seed ${file} is not a usable tenant:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
}

/** The application the printed tokens are for: the first public (SPA) login client, else any login client. */
const tokenClient = (clients: readonly MockClient[]) =>
  clients.find((c) => c.grant_types.includes('authorization_code') && c.token_endpoint_auth_method === 'none') ??
  clients.find((c) => c.grant_types.includes('authorization_code')) ??
  clients[0]!;

interface BannerInput {
  issuer: URL;
  /** ` (listening on …)` when the issuer is another URL. */
  where?: string;
  seedFile?: string;
  stateFile?: string;
  tls?: { file: string; fingerprint: string };
  controls: boolean;
  clients: MockClient[];
  tokenClient: MockClient;
  users: Array<{ id: string; label: string; identities: number; token: string }>;
}

/** What a developer needs at start: where the tenant is, its applications, users and tokens, and how to use them. */
export function banner(input: BannerInput): string {
  const { issuer, clients, users } = input;
  const origin = issuer.origin;
  const https = issuer.protocol === 'https:';
  const find = (predicate: (c: MockClient) => boolean) => clients.find(predicate);
  const spa = input.tokenClient;
  // spa-js is for applications of today: an OIDC-conformant SPA when the seed has one.
  const spaJs = find((c) => c.app_type === 'spa' && c.oidc_conformant && c.grant_types.includes('authorization_code')) ?? spa;
  const web = find((c) => c.app_type === 'regular_web') ?? spa;
  const m2m = find((c) => c.grant_types.includes('client_credentials'));
  const width = Math.max(...clients.map((c) => c.client_id.length));
  const lines = [
    `account-linker-mock: Auth0 tenant at ${issuer.href}${input.where ?? ''}`,
    `  seed: ${input.seedFile ?? 'the built-in demo tenant'}; state: ${input.stateFile ? `kept in ${input.stateFile}` : 'in memory (lost at exit)'}`,
  ];
  if (input.tls) {
    lines.push(
      `  TLS: self-signed certificate, SHA-256 fingerprint ${input.tls.fingerprint}`,
      `       PEM: ${input.tls.file} (Node clients: NODE_EXTRA_CA_CERTS=${input.tls.file})`,
    );
  }
  lines.push('', 'Applications');
  for (const c of clients) {
    const kind = c.token_endpoint_auth_method === 'none' ? 'public' : `secret ${c.client_secret}`;
    lines.push(`  ${c.client_id.padEnd(width)}  ${c.app_type}, ${kind}  (${c.name})`);
  }
  lines.push(
    '',
    `Users, each with a Management API access token (client ${spa.client_id}, audience ${origin}/api/v2/,`,
    `scope "${DEMO_SCOPE}", valid ${ACCESS_TOKEN_LIFETIME / 3600} h)`,
  );
  for (const user of users) {
    lines.push(`  ${user.id}  ${user.label}, ${user.identities} identit${user.identities === 1 ? 'y' : 'ies'}`, `    ${user.token}`);
  }
  const needsTls = https ? '' : '  (needs https: add --tls)';
  lines.push(
    '',
    'Point an app at it',
    `  <account-linker>  mode="management" domain="${origin}" client-id="${spa.client_id}" access-token="<a token above>"`,
    // audience and scope: without them the login yields a token the Management API (and the element) refuses.
    `  auth0-spa-js      createAuth0Client({ domain: '${origin}', clientId: '${spaJs.client_id}', authorizationParams: { redirect_uri: location.origin,`,
    `                      audience: '${origin}/api/v2/', scope: '${DEMO_SCOPE}' } })`,
    ...(m2m
      ? [`  node-auth0        new ManagementClient({ domain: '${issuer.host}', clientId: '${m2m.client_id}', clientSecret: '${m2m.client_secret}' })${needsTls}`]
      : []),
    `  ASP.NET Core      "Auth0": { "Domain": "${issuer.host}", "ClientId": "${web.client_id}", "ClientSecret": "${web.client_secret ?? '…'}" }${needsTls}`,
    `  OIDC discovery    ${origin}/.well-known/openid-configuration`,
    '',
    input.controls
      ? 'Controls (this machine only): POST /__mock/reset, GET|POST /__mock/settings, POST|DELETE /__mock/fault. Ctrl-C stops.'
      : 'Controls are off: the server listens on a non-loopback address. Ctrl-C stops.',
    '',
  );
  return lines.join('\n');
}

/** A token per user, kept across /__mock/reset: what is printed must keep working. */
async function issueBannerTokens(tenant: Tenant, issuer: URL, client: MockClient) {
  return Promise.all(
    tenant.users().map(async (user) => {
      const token = await tenant.grantAccessToken(user.user_id, {
        scope: DEMO_SCOPE,
        azp: client.client_id,
        issuer: issuer.href,
        audience: `${issuer.href}api/v2/`,
        userinfo: true,
      });
      tenant.keepAccessToken(token);
      const label = user.email ? `${user.name} <${user.email}>` : user.name;
      return { id: user.user_id, label, identities: user.identities.length, token };
    }),
  );
}

export interface Running {
  server: MockServer;
  tenant: Tenant;
  issuer: URL;
  /** Stops the server, saves the state, removes the certificate file. */
  stop(): Promise<void>;
}

/** Starts the tenant as `options` say; prints to `out`. Throws StartError for a bad seed, state or port. */
export async function start(options: CliOptions, out: (text: string) => void = (text) => process.stdout.write(text)): Promise<Running> {
  const seed = loadSeed(options.seed);
  const tenant = createTenant({ seed });
  let state: StateFile | undefined;
  if (options.state) {
    try {
      state = attachStateFile(tenant, options.state);
    } catch (error) {
      if (error instanceof StateLockedError) throw new StartError(`--state ${error.message}: stop it, or use another file`);
      const detail = error instanceof SeedError ? error.problems.join('\n  ') : (error as Error).message;
      throw new StartError(`--state ${options.state} cannot be read back (fix or delete it):\n  ${detail}`);
    }
  }
  let certificate: ReturnType<typeof createSelfSignedCertificate> | undefined;
  let certDir: string | undefined;
  if (options.tls) {
    certificate = createSelfSignedCertificate([options.host, ...(options.issuer ? [options.issuer.hostname] : [])].filter((h) => h !== '0.0.0.0' && h !== '::'));
    certDir = mkdtempSync(join(tmpdir(), 'account-linker-mock-'));
    writeFileSync(join(certDir, 'cert.pem'), certificate.cert);
  }

  const saveState = () => {
    try {
      state?.save();
    } catch (error) {
      process.stderr.write(`account-linker-mock: could not write --state ${options.state}: ${(error as Error).message}\n`);
    }
  };
  let server: MockServer;
  try {
    server = await startMockServer({
      handlers: createHandlers(tenant),
      port: options.port,
      host: options.host,
      ...(options.issuer ? { issuer: options.issuer } : {}),
      ...(certificate ? { tls: certificate } : {}),
      onAnswer({ method, path, status, ms }) {
        saveState();
        // The path only: queries carry codes, states and (legacy links) tokens.
        if (!options.quiet) out(`${new Date().toISOString().slice(11, 19)} ${method} ${path} ${status} ${ms.toFixed(0)} ms\n`);
      },
    });
  } catch (error) {
    if (certDir) rmSync(certDir, { recursive: true, force: true });
    state?.close();
    const { code } = error as NodeJS.ErrnoException;
    if (code === 'EADDRINUSE') throw new StartError(`port ${options.port} on ${options.host} is in use: choose another with --port (0 picks a free one)`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new StartError(`cannot listen on --host ${options.host}: no such address here`);
    throw new StartError(`cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`);
  }
  const issuer = options.issuer ?? server.url;
  saveState();

  const where = options.issuer ? ` (listening on ${server.url.href})` : '';
  if (options.quiet) {
    out(`account-linker-mock: Auth0 tenant at ${issuer.href}${where}\n`);
  } else {
    const client = tokenClient(tenant.clients());
    out(
      banner({
        issuer,
        where,
        ...(options.seed ? { seedFile: options.seed } : {}),
        ...(options.state ? { stateFile: options.state } : {}),
        ...(certificate && certDir ? { tls: { file: join(certDir, 'cert.pem'), fingerprint: certificate.fingerprint256 } } : {}),
        controls: server.controls,
        clients: tenant.clients(),
        tokenClient: client,
        users: await issueBannerTokens(tenant, issuer, client),
      }),
    );
  }
  return {
    server,
    tenant,
    issuer,
    async stop() {
      await server.close();
      saveState();
      state?.close();
      if (certDir) rmSync(certDir, { recursive: true, force: true });
    },
  };
}

/** The command: exit code 0 after a clean stop, 1 when it cannot start, 2 for a bad command line. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  const fail = (code: number, message: string) => {
    process.stderr.write(`account-linker-mock: ${message}\n`);
    process.exitCode = code;
  };
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    fail(2, `${error.message}\n\n${USAGE}`);
    return;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return;
  }
  let running: Running;
  try {
    running = await start(options);
  } catch (error) {
    if (!(error instanceof StartError)) throw error;
    fail(1, error.message);
    return;
  }
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1); // a second Ctrl-C: do not wait
    stopping = true;
    running.stop().then(
      () => {
        if (!options.quiet) process.stdout.write(`account-linker-mock: stopped (${signal})\n`);
        process.exit(0);
      },
      (error: Error) => {
        process.stderr.write(`account-linker-mock: ${error.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
