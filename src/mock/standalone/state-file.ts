/// <reference types="node" />
// `--state FILE`: the tenant's users and settings outlive a restart. Read once at start; written
// whenever they changed (checked after each request) and at exit, each time to a new temporary
// file beside FILE (an unpredictable name, created exclusively, mode 0600) that is then renamed
// over it, so a crash mid-write never leaves half a file and nothing planted at the temporary name
// is written through. One instance at a time: FILE.lock (created exclusively, holding the pid) is
// taken at start and removed at stop; a lock whose process is gone is taken over.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseState, serializeState } from '../seed-file.js';
import type { Tenant, TenantState } from '../store.js';

/** The saved state, undefined when FILE does not exist yet; throws SeedError when it is unusable. */
export function readState(file: string): TenantState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseState(text);
}

function writeAtomically(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(12).toString('hex')}.tmp`);
  // `wx`: fails rather than open anything already there (a file, or a symlink planted to redirect the write).
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    renameSync(temporary, file);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // Already closed.
    }
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Another instance holds FILE.lock. */
export class StateLockedError extends Error {
  override name = 'StateLockedError';
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Takes FILE.lock for this process; throws StateLockedError when a live process holds it. */
function lock(file: string): () => void {
  const lockFile = `${file}.lock`;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockFile, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      return () => {
        if (held) rmSync(lockFile, { force: true });
        held = false;
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(lockFile, 'utf8').trim());
      } catch {
        // Gone meanwhile: try again.
      }
      if (Number.isInteger(holder) && holder > 0 && alive(holder)) {
        throw new StateLockedError(`${file} is in use by another account-linker-mock (pid ${holder}; lock ${lockFile})`);
      }
      rmSync(lockFile, { force: true }); // its process is gone: a stale lock
    }
  }
  throw new StateLockedError(`cannot take ${lockFile}`);
}

export interface StateFile {
  /** Writes the state if it changed since the last write; true when it wrote. */
  save(): boolean;
  /** Releases FILE.lock (after a last save, if wanted). */
  close(): void;
}

/** Keeps `file` in step with `tenant` (after loading it, if it exists), as the only instance using it. */
export function attachStateFile(tenant: Tenant, file: string): StateFile {
  const release = lock(file);
  try {
    const saved = readState(file);
    if (saved) tenant.importState(saved);
    let written = saved ? serializeState(tenant.exportState()) : '';
    return {
      save() {
        const text = serializeState(tenant.exportState());
        if (text === written) return false;
        writeAtomically(file, text);
        written = text;
        return true;
      },
      close: release,
    };
  } catch (error) {
    release();
    throw error;
  }
}
