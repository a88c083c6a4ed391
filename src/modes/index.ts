// The modes the element speaks, one entry each: adding a mode is a file in this folder and a line
// here. `Mode` derives from this table and `config.ts` validates `mode` against it. Each
// implementation is loaded on demand, as a chunk of its own (`dist/chunks/<name>.js`): a page loads
// only the one its tenant needs.
import { LinkerError } from '../protocol/errors.js';
import type { ModeFactory } from './mode.js';

export interface ModeDescriptor {
  /** The implementation; the first call fetches its chunk. */
  load(): Promise<ModeFactory>;
  /** The scope sent to /authorize when the host names none. */
  defaultScope: string;
  /** Scopes always sent with whatever the host asked for (the flow reads what they grant). */
  requiredScope: readonly string[];
  /** Talks to the tenant itself (needs `domain` and `client-id`); false: to the page's own server. */
  tenant: boolean;
}

export const MODES = {
  legacy: {
    load: () => import('./legacy.js').then((m) => m.legacyMode),
    defaultScope: 'openid',
    requiredScope: [],
    tenant: true,
  },
  management: {
    load: () => import('./management.js').then((m) => m.managementMode),
    defaultScope: 'openid profile email',
    // The flow reads an ID token (`openid`) and refuses unverified emails, which it can only do
    // when the token names the email (`email`).
    requiredScope: ['openid', 'email'],
    tenant: true,
  },
  server: {
    load: () => import('./server.js').then((m) => m.serverMode),
    defaultScope: '',
    requiredScope: [],
    tenant: false,
  },
} satisfies Record<string, ModeDescriptor>;

export type Mode = keyof typeof MODES;
/** What `mode` may say: a mode, or `auto` (decided from `endpoint` and the token). */
export type ModeChoice = Mode | 'auto';

export function isModeChoice(value: string): value is ModeChoice {
  return value === 'auto' || Object.prototype.hasOwnProperty.call(MODES, value);
}

/** The scope a mode sends: the host's (with the mode's required scopes in front), else its default. */
export function scopeFor(mode: Mode, requested: readonly string[]): string {
  const { defaultScope, requiredScope } = MODES[mode] as ModeDescriptor;
  if (!requested.length) return defaultScope;
  const missing = [...requiredScope].reverse().filter((scope) => !requested.includes(scope));
  return [...missing.reverse(), ...requested].join(' ');
}

const loaded = new Map<Mode, ModeFactory>();

/**
 * A mode's implementation: at once when its chunk is here already (no extra turn of the event
 * loop between a click and what it starts), else once the chunk has loaded.
 */
export function modeFactory(mode: Mode): ModeFactory | Promise<ModeFactory> {
  return (
    loaded.get(mode) ??
    (MODES[mode] as ModeDescriptor).load().then(
      (create) => {
        loaded.set(mode, create);
        return create;
      },
      // A chunk that does not arrive (offline, a file missing beside account-linker.js): a network
      // failure, which trying again may mend, not the server's fault.
      () => {
        throw new LinkerError('network', 'network', `the "${mode}" chunk of the element could not be loaded`);
      },
    )
  );
}
