// Linking another account: starting it (redirect or popup), waiting for the popup, and finishing
// it when the answer comes back (a return to the page, or the popup's message). Part of the
// controller (`linker-controller.ts`), which hands it what it needs through `LinkContext`. DOM-free.
import { emit } from '../events.js';
import type { LinkerMode } from '../modes/mode.js';
import type { LinkerConfig } from '../protocol/config-types.js';
import { LinkerError, isAbort } from '../protocol/errors.js';
import { identityKey, type Profile } from '../protocol/identity.js';
import { PendingLinks, type PendingLink } from '../protocol/pending-link.js';
import { cleanReturnUrl, returnPath, type ReturnParams } from '../protocol/return-url.js';
import { randomToken } from '../protocol/pkce.js';
import type { IdentityList } from './identity-list.js';
import { CALM, RETURN_TOKEN_WAIT_MS, type Outcome, type Said } from './outcome.js';
import { POPUP_TIMEOUT_MS, type BrowserPort, type PopupHandle } from './port.js';
import type { TokenSource } from './token-source.js';


/** The controller's state this flow writes (the controller shows it read-only). */
export interface LinkState {
  linking: boolean;
  notice: Said | undefined;
  status: Said | undefined;
}

/** What the flow needs from the controller. */
export interface LinkContext {
  host: EventTarget;
  port: BrowserPort;
  tokens: TokenSource;
  /** Where a link's `state` and secrets wait for its return (sessionStorage by default). */
  pending?: PendingLinks | undefined;
  list: IdentityList;
  state: LinkState;
  config(): LinkerConfig | undefined;
  /** Bumped when the configuration or user changes: work of an older one stops. */
  generation(): number;
  /** Aborted when the generation changes. */
  signal(): AbortSignal;
  given(): boolean;
  keepsOwnState(): boolean;
  modeAndToken(known?: string): Promise<{ mode: LinkerMode; token: string }>;
  fail(error: unknown, load?: boolean, calm?: boolean): Promise<void>;
  /** A new list after a link: shown, errors of before cleared, `added` marked. */
  show(profile: Profile, added: string | undefined): void;
  loadUnlessGiven(): Promise<void>;
  schedule(): void;
  focusOn(outcome: Outcome): Outcome;
  changed(): void;
}

export class LinkFlow {
  #popup: AbortController | undefined;
  /** The generation whose return is being finished (it shows its own list). */
  returning: number | undefined;

  readonly #pending: PendingLinks;

  constructor(private readonly ctx: LinkContext) {
    this.#pending = ctx.pending ?? new PendingLinks();
  }

  /** The primary's email, name and picture on show, for its row on the return page. */
  #primaryProfile(): { profile?: PendingLink['profile'] } {
    const primary = this.ctx.list.items?.find((identity) => this.ctx.list.isPrimary(identity));
    if (!primary) return {};
    const { email, name, nickname, picture } = this.ctx.list.profileOf(primary);
    const profile = Object.fromEntries(Object.entries({ email, name, nickname, picture }).filter(([, text]) => typeof text === 'string'));
    return Object.keys(profile).length ? { profile } : {};
  }

  /** The configuration changed: a popup being waited for is given up. */
  abort(): void {
    this.#popup?.abort();
  }

  /**
   * Starts linking another account; the controller has checked the configuration, marked the link
   * as running and opened the popup (in the click's task, or the popup blocker stops it).
   */
  async link(
    config: LinkerConfig,
    connection: string | undefined,
    serverState: string | undefined,
    popup: PopupHandle | undefined,
    loginHint?: string,
  ): Promise<Outcome> {
    this.ctx.state.linking = true;
    this.ctx.state.notice = undefined;
    this.ctx.changed();
    const generation = this.ctx.generation();
    try {
      const { mode, token } = await this.ctx.modeAndToken();
      const state = serverState || randomToken();
      const started = await mode.startLink(token, {
        state,
        connection,
        responseMode: popup ? 'web_message' : 'query',
        returnTo: returnPath(this.ctx.port.href()),
        loginHint,
      });
      if (generation !== this.ctx.generation()) {
        popup?.close();
        return { is: 'none' };
      }
      const pending: PendingLink = {
        state,
        origin: config.origin,
        clientId: config.clientId,
        redirectUri: config.redirectUri,
        createdAt: Date.now(),
        ...started.secrets,
        ...(connection ? { connection } : {}),
        ...(this.ctx.list.items ? { known: this.ctx.list.keys() } : {}),
        ...this.#primaryProfile(),
      };
      // The server keeps its own transaction; a tenant's answer needs ours to be taken on return.
      if (!popup && this.ctx.keepsOwnState()) this.#pending.save(pending);
      if (!emit(this.ctx.host, 'account-link', { url: started.url, ...(connection ? { connection } : {}) })) {
        popup?.close();
        return this.ctx.focusOn({ is: 'cancelled' });
      }
      if (!popup) {
        this.ctx.port.assign(started.url);
        return { is: 'navigating' };
      }
      popup.navigate(started.url);
      return this.ctx.focusOn(await this.#waitForPopup(popup, mode, pending, token, generation));
    } catch (error) {
      popup?.close();
      if (!isAbort(error) && generation === this.ctx.generation()) await this.ctx.fail(error);
      // A window the person closed is their choice, as a cancel at /authorize is.
      return this.ctx.focusOn({ is: error instanceof LinkerError && CALM.has(error.code) ? 'cancelled' : 'failed' });
    } finally {
      this.ctx.state.linking = false;
      this.ctx.changed();
    }
  }

  async #waitForPopup(popup: PopupHandle, mode: LinkerMode, pending: PendingLink, token: string, generation: number): Promise<Outcome> {
    this.#popup?.abort();
    const controller = new AbortController();
    this.#popup = controller;
    this.ctx.state.status = { say: 'popupWaiting' };
    this.ctx.changed();
    let response: ReturnParams;
    try {
      response = await popup.response(mode.popupExpectation(pending.state), {
        timeoutMs: POPUP_TIMEOUT_MS,
        signal: controller.signal,
      });
    } catch (error) {
      // A window closed without a word may still have finished at a server that keeps the outcome.
      if (!(error instanceof LinkerError && error.code === 'popup-closed' && mode.closedPopupMayHaveLinked)) throw error;
      response = { state: pending.state, done: true, closed: true };
    } finally {
      popup.close();
      if (this.#popup === controller) this.#popup = undefined;
    }
    if (generation !== this.ctx.generation()) return { is: 'none' };
    return this.#answer(response, pending, token, generation);
  }

  async finishReturn(response: ReturnParams): Promise<Outcome> {
    const config = this.ctx.config()!;
    const generation = this.ctx.generation();
    let pending: PendingLink | undefined;
    if (!response.done) {
      const taken = this.#pending.take(response.state, config);
      if (taken.status === 'foreign') {
        // Another element's link (another tenant, client or redirect URI): its element takes it.
        await this.ctx.loadUnlessGiven();
        return { is: 'none' };
      }
      if (taken.status === 'unknown') {
        // Not ours, or used already: leave the address bar and the list alone.
        await this.ctx.fail(new LinkerError('state-mismatch', 'stateMismatch'));
        await this.ctx.loadUnlessGiven();
        return { is: 'failed' };
      }
      this.ctx.port.replaceUrl(cleanReturnUrl(this.ctx.port.href()));
      if (taken.status === 'expired') {
        await this.ctx.fail(new LinkerError('state-mismatch', 'stateExpired'));
        await this.ctx.loadUnlessGiven();
        return { is: 'failed' };
      }
      pending = taken.link;
    } else {
      this.ctx.port.replaceUrl(cleanReturnUrl(this.ctx.port.href()));
    }
    // A server-rendered list may come without any token: the server already rendered the new list.
    if (this.ctx.given() && !this.ctx.tokens.has() && !response.error && !response.done) {
      this.#linked(response.code, undefined);
      return this.ctx.focusOn({ is: 'linked' });
    }
    let token = '';
    this.returning = generation;
    let outcome: Outcome;
    try {
      if (!response.error && !response.done) {
        // An SPA may hand over its token a moment after the page starts: wait for it, briefly.
        try {
          await this.ctx.tokens.wait(RETURN_TOKEN_WAIT_MS);
          if (generation !== this.ctx.generation()) return { is: 'none' };
          token = (await this.ctx.modeAndToken()).token;
        } catch (error) {
          if (generation === this.ctx.generation()) await this.ctx.fail(error);
          return { is: 'failed' };
        }
      }
      // The configuration (or user) changed while the token was awaited: the code belongs to the
      // old one and is sent nowhere; the new configuration's list loads instead.
      if (generation !== this.ctx.generation()) return { is: 'none' };
      outcome = await this.#answer(response, pending!, token, generation);
    } finally {
      if (this.returning === generation) this.returning = undefined;
    }
    if (generation !== this.ctx.generation()) {
      this.ctx.schedule();
      return { is: 'none' };
    }
    if (response.error) await this.ctx.loadUnlessGiven();
    return this.ctx.focusOn(outcome);
  }

  /** The authorization response, from the return URL or the popup: an error, or a link to finish. */
  async #answer(response: ReturnParams, pending: PendingLink | undefined, token: string, generation: number): Promise<Outcome> {
    if (response.error) {
      const detail = response.errorDescription ?? response.error;
      // Auth0 answers a person's "no" with access_denied; linking failures say "error"/"invalid".
      if (response.error === 'access_denied' && !/error|invalid|rule|blocked/i.test(detail)) {
        // The person said no: a calm notice for them, still an event for the host.
        await this.ctx.fail(new LinkerError('authorize-error', 'cancelled', detail), false, true);
        return { is: 'cancelled' };
      }
      await this.ctx.fail(new LinkerError('authorize-error', 'authorizeFailed', detail));
      return { is: 'failed' };
    }
    this.ctx.state.status = { say: 'linking' };
    this.ctx.changed();
    let profile: Profile | undefined;
    try {
      const { mode } = await this.ctx.modeAndToken(token);
      if (generation !== this.ctx.generation()) return { is: 'none' };
      profile = await mode.completeLink(token, response, pending, this.ctx.signal());
    } catch (error) {
      if (generation !== this.ctx.generation()) return { is: 'none' };
      this.ctx.state.status = undefined;
      const calm = error instanceof LinkerError && (CALM.has(error.code) || error.reason === 'cancelled');
      await this.ctx.fail(error, false, calm);
      await this.ctx.loadUnlessGiven();
      return { is: calm ? 'cancelled' : 'failed' };
    }
    if (generation !== this.ctx.generation()) return { is: 'none' };
    if (!profile) {
      // The server had no outcome to tell (a reload of a finished return): the list, as it is.
      this.ctx.state.status = undefined;
      await this.ctx.loadUnlessGiven();
      return { is: 'none' };
    }
    const before = new Set(pending?.known ?? this.ctx.list.keys());
    const added = profile.added ?? profile.identities.map(identityKey).find((key) => !before.has(key));
    this.ctx.show(profile, added);
    this.#linked(response.code, added);
    return { is: 'linked', added };
  }

  #linked(code: string | undefined, added: string | undefined): void {
    const identity = this.ctx.list.find(added);
    this.ctx.state.notice = { say: 'linked', identity };
    this.ctx.state.status = { say: 'linked' };
    this.ctx.changed();
    emit(this.ctx.host, 'account-linked', { identities: this.ctx.list.copies(), ...(code ? { code } : {}) });
  }
}
