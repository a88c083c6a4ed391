/// <reference types="node" />
// `--state FILE` written safely (issue 23, M7): each write goes to a new, unpredictable temporary
// file created exclusively with mode 0600 (a symlink planted at a guessable name is never written
// through), and FILE.lock keeps a second instance from silently losing the first one's updates.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTenant, DEMO_USER_IDS } from '../../../src/mock/index.js';
import { attachStateFile, StateLockedError } from '../../../src/mock/standalone/state-file.js';

const scratch = () => mkdtempSync(join(tmpdir(), 'mock-state-'));

describe('M7: writing the state file', () => {
  test('a symlink planted at the old temporary name is not written through; FILE is 0600', () => {
    const dir = scratch();
    const file = join(dir, 'tenant.json');
    const victim = join(dir, 'victim.txt');
    writeFileSync(victim, 'untouched', { mode: 0o644 });
    symlinkSync(victim, join(dir, `.tenant.json.${process.pid}.tmp`));
    const tenant = createTenant();
    const state = attachStateFile(tenant, file);
    try {
      tenant.unlink(DEMO_USER_IDS.alice, 'github', '1234567');
      assert.equal(state.save(), true);
    } finally {
      state.close();
    }
    assert.equal(readFileSync(victim, 'utf8'), 'untouched');
    assert.equal(statSync(victim).mode & 0o777, 0o644);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(JSON.parse(readFileSync(file, 'utf8')).version, 1);
    assert.deepEqual(readdirSync(dir).sort(), [`.tenant.json.${process.pid}.tmp`, 'tenant.json', 'victim.txt'], 'no temporary file of its own left');
  });
});

describe('M7: one instance per state file', () => {
  test('a second instance on the same file is refused while the first holds it; free again after close()', () => {
    const file = join(scratch(), 'tenant.json');
    const first = attachStateFile(createTenant(), file);
    assert.throws(() => attachStateFile(createTenant(), file), (error) => error instanceof StateLockedError && /in use/.test(error.message));
    first.close();
    const second = attachStateFile(createTenant(), file);
    second.close();
  });

  test('a lock left by a process that is gone is taken over', () => {
    const file = join(scratch(), 'tenant.json');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(`${file}.lock`, gone);
    const state = attachStateFile(createTenant(), file);
    assert.equal(readFileSync(`${file}.lock`, 'utf8'), String(process.pid));
    state.close();
  });
});
