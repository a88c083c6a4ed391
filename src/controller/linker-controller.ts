// The whole flow of the element as a Lit ReactiveController, free of the DOM: loading the list,
// starting a link (redirect or popup), finishing it on return, unlinking. It records outcomes as
// data (`outcome.ts`); the element renders them. Nothing outside this class writes its state.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MODES } from '../modes/index.js';
import type { LinkerMode } from '../modes/mode.js';
import { readConfig, type ConfigInput, type LinkerConfig } from '../protocol/config.js';
import { LinkerError, isAbort, toLinkerError } from '../protocol/errors.js';
import { identityKey, type Identity, type IdentityProfile, type Profile } from '../protocol/identity.js';
import {
  cleanReturnUrl,
  PendingLinks,
  readReturnParams,
  returnPath,
  type PendingLink,
  type ReturnParams,
} from '../protocol/pending-link.js';
import { randomToken } from '../protocol/pkce.js';
import { tokenSubject } from '../protocol/token.js';
import { emit } from '../events.js';
import { describeError } from '../i18n/describe-error.js';
import type { SayContext } from '../i18n/describe.js';
import type { AccountLinkerStrings } from '../i18n/strings.js';
import type { Outcome, Said, ShownError } from './outcome.js';
import { POPUP_TIMEOUT_MS, type BrowserPort, type PopupHandle } from './port.js';
import { IdentityList } from './identity-list.js';
import { ModeSession } from './mode-session.js';
import { TokenSource } from './token-source.js';

export type Phase = 'idle' | 'loading' | 'ready' | 'failed';

/** The element the controller serves: Lit's host, and where its events are dispatched. */
export type LinkerHost = ReactiveControllerHost & EventTarget;

/** How long a return waits for the host to give a token. */
export const RETURN_TOKEN_WAIT_MS = 10_000;

/** The server says the identity is not (or no longer) linked. */
function isGone(error: unknown): boolean {
  return (
    error instanceof LinkerError &&
    error.code === 'http' &&
    (error.status === 404 || (error.status === 400 && /not linked|does not exist|not found/i.test(error.detail ?? '')))
  );
}

/** Outcomes that are not failures, shown calmly (`role="status"`). */
const CALM: ReadonlySet<string> = new Set(['popup-closed']);

export class LinkerController implements ReactiveController {
  /** The primary's token: the element's `accessToken` and `tokenProvider` write here. */
  readonly tokens = new TokenSource();

  #phase: Phase = 'idle';
  #list = new IdentityList();
  #error: ShownError | undefined;
  #notice: Said | undefined;
  #status: Said | undefined;
  #busy: ReadonlySet<string> = new Set();
  #linking = false;
  #added: string | undefined;
  /** An outcome the view has not yet moved focus for. */
  #focus: Outcome | undefined;

  #config: LinkerConfig | undefined;
  #modes = new ModeSession(this.tokens);
  #pending: PendingLinks;
  #loadController: AbortController | undefined;
  #popupController: AbortController | undefined;
  /** Aborted when the configuration or user changes: a link being finished stops where it is. */
  #work = new AbortController();
  /** Bumped whenever the tenant, client, mode or user changes: late answers of older work are dropped. */
  #generation = 0;
  #returnHandled = false;
  /** The generation whose return is being finished (it shows its own list). */
  #returning: number | undefined;
  #needsStart = false;
  /** The host gave the list (server-rendered): nothing is fetched at start. */
  #given = false;
  /** The user whose list is on show, when only the token's `sub` says who it is. */
  #subject: string | undefined;

  constructor(
    private readonly host: LinkerHost,
    private readonly port: BrowserPort,
    /** The table on show: the events' `message` is said in it. */
    private readonly strings: () => AccountLinkerStrings,
    pending = new PendingLinks(),
  ) {
    this.#pending = pending;
    host.addController(this);
  }

  get phase(): Phase { return this.#phase; }
  get list(): readonly Identity[] | undefined { return this.#list.items; }
  get error(): ShownError | undefined { return this.#error; }
  get notice(): Said | undefined { return this.#notice; }
  get status(): Said | undefined { return this.#status; }
  get busy(): ReadonlySet<string> { return this.#busy; }
  get linking(): boolean { return this.#linking; }
  /** The composite id of a row just added, to mark and focus it. */
  get added(): string | undefined { return this.#added; }
  get config(): LinkerConfig | undefined { return this.#config; }
  get given(): boolean { return this.#given; }

  hostConnected(): void {
    // Reconnected after a disconnect aborted a load: load again.
    if (this.#phase === 'loading' && this.#config) this.#schedule();
  }

  hostDisconnected(): void {
    this.#loadController?.abort();
  }

  /** The work the last update started (tests and hosts may wait for it). */
  settled: Promise<Outcome> = Promise.resolve({ is: 'none' });

  hostUpdated(): void {
    if (!this.#needsStart) return;
    this.#needsStart = false;
    this.settled = this.start();
  }

  /** The view has moved focus for the last outcome (or had none to move). */
  takeFocus(): Outcome | undefined {
    const focus = this.#focus;
    this.#focus = undefined;
    return focus;
  }

  #changed(): void {
    this.host.requestUpdate();
  }

  #schedule(): void {
    this.#needsStart = true;
    this.#changed();
  }

  /** Reads the inputs; a configuration error is shown and nothing runs until it is fixed. */
  configure(input: ConfigInput): void {
    let config: LinkerConfig;
    try {
      config = readConfig(input, this.port.href());
    } catch (error) {
      this.#invalidate();
      this.#config = undefined;
      if (this.#phase === 'loading') this.#phase = this.#list.items ? 'ready' : 'idle';
      this.fail(error);
      return;
    }
    const before = this.#config;
    this.#config = config;
    if (this.#error?.error.code === 'invalid-config') this.#error = undefined;
    this.#markPrimary();
    // Only another tenant, client, mode, endpoint or user makes the list stale; a new scope or label does not.
    const stale =
      !before ||
      before.origin !== config.origin ||
      before.mode !== config.mode ||
      before.clientId !== config.clientId ||
      before.endpoint !== config.endpoint ||
      before.userId !== config.userId;
    if (stale) {
      this.#invalidate();
      this.#schedule();
    }
  }

  /** Work begun under the configuration (or user) before this one must not change what is on show. */
  #invalidate(): void {
    this.#generation++;
    this.#loadController?.abort();
    this.#popupController?.abort();
    this.#work.abort();
    this.#work = new AbortController();
  }

  /** A token or provider was set or changed. */
  tokenChanged(): void {
    this.#markPrimary();
    if (this.tokens.has() && this.#error?.error.reason === 'tokenMissing') this.#error = undefined;
    // Without `user-id`, another `sub` is another person: nothing of the last one's may stay or be sent.
    const subject = tokenSubject(this.tokens.value);
    if (!this.#config?.userId && subject && this.#subject && subject !== this.#subject && !this.#given) {
      this.#invalidate();
      this.#list.clear();
      this.#phase = 'idle';
      this.#schedule();
      return;
    }
    // A token arriving before the list could load (or while it was failing to): load now.
    if (this.#config && !this.#given && this.#phase !== 'ready') this.#schedule();
    this.#changed();
  }

  /** The list from the host (server-rendered): shown as given, nothing fetched at start. */
  give(profile: Profile): void {
    this.#given = true;
    this.#loadController?.abort();
    if (this.#error && this.#error.error.code !== 'invalid-config') this.#error = undefined;
    this.#showProfile(profile, 'invalid-config');
    this.#phase = 'ready';
    this.#changed();
  }

  /** The host's list could not be read: said, and the list on show stays as it was. */
  refuseGiven(error: unknown): void {
    this.fail(error);
    if (!this.#list.items) this.#phase = 'failed';
  }

  /** First work once the configuration is valid: finish a returning link, else load the list. */
  async start(): Promise<Outcome> {
    const config = this.#config;
    if (!config) return { is: 'none' };
    // A return being finished under this configuration will show its own list.
    if (this.#returning === this.#generation) return { is: 'none' };
    if (!this.#returnHandled) {
      this.#returnHandled = true;
      const response = readReturnParams(this.port.href());
      // The server keeps server mode's transaction and says only `account_linker=done`; the other
      // modes keep theirs here and get the tenant's `state` and `code`. The other kind is not ours.
      const serverKept = config.mode !== 'auto' && !MODES[config.mode].tenant;
      if (response && !!response.done === serverKept) return this.#finishReturn(response);
    }
    await this.#loadUnlessGiven();
    return { is: 'loaded' };
  }

  async #loadUnlessGiven(): Promise<void> {
    if (!this.#given) await this.load();
  }

  /** Loads the list; false when it failed or was overtaken. */
  async load(): Promise<boolean> {
    if (!this.#config) return false;
    this.#loadController?.abort();
    const controller = new AbortController();
    this.#loadController = controller;
    const generation = this.#generation;
    this.#phase = 'loading';
    this.#status = { say: 'loading' };
    this.#changed();
    try {
      const { mode, token } = await this.#modeAndToken();
      const profile = await mode.loadProfile(token, controller.signal);
      if (controller.signal.aborted || generation !== this.#generation) return false;
      // A successful load answers an earlier failed load, not other errors (e.g. a state mismatch).
      if (this.#error?.load) this.#error = undefined;
      this.#subject = tokenSubject(token);
      this.#showProfile(profile);
      this.#phase = 'ready';
      this.#status = { say: 'loaded', count: profile.identities.length };
      return true;
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted || generation !== this.#generation) return false;
      this.#phase = this.#list.items ? 'ready' : 'failed';
      this.#status = undefined;
      this.fail(error, true);
      return false;
    } finally {
      if (this.#loadController === controller) this.#loadController = undefined;
      this.#changed();
    }
  }

  /**
   * Starts linking another account. Called from the click's task: a popup is opened before the
   * first `await`, or the browser's popup blocker stops it.
   */
  async link(connection?: string, serverState?: string): Promise<Outcome> {
    const config = this.#config;
    if (!config) throw new LinkerError('invalid-config', 'modeUnsupported');
    if (this.#linking) return { is: 'none' };
    let popup: PopupHandle | undefined;
    if (config.popup) {
      popup = this.port.openPopup();
      if (!popup) {
        this.fail(new LinkerError('popup-blocked', 'popupBlocked'));
        return this.#focusOn({ is: 'failed' });
      }
    }
    this.#linking = true;
    this.#notice = undefined;
    this.#changed();
    const generation = this.#generation;
    try {
      const { mode, token } = await this.#modeAndToken();
      const state = serverState || randomToken();
      const started = await mode.startLink(token, {
        state,
        connection,
        responseMode: popup ? 'web_message' : 'query',
        returnTo: returnPath(this.port.href()),
      });
      if (generation !== this.#generation) {
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
        ...(this.#list.items ? { known: this.#list.keys() } : {}),
      };
      // The server keeps its own transaction; a tenant's answer needs ours to be taken on return.
      if (!popup && this.#modes.keepsOwnState()) this.#pending.save(pending);
      if (!emit(this.host, 'account-link', { url: started.url, ...(connection ? { connection } : {}) })) {
        popup?.close();
        return this.#focusOn({ is: 'cancelled' });
      }
      if (!popup) {
        this.port.assign(started.url);
        return { is: 'navigating' };
      }
      popup.navigate(started.url);
      return this.#focusOn(await this.#waitForPopup(popup, mode, pending, token, generation));
    } catch (error) {
      popup?.close();
      if (!isAbort(error) && generation === this.#generation) this.fail(error);
      // A window the person closed is their choice, as a cancel at /authorize is.
      return this.#focusOn({ is: error instanceof LinkerError && CALM.has(error.code) ? 'cancelled' : 'failed' });
    } finally {
      this.#linking = false;
      this.#changed();
    }
  }

  /** Records an outcome for the view to move focus by (popup links, unlinks, returns). */
  #focusOn(outcome: Outcome): Outcome {
    if (this.#config?.popup || outcome.is === 'unlinked' || outcome.is === 'linked') this.#focus = outcome;
    this.#changed();
    return outcome;
  }

  async #waitForPopup(popup: PopupHandle, mode: LinkerMode, pending: PendingLink, token: string, generation: number): Promise<Outcome> {
    this.#popupController?.abort();
    const controller = new AbortController();
    this.#popupController = controller;
    this.#status = { say: 'popupWaiting' };
    this.#changed();
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
      if (this.#popupController === controller) this.#popupController = undefined;
    }
    if (generation !== this.#generation) return { is: 'none' };
    return this.#answer(response, pending, token, generation);
  }

  async #finishReturn(response: ReturnParams): Promise<Outcome> {
    const config = this.#config!;
    const generation = this.#generation;
    let pending: PendingLink | undefined;
    if (!response.done) {
      const taken = this.#pending.take(response.state, config);
      if (taken.status === 'foreign') {
        // Another element's link (another tenant, client or redirect URI): its element takes it.
        await this.#loadUnlessGiven();
        return { is: 'none' };
      }
      if (taken.status === 'unknown') {
        // Not ours, or used already: leave the address bar and the list alone.
        this.fail(new LinkerError('state-mismatch', 'stateMismatch'));
        await this.#loadUnlessGiven();
        return { is: 'failed' };
      }
      this.port.replaceUrl(cleanReturnUrl(this.port.href()));
      if (taken.status === 'expired') {
        this.fail(new LinkerError('state-mismatch', 'stateExpired'));
        await this.#loadUnlessGiven();
        return { is: 'failed' };
      }
      pending = taken.link;
    } else {
      this.port.replaceUrl(cleanReturnUrl(this.port.href()));
    }
    // A server-rendered list may come without any token: the server already rendered the new list.
    if (this.#given && !this.tokens.has() && !response.error && !response.done) {
      this.#linked(response.code, undefined);
      return this.#focusOn({ is: 'linked' });
    }
    let token = '';
    this.#returning = generation;
    let outcome: Outcome;
    try {
      if (!response.error && !response.done) {
        // An SPA may hand over its token a moment after the page starts: wait for it, briefly.
        try {
          await this.tokens.wait(RETURN_TOKEN_WAIT_MS);
          if (generation !== this.#generation) return { is: 'none' };
          token = (await this.#modeAndToken()).token;
        } catch (error) {
          if (generation === this.#generation) this.fail(error);
          return { is: 'failed' };
        }
      }
      // The configuration (or user) changed while the token was awaited: the code belongs to the
      // old one and is sent nowhere; the new configuration's list loads instead.
      if (generation !== this.#generation) return { is: 'none' };
      outcome = await this.#answer(response, pending!, token, generation);
    } finally {
      if (this.#returning === generation) this.#returning = undefined;
    }
    if (generation !== this.#generation) {
      this.#schedule();
      return { is: 'none' };
    }
    if (response.error) await this.#loadUnlessGiven();
    return this.#focusOn(outcome);
  }

  /** The authorization response, from the return URL or the popup: an error, or a link to finish. */
  async #answer(response: ReturnParams, pending: PendingLink | undefined, token: string, generation: number): Promise<Outcome> {
    if (response.error) {
      const detail = response.errorDescription ?? response.error;
      // Auth0 answers a person's "no" with access_denied; linking failures say "error"/"invalid".
      if (response.error === 'access_denied' && !/error|invalid|rule|blocked/i.test(detail)) {
        // The person said no: a calm notice for them, still an event for the host.
        this.fail(new LinkerError('authorize-error', 'cancelled', detail), false, true);
        return { is: 'cancelled' };
      }
      this.fail(new LinkerError('authorize-error', 'authorizeFailed', detail));
      return { is: 'failed' };
    }
    this.#status = { say: 'linking' };
    this.#changed();
    let profile: Profile | undefined;
    try {
      const { mode } = await this.#modeAndToken(token);
      if (generation !== this.#generation) return { is: 'none' };
      profile = await mode.completeLink(token, response, pending, this.#work.signal);
    } catch (error) {
      if (generation !== this.#generation) return { is: 'none' };
      this.#status = undefined;
      const calm = error instanceof LinkerError && CALM.has(error.code);
      this.fail(error);
      await this.#loadUnlessGiven();
      return { is: calm ? 'cancelled' : 'failed' };
    }
    if (generation !== this.#generation) return { is: 'none' };
    if (!profile) {
      // The server had no outcome to tell (a reload of a finished return): the list, as it is.
      this.#status = undefined;
      await this.#loadUnlessGiven();
      return { is: 'none' };
    }
    const before = new Set(pending?.known ?? this.#list.keys());
    if (this.#error && this.#error.error.code !== 'invalid-config') this.#error = undefined;
    this.#showProfile(profile);
    this.#phase = 'ready';
    this.#added = profile.added ?? profile.identities.map(identityKey).find((key) => !before.has(key));
    this.#linked(response.code, this.#added);
    return { is: 'linked', added: this.#added };
  }

  #linked(code: string | undefined, added: string | undefined): void {
    const identity = this.#list.find(added);
    this.#notice = { say: 'linked', identity };
    this.#status = { say: 'linked' };
    this.#changed();
    emit(this.host, 'account-linked', { identities: this.identities(), ...(code ? { code } : {}) });
  }

  /** Unlinks after the person confirmed (or the host called `unlink()`). */
  async unlink(identity: Identity): Promise<Outcome> {
    const key = identityKey(identity);
    if (this.#busy.has(key)) return { is: 'none' };
    // Only a row on show (another user's, from before a change of user, is not).
    if (!this.#list.has(key)) {
      this.fail(new LinkerError('invalid-config', 'unknownIdentity', key));
      return { is: 'failed' };
    }
    if (this.isPrimary(identity)) {
      this.fail(new LinkerError('primary-identity', 'primaryIdentity'));
      return { is: 'failed' };
    }
    if (!this.#config) throw new LinkerError('invalid-config', 'modeUnsupported');
    this.#busy = new Set([...this.#busy, key]);
    this.#changed();
    const generation = this.#generation;
    try {
      if (!emit(this.host, 'account-unlink', { identity: { ...identity } })) return { is: 'cancelled' };
      this.#status = { say: 'unlinking', identity };
      this.#notice = undefined;
      this.#changed();
      const { mode, token } = await this.#modeAndToken();
      if (generation !== this.#generation) return { is: 'none' };
      const rest = await mode.unlink(token, identity, this.#list.primaryKey);
      if (generation !== this.#generation) return { is: 'none' };
      return this.#unlinked(identity, rest);
    } catch (error) {
      if (generation !== this.#generation || isAbort(error)) return { is: 'none' };
      // "Not linked" after an answer that got lost: the server already did it. Believe the list.
      const index = this.#list.keys().indexOf(key);
      if (isGone(error) && (await this.load()) && generation === this.#generation && !this.#list.has(key)) {
        return this.#unlinked(identity, undefined, index);
      }
      if (generation === this.#generation) {
        this.#status = undefined;
        this.fail(error);
      }
      return { is: 'failed' };
    } finally {
      const busy = new Set(this.#busy);
      busy.delete(key);
      this.#busy = busy;
      this.#changed();
    }
  }

  /** The row is gone: new list, notice, focus, then `account-unlinked`. */
  #unlinked(identity: Identity, rest: Identity[] | undefined, at?: number): Outcome {
    const key = identityKey(identity);
    const index = at ?? this.#list.keys().indexOf(key);
    this.#list.set(rest ?? (this.#list.items ?? []).filter((item) => identityKey(item) !== key));
    this.#markPrimary();
    this.#status = { say: 'unlinked', identity };
    this.#notice = this.#status;
    if (this.#error && this.#error.error.code !== 'invalid-config') this.#error = undefined;
    const outcome = this.#focusOn({ is: 'unlinked', index: Math.max(index, 0) });
    emit(this.host, 'account-unlinked', { identity: { ...identity }, identities: this.identities() });
    return outcome;
  }

  /**
   * Shows and reports an error. `load`: a load failed (a retry may be offered; the next load that
   * works clears it). `calm`: an outcome the person chose, shown as a notice.
   */
  fail(error: unknown, load = false, calm = false): void {
    const linkerError = toLinkerError(error);
    // Trying again can help only a network failure, a server's own failure or a rate limit.
    const status = linkerError.status ?? 0;
    const retry = load && (linkerError.code === 'network' || status >= 500 || status === 429);
    if (calm || CALM.has(linkerError.code)) {
      // Calm: the sentence alone (the detail still goes to the host in the event).
      this.#notice = { say: 'calm', error: linkerError };
      this.#status = { say: 'calmDetail', error: linkerError };
    } else {
      this.#error = { error: linkerError, retry, load };
    }
    this.#changed();
    this.#report(linkerError);
  }

  /** `account-linker-error` for an error, said in the table on show. */
  #report(error: LinkerError): void {
    const message = describeError(error, this.strings(), this.tokens.secrets(), this.#config?.origin);
    emit(this.host, 'account-linker-error', {
      code: error.code,
      message,
      ...(error.status !== undefined ? { status: error.status } : {}),
    });
  }

  /** A method called while the set-up is wrong: the set-up error, reported again. */
  reportSetup(): void {
    const shown = this.#error;
    if (shown?.error.code === 'invalid-config') this.#report(shown.error);
  }

  dismiss(): void {
    this.#error = undefined;
    this.#changed();
  }

  identities(): Identity[] {
    return this.#list.copies();
  }

  isPrimary(identity: Identity): boolean {
    return this.#list.isPrimary(identity);
  }

  profileOf(identity: Identity): IdentityProfile {
    return this.#list.profileOf(identity);
  }

  accountLabel(identity: Identity, strings: AccountLinkerStrings): string {
    return this.#list.label(identity, strings);
  }

  #markPrimary(): void {
    this.#list.markPrimary(this.#config?.userId, tokenSubject(this.tokens.value));
  }

  /** What the view needs to say the outcomes in a table. */
  sayContext(strings: AccountLinkerStrings): SayContext {
    return {
      label: (identity) => this.accountLabel(identity, strings),
      secrets: this.tokens.secrets(),
      origin: this.#config?.origin,
    };
  }

  /** The mode's implementation and its token, for work begun under this configuration. */
  async #modeAndToken(known?: string): Promise<{ mode: LinkerMode; token: string }> {
    const generation = this.#generation;
    const config = this.#config;
    if (!config) throw new LinkerError('invalid-config', 'modeUnsupported');
    return this.#modes.resolve(config, () => (generation === this.#generation ? this.#config : undefined), known);
  }

  /** Shows a list; malformed identities left out of it are reported once, the rest shown. */
  #showProfile(profile: Profile, code: LinkerError['code'] = 'bad-response'): void {
    this.#list.show(profile);
    this.#markPrimary();
    // From the server, a retry may bring them back; the host's own list will not change by retrying.
    if (profile.skipped) this.fail(new LinkerError(code, 'someIdentitiesInvalid', String(profile.skipped)), code === 'bad-response');
  }
}
