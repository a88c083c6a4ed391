// Which mode runs a piece of work, and with which token: `auto` becomes management for a
// Management API token of this tenant, else legacy; server mode holds no token. Each mode's chunk
// is loaded once and its implementation made again only when the configuration changes. DOM-free.
import { MODES, modeFactory, scopeFor, type Mode } from '../modes/index.js';
import type { LinkerMode } from '../modes/mode.js';
import type { LinkerConfig } from '../protocol/config-types.js';
import { isManagementToken } from '../protocol/management-token.js';
import type { TokenSource } from './token-source.js';

export class ModeSession {
  #current: { name: Mode; config: LinkerConfig; impl: LinkerMode } | undefined;

  constructor(private readonly tokens: TokenSource) {}

  /** The implementation last made, if any. */
  get mode(): LinkerMode | undefined {
    return this.#current?.impl;
  }

  /** The last mode made keeps its link's secrets on this page (not a host server). */
  keepsOwnState(): boolean {
    return !!this.#current && MODES[this.#current.name].tenant;
  }

  /**
   * `current()` says whether the work is still wanted (the configuration it began under, else
   * undefined): after each wait, work of an older configuration stops with an AbortError.
   */
  async resolve(config: LinkerConfig, current: () => LinkerConfig | undefined, known?: string): Promise<{ mode: LinkerMode; token: string }> {
    const needsToken = config.mode === 'auto' || MODES[config.mode].tenant;
    const token = known ?? (needsToken ? await this.tokens.get() : '');
    const name: Mode = config.mode !== 'auto' ? config.mode : isManagementToken(token, config.origin) ? 'management' : 'legacy';
    const factory = modeFactory(name);
    // Already loaded: no extra turn of the event loop between a click and what it starts.
    const create = factory instanceof Promise ? await factory : factory;
    // A new label or scope is the same work; another tenant, client, mode or user is not.
    const now = current();
    if (!now) throw new DOMException('the configuration changed', 'AbortError');
    let mode = this.#current;
    if (mode?.name !== name || mode.config !== now) {
      const scope = now.mode === 'auto' ? scopeFor(name, now.requestedScope) : now.scope;
      const { mode: _choice, ...forMode } = now;
      mode = { name, config: now, impl: create({ ...forMode, scope }) };
      this.#current = mode;
    }
    if (needsToken) mode.impl.checkToken(token);
    return { mode: mode.impl, token };
  }
}
