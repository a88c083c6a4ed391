/// <reference types="node" />
// `--state FILE`: the tenant's users and settings outlive a restart. Read once at start; written
// whenever they changed (checked after each request) and at exit, each time to a temporary file
// beside FILE that is then renamed over it, so a crash mid-write never leaves half a file.
import { readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
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
  const temporary = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o600, flush: true });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

export interface StateFile {
  /** Writes the state if it changed since the last write; true when it wrote. */
  save(): boolean;
}

/** Keeps `file` in step with `tenant` (after loading it, if it exists). */
export function attachStateFile(tenant: Tenant, file: string): StateFile {
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
  };
}
