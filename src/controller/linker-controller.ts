import { legacyMode } from '../modes/legacy.js';
import { managementMode } from '../modes/management.js';
import type { LinkerMode, ModeFactory } from '../modes/mode.js';
import { POPUP_TIMEOUT_MS, type BrowserPort, type PopupHandle } from './port.js';
import type { LinkerConfig, Mode } from '../protocol/config.js';
import { LinkerError, isAbort, toLinkerError } from '../protocol/errors.js';
import type { AccountLinkerEventMap, EventDetail } from '../events.js';
import { displayText, identityKey, primaryIndex, profileName, type Identity, type IdentityProfile, type Profile } from '../protocol/identity.js';
import { describeError, describeErrorParts, type ErrorText } from '../i18n/describe-error.js';
import { cleanReturnUrl, PendingLinks, readReturnParams, type PendingLink, type ReturnParams } from '../protocol/pending-link.js';
import { randomToken } from '../protocol/pkce.js';
import { connectionName } from '../protocol/providers.js';
import type { AccountLinkerStrings } from '../i18n/strings.js';
import { tokenSubject } from '../protocol/token.js';

/** Adding a mode is a file under `src/api/` and a line here. */
const MODES: Record<Mode, ModeFactory> = { legacy: legacyMode, management: managementMode };

export type Phase = 'idle' | 'loading' | 'ready' | 'failed';

export interface ShownError {
  error: LinkerError;
  message: string;
  /** A retry button reloads the list (shown for failed loads). */
  retry: boolean;
}

/** What the flow needs from the element that shows it. */
export interface ControllerHost {
  /** Something on show changed: render again. */
  changed(): void;
  /** Fires an event; false when a listener cancelled it. */
  emit<K extends keyof AccountLinkerEventMap>(name: K, detail: EventDetail<K>): boolean;
  /** The primary's token (property, else provider), checked; throws `missing-token`. */
  token(): Promise<string>;
  /** The raw token on the element, if any (to find the primary and to scrub messages). */
  rawToken(): string;
  hasTokenSource(): boolean;
  /** Resolves when a token or provider is set (or after `ms`). */
  tokenArrival(ms: number): Promise<void>;
  strings(): AccountLinkerStrings;
  /** A row is gone (at this index): the view moves focus before anyone hears `account-unlinked`. */
  removed(index: number): void;
}

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

/** A text on show as a function of the strings table, so that another language can say it again. */
type Say = (strings: AccountLinkerStrings) => string;

/** Outcomes that are not failures, shown calmly (`role="status"`). */
const CALM: ReadonlySet<string> = new Set(['popup-closed']);

/**
 * The whole flow of the element, free of the DOM: loading the list, starting a link (redirect or
 * popup), finishing it on return, unlinking, and the state on show. The element renders the
 * state this holds and forwards the person's actions here.
 */
export class LinkerController {
  phase: Phase = 'idle';
  list: Identity[] | undefined;
  error: ShownError | undefined;
  /** A visible, polite outcome (a link made, an unlink done, a cancel). */
  notice: string | undefined;
  /** The live region's text. */
  status = '';
  busy: ReadonlySet<string> = new Set();
  linking = false;
  /** The composite id of a row just added, to mark and focus it. */
  added: string | undefined;

  #config: LinkerConfig | undefined;
  #mode: LinkerMode | undefined;
  #primaryProfile: IdentityProfile = {};
  #profileUserId: string | undefined;
  #primaryKey: string | undefined;
  #pending: PendingLinks;
  #loadController: AbortController | undefined;
  #popupController: AbortController | undefined;
  /** Bumped whenever the tenant, client or mode changes: late answers of older work are dropped. */
  #generation = 0;
  #returnHandled = false;
  #returning = false;
  /** Tokens this element sent (from the property or the provider): scrubbed from every message. */
  #secrets = new Set<string>();
  /** The host gave the list (server-rendered): nothing is fetched at start. */
  given = false;
  /** What `notice`, `status` and the error say, kept as `Say`s for `relocalize()`. */
  #noticeOf: Say | undefined;
  #statusOf: Say | undefined;
  #errorOf: { shown: ShownError; say: Say } | undefined;

  constructor(
    private readonly host: ControllerHost,
    private readonly browser: BrowserPort,
    pending = new PendingLinks(),
  ) {
    this.#pending = pending;
  }

  get config(): LinkerConfig | undefined {
    return this.#config;
  }

  /** Takes a new checked configuration; true when the list on show became stale (reload). */
  configure(config: LinkerConfig): boolean {
    const before = this.#config;
    this.#config = config;
    this.#mode = MODES[config.mode](config);
    if (this.error?.error.code === 'invalid-config') this.error = undefined;
    this.markPrimary();
    // Only another tenant, client or mode makes the list stale; a new scope or label does not.
    const stale =
      !before ||
      before.origin !== config.origin ||
      before.mode !== config.mode ||
      before.clientId !== config.clientId ||
      before.userId !== config.userId;
    if (stale) this.#invalidate();
    return stale;
  }

  /** Work begun under the configuration before this one must not change what is on show. */
  #invalidate(): void {
    this.#generation++;
    this.#loadController?.abort();
    this.#popupController?.abort();
  }

  /** A configuration error: nothing can run until it is fixed. */
  unconfigure(error: unknown): void {
    this.#invalidate();
    this.#config = undefined;
    this.#mode = undefined;
    if (this.phase === 'loading') this.phase = this.list ? 'ready' : 'idle';
    this.fail(error);
  }

  /** The list from the host (server-rendered). */
  setGiven(profile: Profile): void {
    this.given = true;
    this.#loadController?.abort();
    if (this.error && this.error.error.code !== 'invalid-config') this.error = undefined;
    this.#showProfile(profile, 'invalid-config');
    this.phase = 'ready';
    this.host.changed();
  }

  disconnect(): void {
    this.#loadController?.abort();
  }

  /** First work once the configuration is valid: finish a returning link, else load the list. */
  async start(): Promise<void> {
    // A return being finished will show its own list.
    if (this.#returning) return;
    if (!this.#returnHandled) {
      this.#returnHandled = true;
      const response = readReturnParams(this.browser.href());
      if (response) return this.#finishReturn(response);
    }
    await this.loadUnlessGiven();
  }

  async loadUnlessGiven(): Promise<void> {
    if (!this.given) await this.load();
  }

  /** Loads the list; false when it failed or was overtaken. */
  async load(): Promise<boolean> {
    const mode = this.#mode;
    if (!mode) return false;
    this.#loadController?.abort();
    const controller = new AbortController();
    this.#loadController = controller;
    this.phase = 'loading';
    this.#setStatus((strings) => strings.loading);
    this.host.changed();
    try {
      const token = await this.#token(mode);
      const profile = await mode.loadProfile(token, controller.signal);
      if (controller.signal.aborted) return false;
      // A successful load answers an earlier failed load, not other errors (e.g. a state mismatch).
      if (this.error?.retry) this.error = undefined;
      this.#showProfile(profile);
      this.phase = 'ready';
      const count = profile.identities.length;
      this.#setStatus((strings) => strings.loaded(count));
      return true;
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return false;
      this.phase = this.list ? 'ready' : 'failed';
      this.#setStatus(undefined);
      this.fail(error, true);
      return false;
    } finally {
      if (this.#loadController === controller) this.#loadController = undefined;
      this.host.changed();
    }
  }

  /**
   * Starts linking another account. Called from the click's task: a popup is opened before the
   * first `await`, or the browser's popup blocker stops it.
   */
  async link(connection?: string, serverState?: string): Promise<void> {
    const config = this.#config;
    const mode = this.#mode;
    if (!config || !mode) throw new LinkerError('invalid-config', 'modeUnsupported');
    if (this.linking) return;
    let popup: PopupHandle | undefined;
    if (config.popup) {
      popup = this.browser.openPopup();
      if (!popup) return this.fail(new LinkerError('popup-blocked', 'popupBlocked'));
    }
    this.linking = true;
    this.#setNotice(undefined);
    this.host.changed();
    const generation = this.#generation;
    try {
      const token = await this.#token(mode);
      const state = serverState || randomToken();
      const { url, secrets } = await mode.startLink(token, { state, connection, responseMode: popup ? 'web_message' : 'query' });
      const pending: PendingLink = {
        state,
        origin: config.origin,
        clientId: config.clientId,
        redirectUri: config.redirectUri,
        createdAt: Date.now(),
        ...secrets,
        ...(connection ? { connection } : {}),
        ...(this.list ? { known: this.list.map(identityKey) } : {}),
      };
      if (!popup) this.#pending.save(pending);
      if (!this.host.emit('account-link', { url, ...(connection ? { connection } : {}) })) {
        popup?.close();
        return;
      }
      if (!popup) {
        this.browser.assign(url);
        return;
      }
      popup.navigate(url);
      await this.#waitForPopup(popup, pending, token, generation);
    } catch (error) {
      popup?.close();
      if (!isAbort(error) && generation === this.#generation) this.fail(error);
    } finally {
      this.linking = false;
      this.host.changed();
    }
  }

  async #waitForPopup(popup: PopupHandle, pending: PendingLink, token: string, generation: number): Promise<void> {
    this.#popupController?.abort();
    const controller = new AbortController();
    this.#popupController = controller;
    this.#setStatus((strings) => strings.popupWaiting);
    this.host.changed();
    let response: ReturnParams;
    try {
      response = await popup.response(
        { origin: pending.origin, state: pending.state },
        { timeoutMs: POPUP_TIMEOUT_MS, signal: controller.signal },
      );
    } finally {
      popup.close();
      if (this.#popupController === controller) this.#popupController = undefined;
    }
    if (generation !== this.#generation) return;
    await this.#answer(response, pending, token);
  }

  async #finishReturn(response: ReturnParams): Promise<void> {
    const config = this.#config;
    if (!config) return;
    const taken = this.#pending.take(response.state, config);
    if (taken.status === 'foreign') {
      // Another element's link (another tenant, client or redirect URI): its element takes it.
      this.#returnHandled = true;
      await this.loadUnlessGiven();
      return;
    }
    if (taken.status === 'unknown') {
      // Not ours, or used already: leave the address bar and the list alone.
      this.fail(new LinkerError('state-mismatch', 'stateMismatch'));
      await this.loadUnlessGiven();
      return;
    }
    this.browser.replaceUrl(cleanReturnUrl(this.browser.href()));
    if (taken.status === 'expired') {
      this.fail(new LinkerError('state-mismatch', 'stateExpired'));
      await this.loadUnlessGiven();
      return;
    }
    // A server-rendered list may come without any token: the server already rendered the new list.
    if (this.given && !this.host.hasTokenSource() && !response.error) {
      this.#linked(response.code);
      return;
    }
    let token = '';
    this.#returning = true;
    try {
      if (!response.error) {
        // An SPA may hand over its token a moment after the page starts: wait for it, briefly.
        if (!this.host.hasTokenSource()) await this.host.tokenArrival(RETURN_TOKEN_WAIT_MS);
        if (!this.host.hasTokenSource()) return this.fail(new LinkerError('missing-token', 'tokenLate'));
        try {
          token = await this.#token(this.#mode!);
        } catch (error) {
          this.fail(error);
          return;
        }
      }
      await this.#answer(response, taken.link, token);
    } finally {
      this.#returning = false;
    }
    if (response.error) await this.loadUnlessGiven();
  }

  /** The authorization response, from the return URL or the popup: an error, or a link to finish. */
  async #answer(response: ReturnParams, pending: PendingLink, token: string): Promise<void> {
    const mode = this.#mode;
    if (!mode) return;
    if (response.error) {
      const detail = response.errorDescription ?? response.error;
      // Auth0 answers a person's "no" with access_denied; linking failures say "error"/"invalid".
      if (response.error === 'access_denied' && !/error|invalid|rule|blocked/i.test(detail)) {
        // The person said no: a calm notice for them, still an event for the host.
        return this.fail(new LinkerError('authorize-error', 'cancelled', detail), false, true);
      }
      return this.fail(new LinkerError('authorize-error', 'authorizeFailed', detail));
    }
    const generation = this.#generation;
    this.#setStatus((strings) => strings.linking);
    this.host.changed();
    let profile: Profile;
    try {
      profile = await mode.completeLink(token, response, pending);
    } catch (error) {
      if (generation !== this.#generation) return;
      this.fail(error);
      await this.loadUnlessGiven();
      return;
    }
    if (generation !== this.#generation) return;
    const before = new Set(pending.known ?? this.list?.map(identityKey) ?? []);
    if (this.error && this.error.error.code !== 'invalid-config') this.error = undefined;
    this.#showProfile(profile);
    this.phase = 'ready';
    this.added = profile.identities.map(identityKey).find((key) => !before.has(key));
    this.#linked(response.code);
  }

  #linked(code: string | undefined): void {
    const added = this.list?.find((identity) => identityKey(identity) === this.added);
    this.#setNotice((strings) => (added ? strings.linkedAccount(this.accountLabel(added)) : strings.linked));
    this.#setStatus((strings) => strings.linked);
    this.host.changed();
    this.host.emit('account-linked', { identities: this.identities(), ...(code ? { code } : {}) });
  }

  /** Unlinks after the person confirmed (or the host called `unlink()`); true when it was done. */
  async unlink(identity: Identity): Promise<boolean> {
    const key = identityKey(identity);
    if (this.busy.has(key)) return false;
    if (this.isPrimary(identity)) {
      this.fail(new LinkerError('primary-identity', 'primaryIdentity'));
      return false;
    }
    const mode = this.#mode;
    if (!mode) throw new LinkerError('invalid-config', 'modeUnsupported');
    this.busy = new Set([...this.busy, key]);
    this.host.changed();
    const generation = this.#generation;
    try {
      if (!this.host.emit('account-unlink', { identity: { ...identity } })) return false;
      // The label names the provider, which the table may translate: a new language says it anew.
      this.#setStatus((strings) => strings.unlinking(this.accountLabel(identity)));
      this.#setNotice(undefined);
      this.host.changed();
      const token = await this.#token(mode);
      const rest = await mode.unlink(token, identity, this.#primaryKey);
      if (generation !== this.#generation) return false;
      this.#unlinked(identity, rest);
      return true;
    } catch (error) {
      if (generation !== this.#generation || isAbort(error)) return false;
      // "Not linked" after an answer that got lost: the server already did it. Believe the list.
      if (isGone(error) && (await this.load()) && generation === this.#generation && !this.#has(key)) {
        this.#unlinked(identity, this.list ?? []);
        return true;
      }
      if (generation === this.#generation) this.fail(error);
      return false;
    } finally {
      const busy = new Set(this.busy);
      busy.delete(key);
      this.busy = busy;
      this.host.changed();
    }
  }

  #has(key: string): boolean {
    return !!this.list?.some((item) => identityKey(item) === key);
  }

  /** The row is gone: new list, notice, focus, then `account-unlinked`. */
  #unlinked(identity: Identity, rest: Identity[] | undefined): void {
    const key = identityKey(identity);
    const index = (this.list ?? []).findIndex((item) => identityKey(item) === key);
    this.list = rest ?? (this.list ?? []).filter((item) => identityKey(item) !== key);
    this.markPrimary();
    this.#setStatus((strings) => strings.unlinked(this.accountLabel(identity)));
    this.#setNotice(this.#statusOf);
    if (this.error && this.error.error.code !== 'invalid-config') this.error = undefined;
    this.host.changed();
    this.host.removed(Math.max(index, 0));
    this.host.emit('account-unlinked', { identity: { ...identity }, identities: this.identities() });
  }

  /** Shows and reports an error. `calm`: an outcome the person chose, shown as a notice. */
  fail(error: unknown, retry = false, calm = false): void {
    const linkerError = toLinkerError(error);
    const secrets = this.#scrubbed();
    const origin = this.#config?.origin;
    const say: Say = (strings) => describeError(linkerError, strings, secrets, origin);
    const message = say(this.host.strings());
    if (calm || CALM.has(linkerError.code)) {
      // Calm: the sentence alone (the detail still goes to the host in the event).
      this.#setNotice((strings) => describeErrorParts(linkerError, strings, secrets, origin).sentence);
      this.#setStatus(say);
    } else {
      this.error = { error: linkerError, message, retry };
      this.#errorOf = { shown: this.error, say };
    }
    this.host.changed();
    this.emitError(linkerError.code, message, linkerError.status);
  }

  /** The error on show in pieces, in the language on show: the sentence first, the technical detail apart. */
  errorText(shown: ShownError): ErrorText {
    return describeErrorParts(shown.error, this.host.strings(), this.#scrubbed(), this.#config?.origin);
  }

  emitError(code: LinkerError['code'], message: string, status?: number): void {
    this.host.emit('account-linker-error', { code, message, ...(status !== undefined ? { status } : {}) });
  }

  dismiss(): void {
    this.error = undefined;
    this.host.changed();
  }

  /** A token (or a tokenProvider) was given: an error saying there was none is no longer true. */
  tokenGiven(): void {
    if (this.error?.error.reason !== 'tokenMissing') return;
    this.error = undefined;
    this.host.changed();
  }

  dismissNotice(): void {
    this.#setNotice(undefined);
    this.host.changed();
  }

  /** The strings table changed (another language, new overrides): what is on show says it again. */
  relocalize(): void {
    const strings = this.host.strings();
    if (this.#noticeOf && this.notice !== undefined) this.notice = this.#noticeOf(strings);
    if (this.#statusOf) this.status = this.#statusOf(strings);
    if (this.error && this.#errorOf?.shown === this.error) this.error.message = this.#errorOf.say(strings);
    this.host.changed();
  }

  #setNotice(say: Say | undefined): void {
    this.#noticeOf = say;
    this.notice = say?.(this.host.strings());
  }

  #setStatus(say: Say | undefined): void {
    this.#statusOf = say;
    this.status = say ? say(this.host.strings()) : '';
  }

  identities(): Identity[] {
    return (this.list ?? []).map((identity) => ({ ...identity }));
  }

  isPrimary(identity: Identity): boolean {
    return identityKey(identity) === this.#primaryKey;
  }

  markPrimary(): void {
    const list = this.list;
    if (!list) return;
    const userId = this.#config?.userId ?? this.#profileUserId ?? tokenSubject(this.host.rawToken());
    const index = primaryIndex(list, userId);
    this.#primaryKey = index >= 0 ? identityKey(list[index]!) : undefined;
  }

  profileOf(identity: Identity): IdentityProfile {
    return this.isPrimary(identity) ? { ...identity.profileData, ...this.#primaryProfile } : identity.profileData ?? {};
  }

  providerLabel(identity: Identity): string {
    const names = this.host.strings().providers;
    return connectionName(identity.connection, names);
  }

  /** "Provider (name)", cleaned and capped: it goes into sentences and accessible names. */
  accountLabel(identity: Identity): string {
    const provider = displayText(this.providerLabel(identity), 48);
    const who = this.profileOf(identity);
    const name = profileName(who);
    // Whole (server text is at most 256 characters): it is the unlink button's accessible name.
    return name ? `${provider} (${displayText(name, 256)})` : provider;
  }

  async #token(mode: LinkerMode): Promise<string> {
    const token = await this.host.token();
    this.#secrets.add(token);
    mode.checkToken(token);
    return token;
  }

  /** Shows a list; malformed identities left out of it are reported once, the rest shown. */
  #showProfile(profile: Profile, code: LinkerError['code'] = 'bad-response'): void {
    const { identities, userId, skipped, ...fields } = profile;
    if (Object.keys(fields).length || userId) this.#primaryProfile = fields;
    if (userId) this.#profileUserId = userId;
    this.#setList(identities);
    // From the server, a retry may bring them back; the host's own list will not change by retrying.
    if (skipped) this.fail(new LinkerError(code, 'someIdentitiesInvalid', String(skipped)), code === 'bad-response');
  }

  #setList(identities: Identity[]): void {
    this.list = identities;
    this.markPrimary();
  }

  /** Every token the element holds or used, so no message can show one. */
  #scrubbed(): string[] {
    return [this.host.rawToken(), ...this.#secrets];
  }
}
