/// <reference types="node" />
// Starts the BUILT `account-linker-mock` command (bin/account-linker-mock.mjs → dist/) as a real
// child process, as a user's `npx account-linker-mock` would run, and reads what it prints: the
// tenant's URL, and the users' tokens from the banner. Shared by the Node tests and the browser
// tests' plugin (scripts/mock-server-plugin.mjs, under tsx).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/account-linker-mock.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface MockProcess {
  child: ChildProcess;
  /** The URL the command printed (`--issuer`, or http(s)://host:port/). */
  issuer: URL;
  /** Where it listens (differs from `issuer` with `--issuer`). */
  local: URL;
  port: number;
  /** The banner's users and their tokens. */
  tokens: Record<string, string>;
  output(): { stdout: string; stderr: string };
  exited: Promise<Exit>;
  stop(signal?: NodeJS.Signals): Promise<Exit>;
}

const running = new Set<ChildProcess>();

/** Ends every process started here that still runs (a failed test may leave one): call in `after`. */
export async function stopAll(): Promise<void> {
  await Promise.all(
    [...running].map((child) => new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    })),
  );
}

/** The user ids and tokens a banner lists (`  user|id  Name <email>, N identities` + the token below). */
export function bannerTokens(text: string): Record<string, string> {
  const tokens: Record<string, string> = {};
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    const user = /^ {2}(\S+\|\S+) {2}/.exec(line)?.[1];
    const token = /^ {4}(\S+)$/.exec(lines[i + 1] ?? '')?.[1];
    if (user && token) tokens[user] = token;
  });
  return tokens;
}

/**
 * Runs the command with `args` and resolves once it listens (its first line names the URL) and,
 * unless `--quiet`, its banner is complete. Rejects when it exits first (with what it printed).
 */
export function startMockProcess(
  args: string[] = [],
  { env = {}, timeout = 20000 }: { env?: Record<string, string>; timeout?: number } = {},
): Promise<MockProcess> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const quiet = args.includes('--quiet');

  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`account-linker-mock did not start in ${timeout} ms:\n${stdout}\n${stderr}`));
    }, timeout);
    const check = () => {
      const url = /Auth0 tenant at (\S+)/.exec(stdout)?.[1];
      if (!url || (!quiet && !/\n(Controls|Controls are off)[^\n]*\n/.test(stdout))) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      resolve(url);
    };
    child.stdout.on('data', check);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`account-linker-mock exited (${code ?? signal}) before listening:\n${stderr || stdout}`), { code, stdout, stderr }));
    });
  });

  return ready.then((url) => {
    const issuer = new URL(url);
    const local = new URL(/\(listening on (\S+)\)/.exec(stdout)?.[1] ?? url);
    return {
      child,
      issuer,
      local,
      port: Number(local.port),
      tokens: bannerTokens(stdout),
      /** Everything printed so far. */
      output: () => ({ stdout, stderr }),
      exited,
      /** Sends `signal` and resolves with the exit code and signal. */
      async stop(signal: NodeJS.Signals = 'SIGTERM') {
        if (child.exitCode === null && child.signalCode === null) child.kill(signal);
        return exited;
      },
    };
  });
}

/** Runs the command to its end (for flags it refuses or files it cannot use): code and output. */
export function runMockProcess(args: string[] = [], { timeout = 20000 } = {}): Promise<Exit & { stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`account-linker-mock ${args.join(' ')} did not end in ${timeout} ms:\n${stdout}\n${stderr}`));
    }, timeout);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const CLI_BUNDLE = fileURLToPath(new URL('../../dist/mock/account-linker-mock.js', import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/mock/account-linker-mock.js is built from the sources as they are (`npm test`
 * builds first; `npm run test:node` after an edit would otherwise test a stale bundle): rebuilds
 * only that bundle with the project's own rollup config, written beside and renamed into place.
 */
export async function ensureBuiltCli(): Promise<void> {
  const built = existsSync(CLI_BUNDLE) ? statSync(CLI_BUNDLE).mtimeMs : 0;
  if (built > newestSource(join(ROOT, 'src/mock'))) return;
  const { rollup } = await import('rollup');
  const configs = (await import(pathToFileURL(join(ROOT, 'rollup.config.mjs')).href)).default as Array<Record<string, any>>;
  const config = configs.find((c) => String(c.output?.file).endsWith('account-linker-mock.js'))!;
  const bundle = await rollup({ ...config, onwarn: () => {} } as never);
  const temporary = `${CLI_BUNDLE}.${process.pid}.tmp`;
  await bundle.write({ ...config.output, file: temporary });
  await bundle.close();
  renameSync(temporary, CLI_BUNDLE);
}
