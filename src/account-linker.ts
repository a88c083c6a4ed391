import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { legacyMode } from './api/legacy.js';
import type { LinkerMode } from './api/mode.js';
import { randomToken } from './authorize.js';
import { readConfig, type LinkerConfig } from './config.js';
import { LinkerError, isAbort, toLinkerError } from './errors.js';
import { emit } from './events.js';
import {
  identityKey,
  parseIdentities,
  primaryIndex,
  safeImageUrl,
  type Identity,
  type IdentityProfile,
} from './identity.js';
import { cleanReturnUrl, PendingLinks, readReturnParams, type ReturnParams } from './pending-link.js';
import { providerName } from './providers.js';
import { mergeStrings, type AccountLinkerStrings } from './strings.js';
import { styles } from './styles.js';
import { resolveToken, tokenSubject, type TokenProvider } from './token.js';

/** Marks an `identities` attribute that is not JSON, so the error is shown instead of thrown. */
const INVALID_JSON = Symbol('invalid-json');

const identitiesConverter = {
  fromAttribute(value: string | null): unknown {
    if (value === null) return undefined;
    try {
      return JSON.parse(value);
    } catch {
      return INVALID_JSON;
    }
  },
};

const CONFIG_KEYS = ['domain', 'clientId', 'redirectUri', 'scope', 'connections', 'unlinkPath', 'mode', 'userId'] as const;

type Phase = 'idle' | 'loading' | 'ready' | 'failed';

interface ShownError {
  error: LinkerError;
  message: string;
  /** A retry button reloads the list (shown for failed loads). */
  retry: boolean;
}

/**
 * Lists the login identities linked to the signed-in Auth0 user, links another one
 * ("Add account") and unlinks one, with Auth0's Authentication API (legacy mode).
 *
 * @summary Shows, links and unlinks the identities of a signed-in Auth0 user.
 *
 * @fires {CustomEvent<AccountLinkDetail>} account-link - Before navigating to /authorize; cancelable (cancel it to navigate yourself).
 * @fires {CustomEvent<AccountLinkedDetail>} account-linked - After returning from a successful link, with the fresh identities.
 * @fires {CustomEvent<AccountUnlinkDetail>} account-unlink - When the user confirms an unlink, before the request; cancelable.
 * @fires {CustomEvent<AccountUnlinkedDetail>} account-unlinked - After the server unlinked the identity.
 * @fires {CustomEvent<AccountLinkerErrorDetail>} account-linker-error - Whenever something fails: `{code, message, status?}`.
 *
 * @slot heading - Optional content above the list, e.g. a heading of the host page's level.
 *
 * @csspart list - The `<ul>` of identities.
 * @csspart identity - Each `<li>`, with `data-provider`, `data-user-id` and `data-connection`.
 * @csspart avatar - The identity's picture, or its initial when there is no safe picture.
 * @csspart provider - The provider's name.
 * @csspart account-name - The identity's name or email.
 * @csspart primary-badge - The badge on the primary identity.
 * @csspart hint - Why the primary identity cannot be unlinked.
 * @csspart unlink-button - Each identity's unlink button (disabled on the primary).
 * @csspart confirm - The inline confirmation group.
 * @csspart confirm-unlink - The button that confirms an unlink.
 * @csspart cancel-unlink - The button that cancels an unlink.
 * @csspart actions - The container of the add links.
 * @csspart add-link - Each add button, with `data-connection` when it has one.
 * @csspart error - The error message (`role="alert"`).
 * @csspart retry - The "Try again" button in the error.
 * @csspart dismiss - The "Dismiss" button in the error.
 * @csspart status - The polite live region that announces changes.
 * @csspart loading - The loading message.
 * @csspart empty - The message shown when the list is empty.
 *
 * @cssproperty --account-linker-color - Text color.
 * @cssproperty --account-linker-background - Background color.
 * @cssproperty --account-linker-muted-color - Secondary text color.
 * @cssproperty --account-linker-border-color - Border and divider color.
 * @cssproperty --account-linker-accent-color - Color of the add buttons, the badge and focus rings.
 * @cssproperty --account-linker-accent-contrast - Text color on the accent color.
 * @cssproperty --account-linker-danger-color - Color of unlink buttons and errors.
 * @cssproperty --account-linker-radius - Corner radius.
 * @cssproperty --account-linker-avatar-size - Size of the avatars.
 * @cssproperty --account-linker-font - The font shorthand.
 * @cssproperty --account-linker-padding - Padding around the content.
 * @cssproperty --account-linker-max-width - Maximum inline size.
 */
export class AccountLinker extends LitElement {
  static override styles = styles;

  static override properties = {
    domain: { type: String },
    clientId: { type: String, attribute: 'client-id' },
    redirectUri: { type: String, attribute: 'redirect-uri' },
    mode: { type: String },
    connections: { type: String },
    scope: { type: String },
    popup: { type: Boolean },
    state: { type: String },
    userId: { type: String, attribute: 'user-id' },
    unlinkPath: { type: String, attribute: 'unlink-path' },
    // The getter returns the list on show, not the input, so every set counts as a change.
    identities: { attribute: 'identities', converter: identitiesConverter, noAccessor: true, hasChanged: () => true },
    strings: { attribute: false },
    tokenProvider: { attribute: false },
    _phase: { state: true },
    _error: { state: true },
    _confirming: { state: true },
    _busy: { state: true },
    _linking: { state: true },
    _status: { state: true },
  };

  /** The tenant: `tenant.auth0.com` (https implied) or an origin; `http://` only for loopback. */
  declare domain: string;
  /** The application's client id. */
  declare clientId: string;
  /** Where /authorize returns; defaults to this page's URL without query and hash. */
  declare redirectUri: string;
  /** `"legacy"` (Authentication API, the default) or `"management"` (not in this version). */
  declare mode: string;
  /** Space-separated connection names: one add button per connection. Empty: one "Add account". */
  declare connections: string;
  /** The scope sent to /authorize (default `openid`). */
  declare scope: string;
  /** Reserved for the management mode's popup flow. */
  declare popup: boolean;
  /** A server-made `state` for /authorize; when empty one is generated per link. */
  declare state: string;
  /** The primary user's id (`provider|id`); defaults to the profile's or the token's `sub`. */
  declare userId: string;
  /** The legacy unlink path (default `/unlink`; some tenants use `/login/unlink`). */
  declare unlinkPath: string;
  /** Overrides for any user-visible text. */
  declare strings: Partial<AccountLinkerStrings> | undefined;
  /** Asked for the access token when `accessToken` is empty (e.g. `() => auth0.getTokenSilently()`). */
  declare tokenProvider: TokenProvider | undefined;

  declare private _phase: Phase;
  declare private _error: ShownError | undefined;
  declare private _confirming: string | undefined;
  declare private _busy: ReadonlySet<string>;
  declare private _linking: boolean;
  declare private _status: string;

  #token = '';
  #identitiesInput: unknown = undefined;
  #list: Identity[] | undefined;
  #primaryProfile: IdentityProfile = {};
  #profileUserId: string | undefined;
  #config: LinkerConfig | undefined;
  #mode: LinkerMode | undefined;
  #strings: AccountLinkerStrings = mergeStrings(undefined);
  #pending = new PendingLinks();
  #loadController: AbortController | undefined;
  #needsStart = false;
  #returnHandled = false;
  #brokenImages = new Set<string>();
  #primaryKey: string | undefined;

  constructor() {
    super();
    this.domain = '';
    this.clientId = '';
    this.redirectUri = '';
    this.mode = 'legacy';
    this.connections = '';
    this.scope = 'openid';
    this.popup = false;
    this.state = '';
    this.userId = '';
    this.unlinkPath = '/unlink';
    this.strings = undefined;
    this.tokenProvider = undefined;
    this._phase = 'idle';
    this._error = undefined;
    this._confirming = undefined;
    this._busy = new Set();
    this._linking = false;
    this._status = '';
    // A token set on the element before it was upgraded would shadow the accessor: adopt it.
    if (Object.prototype.hasOwnProperty.call(this, 'accessToken')) {
      const early = (this as { accessToken?: unknown }).accessToken;
      delete (this as { accessToken?: unknown }).accessToken;
      this.accessToken = typeof early === 'string' ? early : '';
    }
  }

  /**
   * The primary user's Auth0 access token. The `access-token` attribute is read once and then
   * removed, so the token does not stay in the DOM.
   */
  get accessToken(): string {
    return this.#token;
  }
  set accessToken(value: string | null | undefined) {
    const old = this.#token;
    this.#token = typeof value === 'string' ? value : '';
    if (old !== this.#token) this.requestUpdate('accessToken', old);
  }

  /**
   * The identities on show. Set it (or the `identities` attribute, as JSON) to render
   * server-provided identities without fetching; read it for the current list.
   */
  get identities(): Identity[] | undefined {
    return this.#list ? this.#list.map((identity) => ({ ...identity })) : undefined;
  }
  set identities(value: unknown) {
    const old = this.#identitiesInput;
    this.#identitiesInput = value;
    this.requestUpdate('identities', old);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'access-token'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'access-token') {
      if (value !== null) {
        this.accessToken = value;
        this.removeAttribute('access-token');
      }
      return;
    }
    super.attributeChangedCallback(name, old, value);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#loadController?.abort();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Reconnected after a disconnect aborted a load: load again.
    if (this.hasUpdated && this._phase === 'loading') {
      this.#needsStart = true;
      this.requestUpdate();
    }
  }

  /** Loads the identities again from the server. */
  async reload(): Promise<void> {
    if (!this.#config) return this.#reportConfig();
    await this.#load();
  }

  /** Starts linking another account, as the add button does (optionally for one connection). */
  async link(connection?: string): Promise<void> {
    const config = this.#config;
    const mode = this.#mode;
    if (!config || !mode) return this.#reportConfig();
    if (this._linking) return;
    this._linking = true;
    try {
      const token = await this.#resolveToken();
      const state = (this.state ?? '').trim() || randomToken();
      const url = await mode.authorizeUrl(token, { state, connection });
      this.#pending.save({ state, ...(connection ? { connection } : {}) });
      if (emit(this, 'account-link', { url, ...(connection ? { connection } : {}) })) {
        window.location.assign(url);
      }
    } catch (error) {
      this.#fail(error);
    } finally {
      this._linking = false;
    }
  }

  /**
   * Unlinks an identity without the inline confirmation (for hosts with their own UI). Fires the
   * cancelable `account-unlink` first; the primary identity is refused with `primary-identity`.
   */
  async unlink(identity: Identity | string): Promise<void> {
    const key = typeof identity === 'string' ? identity : identityKey(identity);
    const target = this.#list?.find((item) => identityKey(item) === key);
    if (!target) return this.#fail(new LinkerError('invalid-config', 'unknownIdentity', key));
    await this.#unlink(target);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('strings') || !this.hasUpdated) this.#strings = mergeStrings(this.strings);
    if (!this.hasUpdated || CONFIG_KEYS.some((key) => changed.has(key))) this.#applyConfig();
    if (changed.has('identities' as keyof AccountLinker)) this.#applyIdentitiesInput();
    if (changed.has('accessToken' as keyof AccountLinker) || changed.has('tokenProvider')) {
      this.#markPrimary();
      // A token arriving before the list could load (or while it was failing to): load now.
      if (this.#config && this.#identitiesInput === undefined && this._phase !== 'ready') this.#needsStart = true;
    }
  }

  protected override updated(): void {
    if (!this.#needsStart) return;
    this.#needsStart = false;
    void this.#start();
  }

  /** First work once the configuration is valid: finish a returning link, else load the list. */
  async #start(): Promise<void> {
    if (!this.#returnHandled) {
      this.#returnHandled = true;
      const response = readReturnParams(window.location.href);
      if (response) return this.#finishReturn(response);
    }
    await this.#loadUnlessGiven();
  }

  #applyConfig(): void {
    const before = this.#config;
    try {
      this.#config = readConfig(
        {
          domain: this.domain,
          clientId: this.clientId,
          redirectUri: this.redirectUri,
          scope: this.scope,
          connections: this.connections,
          unlinkPath: this.unlinkPath,
          mode: this.mode,
          userId: this.userId,
        },
        window.location.href,
      );
      this.#mode = legacyMode(this.#config);
      if (this._error?.error.code === 'invalid-config') this._error = undefined;
      // Only another tenant or mode makes the list on show stale; a new scope or label does not.
      if (!before || before.origin !== this.#config.origin || before.mode !== this.#config.mode) {
        this.#loadController?.abort();
        this.#needsStart = true;
      }
      this.#markPrimary();
    } catch (error) {
      this.#loadController?.abort();
      this.#config = undefined;
      this.#mode = undefined;
      if (this._phase === 'loading') this._phase = this.#list ? 'ready' : 'idle';
      this.#fail(error);
    }
  }

  #applyIdentitiesInput(): void {
    const input = this.#identitiesInput;
    if (input === undefined || input === null) return;
    try {
      if (input === INVALID_JSON) throw new LinkerError('invalid-config', 'identitiesInvalid', 'not valid JSON');
      this.#setList(parseIdentities(input, 'invalid-config', 'identitiesInvalid'));
      this.#loadController?.abort();
      this._phase = 'ready';
      if (this._error && this._error.error.code !== 'invalid-config') this._error = undefined;
    } catch (error) {
      // The list on show stays as it was.
      this.#fail(error);
      if (!this.#list) this._phase = 'failed';
    }
  }

  #reportConfig(): void {
    if (this._error?.error.code === 'invalid-config') {
      this.#emitError(this._error);
    } else {
      this.#applyConfig();
    }
  }

  async #resolveToken(): Promise<string> {
    return resolveToken(this.#token, this.tokenProvider);
  }

  /** Loads the list from the server unless the host gave it (the `identities` attribute). */
  async #loadUnlessGiven(): Promise<void> {
    if (this.#identitiesInput === undefined) await this.#load();
  }

  async #load(): Promise<boolean> {
    const mode = this.#mode;
    if (!mode) return false;
    this.#loadController?.abort();
    const controller = new AbortController();
    this.#loadController = controller;
    this._phase = 'loading';
    this._status = this.#strings.loading;
    try {
      const token = await this.#resolveToken();
      const profile = await mode.loadProfile(token, controller.signal);
      if (controller.signal.aborted) return false;
      const { identities, userId, ...fields } = profile;
      this.#primaryProfile = fields;
      this.#profileUserId = userId;
      this.#setList(identities);
      this._phase = 'ready';
      this._status = this.#strings.loaded(identities.length);
      // A successful load answers an earlier failed load, not other errors (e.g. a state mismatch).
      if (this._error?.retry) this._error = undefined;
      return true;
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted) return false;
      this._phase = this.#list ? 'ready' : 'failed';
      this._status = '';
      this.#fail(error, true);
      return false;
    } finally {
      if (this.#loadController === controller) this.#loadController = undefined;
    }
  }

  async #finishReturn(response: ReturnParams): Promise<void> {
    const taken = this.#pending.take(response.state);
    if (taken.status === 'unknown') {
      // Not ours, or used already: leave the address bar and the list alone.
      this.#fail(new LinkerError('state-mismatch', 'stateMismatch'));
      await this.#loadUnlessGiven();
      return;
    }
    window.history.replaceState(window.history.state, '', cleanReturnUrl(window.location.href));
    if (taken.status === 'expired') {
      this.#fail(new LinkerError('state-mismatch', 'stateExpired'));
    } else if (response.error) {
      this.#fail(new LinkerError('authorize-error', 'authorizeFailed', response.errorDescription ?? response.error));
    } else {
      await this.#completeLink(response, taken.link);
      return;
    }
    await this.#loadUnlessGiven();
  }

  async #completeLink(response: ReturnParams, pending: Parameters<LinkerMode['completeLink']>[2]): Promise<void> {
    const mode = this.#mode;
    if (!mode) return;
    // A server-rendered list may come without any token: the server already rendered the new list.
    const serverList = this.#identitiesInput !== undefined && !this.#token.trim() && !this.tokenProvider;
    if (!serverList) {
      try {
        await mode.completeLink(await this.#resolveToken(), response, pending);
      } catch (error) {
        this.#fail(error);
        await this.#loadUnlessGiven();
        return;
      }
      if (!(await this.#load())) return;
    }
    this._status = this.#strings.linked;
    emit(this, 'account-linked', {
      identities: this.identities ?? [],
      ...(response.code ? { code: response.code } : {}),
    });
  }

  #setList(identities: Identity[]): void {
    this.#list = identities;
    this.#markPrimary();
  }

  #markPrimary(): void {
    const list = this.#list;
    if (!list) return;
    const userId = this.#config?.userId ?? this.#profileUserId ?? tokenSubject(this.#token);
    const index = primaryIndex(list, userId);
    this.#primaryKey = index >= 0 ? identityKey(list[index]!) : undefined;
  }

  #isPrimary(identity: Identity): boolean {
    return identityKey(identity) === this.#primaryKey;
  }

  async #unlink(identity: Identity): Promise<void> {
    const key = identityKey(identity);
    if (this._busy.has(key)) return;
    if (this.#isPrimary(identity)) {
      this._confirming = undefined;
      return this.#fail(new LinkerError('primary-identity', 'primaryIdentity'));
    }
    const mode = this.#mode;
    if (!mode) return this.#reportConfig();
    this._busy = new Set([...this._busy, key]);
    try {
      if (!emit(this, 'account-unlink', { identity: { ...identity } })) {
        this._confirming = undefined;
        return;
      }
      this._status = this.#strings.unlinking(this.#accountLabel(identity));
      const token = await this.#resolveToken();
      await mode.unlink(token, identity, this.#primaryKey);
      const before = this.#list ?? [];
      const index = before.findIndex((item) => identityKey(item) === key);
      const next = before.filter((item) => identityKey(item) !== key);
      this.#list = next;
      this._confirming = undefined;
      this._status = this.#strings.unlinked(this.#accountLabel(identity));
      if (this._error && this._error.error.code !== 'invalid-config') this._error = undefined;
      emit(this, 'account-unlinked', { identity: { ...identity }, identities: this.identities ?? [] });
      await this.updateComplete;
      this.#focusAfterRemoval(index);
    } catch (error) {
      this._confirming = undefined;
      this.#fail(error);
    } finally {
      const busy = new Set(this._busy);
      busy.delete(key);
      this._busy = busy;
    }
  }

  /** After a row disappears, focus the unlink button that took its place, else an add button. */
  #focusAfterRemoval(index: number): void {
    const root = this.renderRoot as ShadowRoot;
    const rows = [...root.querySelectorAll<HTMLElement>('[part~="identity"]')];
    const candidates = [rows[index], rows[index - 1], ...rows]
      .map((row) => row?.querySelector<HTMLButtonElement>('[part~="unlink-button"]:not([disabled])'))
      .filter((button): button is HTMLButtonElement => !!button);
    const target = candidates[0] ?? root.querySelector<HTMLElement>('[part~="add-link"]') ?? root.querySelector<HTMLElement>('[part~="list"]');
    target?.focus();
  }

  async #askUnlink(identity: Identity): Promise<void> {
    this._confirming = identityKey(identity);
    await this.updateComplete;
    (this.renderRoot as ShadowRoot).querySelector<HTMLElement>('[part~="confirm-unlink"]')?.focus();
  }

  async #cancelUnlink(identity: Identity): Promise<void> {
    this._confirming = undefined;
    await this.updateComplete;
    this.#rowOf(identity)?.querySelector<HTMLElement>('[part~="unlink-button"]')?.focus();
  }

  #rowOf(identity: Identity): HTMLElement | undefined {
    const key = identityKey(identity);
    return [...(this.renderRoot as ShadowRoot).querySelectorAll<HTMLElement>('[part~="identity"]')].find(
      (row) => row.dataset['key'] === key,
    );
  }

  /** Closes the error; focus goes to the next useful control rather than falling to <body>. */
  async #dismiss(): Promise<void> {
    this._error = undefined;
    await this.updateComplete;
    const root = this.renderRoot as ShadowRoot;
    root.querySelector<HTMLElement>('[part~="add-link"], [part~="unlink-button"]:not([disabled]), [part~="list"]')?.focus();
  }

  #fail(error: unknown, retry = false): void {
    const linkerError = toLinkerError(error);
    const shown: ShownError = { error: linkerError, message: this.#message(linkerError), retry };
    this._error = shown;
    this.#emitError(shown);
  }

  #emitError(shown: ShownError): void {
    emit(this, 'account-linker-error', {
      code: shown.error.code,
      message: shown.message,
      ...(shown.error.status !== undefined ? { status: shown.error.status } : {}),
    });
  }

  #message(error: LinkerError): string {
    const base = this.#strings.errors[error.reason] ?? this.#strings.errors.requestFailed;
    let detail = error.detail;
    // Servers may echo what they were sent; never let the token through into the page.
    if (detail && this.#token && detail.includes(this.#token)) detail = detail.split(this.#token).join('…');
    return detail ? `${base} (${detail})` : base;
  }

  #accountLabel(identity: Identity): string {
    const provider = this.#providerLabel(identity);
    const who = this.#profileOf(identity);
    const name = who.email ?? who.name ?? who.nickname;
    return name ? `${provider} (${name})` : provider;
  }

  #providerLabel(identity: Identity): string {
    const byConnection = providerName(identity.connection, this.#strings.providers);
    return byConnection !== identity.connection ? byConnection : providerName(identity.provider, this.#strings.providers);
  }

  #profileOf(identity: Identity): IdentityProfile {
    return this.#isPrimary(identity) ? { ...identity.profileData, ...this.#primaryProfile } : identity.profileData ?? {};
  }

  protected override render(): TemplateResult {
    return html`
      <slot name="heading"></slot>
      ${this.#renderError()}
      ${this.#config ? this.#renderBody() : nothing}
      <div part="status" role="status" aria-live="polite" class="visually-hidden">${this._status}</div>
    `;
  }

  #renderError(): TemplateResult | typeof nothing {
    const shown = this._error;
    if (!shown) return nothing;
    return html`
      <div part="error" role="alert" data-code=${shown.error.code}>
        <p>${shown.message}</p>
        ${shown.retry && this.#config
          ? html`<button part="retry" type="button" @click=${() => this.reload()}>${this.#strings.retry}</button>`
          : nothing}
        <button part="dismiss" type="button" @click=${() => this.#dismiss()}>${this.#strings.dismiss}</button>
      </div>
    `;
  }

  #renderBody(): TemplateResult {
    const list = this.#list;
    const loading = this._phase === 'loading';
    let content: TemplateResult | typeof nothing = nothing;
    if (list && list.length) {
      content = html`<ul part="list" aria-label=${this.#strings.listLabel} aria-busy=${loading ? 'true' : 'false'} tabindex="-1">
        ${list.map((identity) => this.#renderIdentity(identity))}
      </ul>`;
    } else if (loading) {
      content = html`<p part="loading">${this.#strings.loading}</p>`;
    } else if (list) {
      content = html`<p part="empty">${this.#strings.empty}</p>`;
    }
    return html`${content}${this.#renderActions()}`;
  }

  #renderIdentity(identity: Identity): TemplateResult {
    const key = identityKey(identity);
    const primary = this.#isPrimary(identity);
    const busy = this._busy.has(key);
    const confirming = this._confirming === key;
    const provider = this.#providerLabel(identity);
    const who = this.#profileOf(identity);
    const name = who.email ?? who.name ?? who.nickname ?? String(identity.user_id);
    const label = this.#accountLabel(identity);
    return html`
      <li
        part="identity"
        data-key=${key}
        data-provider=${identity.provider}
        data-user-id=${String(identity.user_id)}
        data-connection=${identity.connection}
        aria-busy=${busy ? 'true' : 'false'}
      >
        ${this.#renderAvatar(key, who, provider)}
        <span class="who">
          <span part="provider">${provider}</span>
          <span part="account-name">${name}</span>
        </span>
        ${primary ? html`<span part="primary-badge">${this.#strings.primaryBadge}</span>` : nothing}
        ${confirming ? nothing : html`<button
              part="unlink-button"
              type="button"
              aria-label=${this.#strings.unlinkLabel(label)}
              aria-describedby=${primary ? 'primary-hint' : nothing}
              ?disabled=${primary || busy}
              @click=${() => this.#askUnlink(identity)}
            >
              ${this.#strings.unlink}
            </button>`}
        ${primary ? html`<p part="hint" id="primary-hint">${this.#strings.primaryHint}</p>` : nothing}
        ${confirming ? this.#renderConfirm(identity, label, busy) : nothing}
      </li>
    `;
  }

  #renderConfirm(identity: Identity, label: string, busy: boolean): TemplateResult {
    return html`
      <div
        part="confirm"
        role="group"
        aria-labelledby="confirm-text"
        @keydown=${(event: KeyboardEvent) => {
          if (event.key === 'Escape' && !busy) void this.#cancelUnlink(identity);
        }}
      >
        <p id="confirm-text">${busy ? this.#strings.unlinking(label) : this.#strings.confirmPrompt(label)}</p>
        <button part="confirm-unlink" type="button" ?disabled=${busy} @click=${() => this.#unlink(identity)}>
          ${this.#strings.confirmUnlink}
        </button>
        <button part="cancel-unlink" type="button" ?disabled=${busy} @click=${() => this.#cancelUnlink(identity)}>
          ${this.#strings.cancelUnlink}
        </button>
      </div>
    `;
  }

  #renderAvatar(key: string, who: IdentityProfile, provider: string): TemplateResult {
    const src = safeImageUrl(who.picture);
    if (src && !this.#brokenImages.has(src)) {
      return html`<img
        part="avatar"
        src=${src}
        alt=""
        width="36"
        height="36"
        loading="lazy"
        referrerpolicy="no-referrer"
        @error=${() => {
          this.#brokenImages.add(src);
          this.requestUpdate();
        }}
      />`;
    }
    const initial = (who.name ?? who.email ?? provider ?? key).trim().charAt(0).toUpperCase() || '?';
    return html`<span part="avatar" aria-hidden="true">${initial}</span>`;
  }

  #renderActions(): TemplateResult {
    const connections = this.#config?.connections ?? [];
    const disabled = this._linking;
    const buttons = connections.length
      ? connections.map(
          (connection) => html`<button
            part="add-link"
            type="button"
            data-connection=${connection}
            ?disabled=${disabled}
            @click=${() => this.link(connection)}
          >
            ${this.#strings.addConnection(providerName(connection, this.#strings.providers))}
          </button>`,
        )
      : html`<button part="add-link" type="button" ?disabled=${disabled} @click=${() => this.link()}>
          ${this.#strings.addAccount}
        </button>`;
    return html`<div part="actions">${buttons}</div>`;
  }
}
