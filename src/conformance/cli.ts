// `account-linker-conformance`: the duties of a server-mode endpoint checked against a running app
// in any language, with the stand-alone mock as its tenant. One line per duty; exit code 0 only
// when every duty was checked and met.
import { parseArgs } from 'node:util';
import { DUTIES, run, type ConformanceOptions, type DutyResult } from './run.js';
import { DEFAULT_OTHER_USER, DEFAULT_USER, NOT_SUGGESTED_ACCOUNT, SPARE_ACCOUNTS, SUGGESTED_ACCOUNT, UNVERIFIED_ACCOUNT } from './seed.js';

export const USAGE = `Usage: account-linker-conformance --app ORIGIN --endpoint PATH (--login PATH | --cookie COOKIES) [options]

Checks a running server of <account-linker mode="server"> (any language) against the duties of
the contract's "Server mode": it signs in at the app, drives the endpoint as the element and as
an attacker would, links and unlinks accounts of the mock tenant, and prints one line per duty:
"ok", "FAIL" and why, or "skip" and what it needs.

The app must sign its users in at the stand-alone mock tenant (npx account-linker-mock), with its
built-in demo seed (or name other accounts below), and allow its own origin as the callback's.

Options:
  --app ORIGIN          the app's origin, e.g. http://localhost:3000
  --endpoint PATH       the element's endpoint, e.g. /account/identities
  --login PATH          a page of the app that starts its sign-in: the command follows the
                        redirects to the tenant's sign-in page, picks the user there as a person
                        would, follows the way back and keeps the app's cookies. Used twice: as
                        --user, and as --other-user (the second session of the attacks)
  --cookie COOKIES      the session of --user obtained elsewhere: 'name=value; name2=value2'
  --other-cookie COOKIES  the second session (of --other-user); without it and without
                        --login the duties that need two sessions are skipped
  --tenant ORIGIN       the mock tenant, e.g. http://127.0.0.1:4400 (default: where the app's
                        sign-in or its first /authorize URL leads; checked against them when given)
  --user ID             the user to sign in as (default ${DEFAULT_USER})
  --other-user ID       the second session's user (default ${DEFAULT_OTHER_USER})
  --link ID             an account the journeys may link (and unlink again); repeat it, three
                        are used (default: the demo's spare accounts not linked yet:
                        ${SPARE_ACCOUNTS.join(', ')})
  --unverified ID       an account whose email is not verified (default ${UNVERIFIED_ACCOUNT})
  --suggested ID        another user's account with --user's email, verified: /suggestions must
                        list it, and not after it is linked (it is unlinked again) (default with
                        the default --user: ${SUGGESTED_ACCOUNT})
  --not-suggested ID    another user's account with --user's email, not verified: never
                        suggested (default with the default --user: ${NOT_SUGGESTED_ACCOUNT})
  --return-to PATH      the app page the journeys return to (default /account)
  --timeout SECONDS     per request (default 15)
  -h, --help            show this help

Duties:
${DUTIES.map(([name, what]) => `  ${name.padEnd(24)}${what}`).join('\n')}

Exit code: 0 every duty ok; 1 a duty FAILed; 2 a bad command line; 3 none failed but some were
skipped (not proven).
`;

/** A mistake in the command line: reported with the usage, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function origin(value: string, name: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--${name} must be an origin such as http://localhost:3000, got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new UsageError(`--${name} must be an http(s) origin without a path, got "${value}"`);
  }
  return url.origin;
}

export function parseCliArgs(argv: readonly string[]): (ConformanceOptions & { help?: false }) | { help: true } {
  let values: Record<string, string | string[] | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        app: { type: 'string' },
        endpoint: { type: 'string' },
        login: { type: 'string' },
        cookie: { type: 'string' },
        'other-cookie': { type: 'string' },
        tenant: { type: 'string' },
        user: { type: 'string' },
        'other-user': { type: 'string' },
        link: { type: 'string', multiple: true },
        unverified: { type: 'string' },
        suggested: { type: 'string' },
        'not-suggested': { type: 'string' },
        'return-to': { type: 'string' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]!);
  }
  if (values.help) return { help: true };
  if (typeof values.app !== 'string') throw new UsageError('--app is required (the app\'s origin)');
  if (typeof values.endpoint !== 'string') throw new UsageError('--endpoint is required (a path such as /account/identities)');
  const endpoint = values.endpoint;
  if (!endpoint.startsWith('/') || endpoint.startsWith('//') || /[?#\\\s]/.test(endpoint)) throw new UsageError(`--endpoint must be a path, got "${endpoint}"`);
  if (values.login === undefined && values.cookie === undefined) throw new UsageError('give --login PATH (the app\'s sign-in) or --cookie COOKIES (a session)');
  for (const name of ['login', 'return-to'] as const) {
    const value = values[name];
    if (typeof value === 'string' && (!value.startsWith('/') || value.startsWith('//'))) throw new UsageError(`--${name} must be a path of the app, got "${value}"`);
  }
  for (const [name, value] of [
    ['user', values.user],
    ['other-user', values['other-user']],
    ['unverified', values.unverified],
    ['suggested', values.suggested],
    ['not-suggested', values['not-suggested']],
    ...((values.link as string[] | undefined) ?? []).map((v) => ['link', v] as const),
  ] as Array<[string, unknown]>) {
    if (typeof value === 'string' && !/^[^|\s]+\|\S+$/.test(value)) throw new UsageError(`--${name} must be a user id provider|id, got "${value}"`);
  }
  let timeout = 15000;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 600) throw new UsageError(`--timeout must be a number of seconds (1 to 600), got "${values.timeout}"`);
    timeout = seconds * 1000;
  }
  const text = (name: string) => (typeof values[name] === 'string' ? { [name]: values[name] as string } : {});
  return {
    app: origin(values.app, 'app'),
    endpoint: endpoint.replace(/\/+$/, ''),
    ...(typeof values.tenant === 'string' ? { tenant: origin(values.tenant, 'tenant') } : {}),
    ...text('login'),
    ...text('cookie'),
    ...(typeof values['other-cookie'] === 'string' ? { otherCookie: values['other-cookie'] } : {}),
    ...text('user'),
    ...(typeof values['other-user'] === 'string' ? { otherUser: values['other-user'] } : {}),
    ...(values.link ? { link: values.link as string[] } : {}),
    ...text('unverified'),
    ...text('suggested'),
    ...(typeof values['not-suggested'] === 'string' ? { notSuggested: values['not-suggested'] } : {}),
    ...(typeof values['return-to'] === 'string' ? { returnTo: values['return-to'] } : {}),
    timeout,
  };
}

/** `ok   name  detail` / `FAIL name  why` / `skip name  what it needs`. */
export const formatLine = ({ duty, status, detail }: DutyResult) => `${status.padEnd(4)} ${duty.padEnd(22)} ${detail}`;

export const exitCodeOf = (results: readonly DutyResult[]) =>
  results.some((r) => r.status === 'FAIL') ? 1 : results.some((r) => r.status === 'skip') ? 3 : 0;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) };

/** The command: prints the lines and a summary; resolves with the exit code. */
export async function main(argv: readonly string[] = process.argv.slice(2), io: Io = processIo): Promise<number> {
  let options: ReturnType<typeof parseCliArgs>;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`account-linker-conformance: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    io.out(USAGE);
    return 0;
  }
  io.out(`account-linker-conformance: ${options.app}${options.endpoint}${options.tenant ? ` against the tenant ${options.tenant}` : ''}\n`);
  const started = performance.now();
  const results = await run(options, (result) => io.out(`${formatLine(result)}\n`));
  const count = (status: DutyResult['status']) => results.filter((r) => r.status === status).length;
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  io.out(`${count('ok')} ok, ${count('FAIL')} FAIL, ${count('skip')} skipped (${seconds} s)\n`);
  return exitCodeOf(results);
}
