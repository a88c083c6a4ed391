import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
// Rows keyed by identity: after an unlink the others keep their DOM (no avatar reloads, focus and
// the new row's mark stay where they belong) and the update touches one row, not every row below.
import { repeat } from 'lit/directives/repeat.js';
import { LinkerController } from './controller/linker-controller.js';
import { lazyChunk } from './lazy.js';
import type { Outcome } from './controller/outcome.js';
import { say } from './i18n/describe.js';
import { describeErrorParts } from './i18n/describe-loader.js';
import { LocaleController } from './i18n/localize.js';
import { mergeStrings, type AccountLinkerStrings, type AccountLinkerStringsOverrides } from './i18n/strings.js';
import { CONFIG_ATTRIBUTES, CONFIG_KEYS, type ModeChoice } from './protocol/config.js';
import { LinkerError } from './protocol/errors.js';
import { displayText, identityKey, parseHostList, unlinkedConnections, type Identity } from './protocol/identity.js';
import { connectionName } from './protocol/providers.js';
import type { TokenProvider } from './protocol/token.js';
import { addActions, type AddActions } from './ui/actions.js';
import { AddMenu } from './ui/add-menu.js';
import { ColorSchemeController } from './ui/color-scheme.js';
import { focusAfter } from './ui/focus.js';
import { errorView } from './ui/error-view.js';
import { identitiesConverter, INVALID_JSON } from './ui/identities-attribute.js';
import { iconTiles, loadMarks, marksLoaded } from './ui/provider-icons.js';
import { identityRow, rowView, skeleton, type RowActions } from './ui/row.js';
import { styles } from './ui/styles.js';
import { preparePopupWait, windowPort } from './ui/window-port.js';

// "Also yours?" is a chunk: only a page that has suggestions (server mode) fetches it.
const suggestionsChunk = lazyChunk(() => import('./ui/suggestions-view.js'));

/**
 * Lists the login identities linked to the signed-in Auth0 user, links another one
 * ("Add account") and unlinks one, by redirect or popup: through the page's own server
 * (`mode="server"`, no token in the page), with the Management API from the browser
 * (`mode="management"`), or with the Authentication API of 2016 (`legacy`, off on every tenant
 * since 2017). `auto`, the default, picks one from `endpoint` and the token. In server mode it also
 * suggests accounts that share the user's verified email ("Also yours?").
 *
 * The element is a view: the flow lives in `LinkerController`.
 *
 * Its texts are in English, German, French, Spanish, Japanese, Brazilian Portuguese or Hebrew, chosen by
 * `lang` (the element's own, else the nearest ancestor's, else `<html lang>`) and followed when it
 * changes; languages other than English load on demand. `strings` overrides any text.
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
 * @csspart identity - Each `<li>`, with `data-provider`, `data-user-id` and `data-connection`; `data-added` on a row just linked.
 * @csspart provider-icon - The provider's icon (an `<svg>`, `aria-hidden`) in each row and each add link; `data-icon` names the mark (`letter` for the fallback).
 * @csspart avatar - The identity's picture, when it has one that is safe and not Auth0's generated initials (else nothing).
 * @csspart provider - The provider's (connection's) name.
 * @csspart account-name - The account's email, else name, else nickname, on one line (cut with an ellipsis; the full text in `title`).
 * @csspart primary-badge - The badge on the primary identity.
 * @csspart hint - Why the primary identity cannot be unlinked.
 * @csspart unlink-button - Each identity's unlink button (disabled on the primary).
 * @csspart confirm - The inline confirmation group.
 * @csspart confirm-unlink - The button that confirms an unlink.
 * @csspart cancel-unlink - The button that cancels an unlink.
 * @csspart actions - The container of the add links.
 * @csspart add-link - Each add button (`data-connection` when it has one), the add menu's trigger (`aria-haspopup="menu"`), each of its items (`role="menuitem"`) and each suggestion's Link (`data-suggested`).
 * @csspart add-menu - The menu (`role="menu"`) of connections to add, when there are more than three.
 * @csspart all-linked - Said instead of the add links when every connection in `connections` is linked.
 * @csspart suggestions - Server mode's "Also yours?" (`role="group"`): accounts of other users that share the user's verified email, under the list.
 * @csspart suggestion - Each suggested account (`<li>`, with `data-key`, `data-provider`, `data-connection`); its Link is an `add-link` with `data-connection` and `data-suggested`.
 * @csspart hide-suggestion - Hides a suggestion for this user in this browser (remembered as hashes in `localStorage`, never sent).
 * @csspart error - The error (`role="alert"`): a sentence, then the technical detail.
 * @csspart error-details - The `<details>` that holds an error's code, status and server text.
 * @csspart retry - The "Try again" button in the error.
 * @csspart dismiss - The "Dismiss" button in the error.
 * @csspart notice - A visible outcome that is not a failure (`role="status"`): linked, unlinked, cancelled.
 * @csspart status - The polite live region that announces changes (visually hidden).
 * @csspart loading - The loading skeleton (placeholder rows of the list's size).
 * @csspart empty - The message shown when the list is empty.
 *
 * @cssproperty [--account-linker-color=light-dark(#1f2328, #e6edf3)] - Text colour.
 * @cssproperty [--account-linker-background=light-dark(#ffffff, #0d1117)] - Background colour.
 * @cssproperty [--account-linker-muted-color=light-dark(#59636e, #9198a1)] - Secondary text: account names, hints, the primary's disabled unlink.
 * @cssproperty [--account-linker-border-color=light-dark(#d1d9e0, #3d444d)] - Borders and dividers.
 * @cssproperty [--account-linker-subtle-color=light-dark(#f3f5f7, #161b22)] - Quiet fills: notices, the skeleton, avatars without a picture, menu items under the pointer.
 * @cssproperty [--account-linker-accent-color=light-dark(#0969da, #4493f8)] - Add buttons, the badge, focus rings, the new row's mark.
 * @cssproperty [--account-linker-accent-contrast=light-dark(#ffffff, #0d1117)] - Text on the accent colour.
 * @cssproperty [--account-linker-danger-color=light-dark(#cf222e, #f85149)] - Unlink buttons and errors.
 * @cssproperty [--account-linker-radius=8px] - Corner radius.
 * @cssproperty [--account-linker-gap=0.75rem] - Space between a row's items and between the sections.
 * @cssproperty [--account-linker-padding=1rem] - Padding around the content.
 * @cssproperty [--account-linker-avatar-size=2.25rem] - Size of the avatars.
 * @cssproperty [--account-linker-icon-size=1.5rem] - Size of the provider icons in the rows.
 * @cssproperty [--account-linker-font=0.9375rem/1.4 system-ui, sans-serif] - The `font` shorthand.
 * @cssproperty [--account-linker-max-width=36rem] - Maximum inline size.
 */
export class AccountLinker extends LitElement {
  static override styles = [iconTiles, styles];

  static override properties = {
    ...CONFIG_ATTRIBUTES,
    state: { type: String },
    // The getter returns the list on show, not the input, so every set counts as a change.
    identities: { attribute: 'identities', converter: identitiesConverter, noAccessor: true, hasChanged: () => true },
    // The setter takes overrides, the getter gives the merged table: every set is a change.
    strings: { attribute: false, noAccessor: true, hasChanged: () => true },
    tokenProvider: { attribute: false, noAccessor: true },
    _confirming: { state: true },
  };

  /** The tenant: `tenant.auth0.com` (https implied) or an origin; `http://` only for loopback. */
  declare domain: string;
  /** The application's client id. */
  declare clientId: string;
  /** Where /authorize returns; defaults to this page's URL without query and hash. */
  declare redirectUri: string;
  /**
   * `"auto"` (the default: server with `endpoint`, management for a Management API token, else
   * legacy), `"server"` (the page's own server does the Auth0 work; no token in the page),
   * `"management"` (Management API v2 from the browser) or `"legacy"` (Authentication API, off since 2017).
   * @type {"auto" | "server" | "management" | "legacy"}
   */
  declare mode: ModeChoice;
  /** Server mode: where the page's own server answers for the element (a path, or a URL of this origin). */
  declare endpoint: string;
  /** Space-separated connection names: one add button per connection. Empty: one "Add account". */
  declare connections: string;
  /** The scope sent to /authorize; empty: `openid` (legacy), `openid profile email` (management). */
  declare scope: string;
  /** Sign the second account in within a popup (`response_mode=web_message`); the page stays. */
  declare popup: boolean;
  /** Management mode: also link an account whose email is not verified (refused by default). */
  declare allowUnverifiedEmail: boolean;
  /** A server-made `state` for /authorize; when empty one is generated per link. */
  declare state: string;
  /** The primary user's id (`provider|id`); defaults to the profile's or the token's `sub`. */
  declare userId: string;
  /** The legacy unlink path (default `/unlink`; some tenants use `/login/unlink`). */
  declare unlinkPath: string;

  declare private _confirming: string | undefined;

  #identitiesInput: unknown = undefined;
  #strings: AccountLinkerStrings = mergeStrings(undefined);
  #overrides: AccountLinkerStringsOverrides | null | undefined = undefined;
  #locale = new LocaleController(this, () => this.#restring());
  #menu = new AddMenu(this, () => this.renderRoot);
  #flow = new LinkerController(this, windowPort, () => this.#strings);
  #brokenImages = new Set<string>();
  /** The control that started the last link (focus returns there when a popup linked nothing). */
  #trigger: HTMLElement | undefined;

  constructor() {
    super();
    new ColorSchemeController(this); // light or dark as the page declares, else as the OS
    this.domain = '';
    this.clientId = '';
    this.redirectUri = '';
    this.mode = 'auto';
    this.endpoint = '';
    this.connections = '';
    this.scope = '';
    this.popup = false;
    this.allowUnverifiedEmail = false;
    this.state = '';
    this.userId = '';
    this.unlinkPath = '/unlink';
    this._confirming = undefined;
    // A token set on the element before it was upgraded would shadow the accessors: adopt it.
    for (const key of ['accessToken', 'tokenProvider'] as const) {
      if (!Object.prototype.hasOwnProperty.call(this, key)) continue;
      const early = (this as Record<string, unknown>)[key];
      delete (this as Record<string, unknown>)[key];
      (this as Record<string, unknown>)[key] = early;
    }
  }

  /**
   * The primary user's Auth0 access token. The `access-token` attribute is read once and then
   * removed, so the token does not stay in the DOM.
   */
  get accessToken(): string {
    return this.#flow.tokens.value;
  }
  set accessToken(value: string | null | undefined) {
    const old = this.#flow.tokens.value;
    const token = typeof value === 'string' ? value : '';
    if (old === token) return;
    this.#flow.tokens.value = token;
    this.requestUpdate('accessToken', old);
  }

  /** Asked for the access token when `accessToken` is empty (e.g. `() => auth0.getTokenSilently()`). */
  get tokenProvider(): TokenProvider | undefined {
    return this.#flow.tokens.provider;
  }
  set tokenProvider(provider: TokenProvider | undefined) {
    const old = this.#flow.tokens.provider;
    this.#flow.tokens.provider = typeof provider === 'function' ? provider : undefined;
    this.requestUpdate('tokenProvider', old);
  }

  /**
   * Every user-visible text (`AccountLinkerStrings`). Set any subset to override those texts
   * (`providers` and `errors` are merged one level deep); they apply on top of the language in
   * use. Reading it gives the merged table on show: the language's texts with the overrides.
   * @type {AccountLinkerStringsOverrides}
   */
  get strings(): AccountLinkerStrings {
    return this.#strings;
  }
  set strings(value: AccountLinkerStringsOverrides | null | undefined) {
    const old = this.#strings;
    this.#overrides = value;
    this.#restring();
    this.requestUpdate('strings', old);
  }

  /** The table on show is the language's with the overrides on top; what is on show says it anew. */
  #restring(): void {
    this.#strings = mergeStrings(this.#overrides, this.#locale.table);
    this.requestUpdate();
  }

  /**
   * The identities on show. Set it (or the `identities` attribute, as JSON: an identities array or
   * Auth0's user object) to render server-provided identities without fetching.
   */
  get identities(): Identity[] | undefined {
    return this.#flow.list ? this.#flow.identities() : undefined;
  }
  set identities(value: unknown) {
    const old = this.#identitiesInput;
    this.#identitiesInput = value;
    this.requestUpdate('identities', old);
  }

  static override get observedAttributes(): string[] {
    return [...super.observedAttributes, 'access-token', 'lang'];
  }

  override attributeChangedCallback(name: string, old: string | null, value: string | null): void {
    if (name === 'lang') return this.#locale.update();
    if (name === 'access-token') {
      if (value === null) return;
      this.accessToken = value;
      return this.removeAttribute('access-token');
    }
    super.attributeChangedCallback(name, old, value);
  }

  /** Loads the identities again from the server. */
  async reload(): Promise<void> {
    this.#settle();
    if (!this.#flow.config) return this.#reportSetup();
    await this.#flow.load();
  }

  /** Starts linking another account, as the add button does (optionally for one connection). */
  link(connection?: string): Promise<void> {
    this.#settle();
    if (!this.#flow.config) return this.#reportSetup();
    // Not async: with `popup`, the window must open in the caller's task (the click).
    return this.#flow.link(connection, (this.state ?? '').trim() || undefined).then(() => undefined);
  }

  /**
   * Unlinks an identity without the inline confirmation (for hosts with their own UI). Fires the
   * cancelable `account-unlink` first; the primary identity is refused with `primary-identity`.
   */
  async unlink(identity: Identity | string): Promise<void> {
    const key = typeof identity === 'string' ? identity : identityKey(identity);
    const target = this.#flow.list?.find((item) => identityKey(item) === key);
    if (!target) return this.#flow.fail(new LinkerError('invalid-config', 'unknownIdentity', key)) ?? undefined;
    this.#settle();
    if (!this.#flow.config) return this.#reportSetup();
    await this.#unlink(target);
  }

  /** A method called while the set-up is wrong: the set-up error again, once its text is here. */
  #reportSetup(): Promise<void> {
    return this.#flow.setupSettled().then(() => this.#flow.reportSetup());
  }

  /** Properties set just before a method call (`el.popup = true; el.link()`) apply to that call. */
  #settle(): void {
    if (this.isUpdatePending && this.hasUpdated) this.#configure();
  }

  #configure(): void {
    this.#flow.configure(Object.fromEntries(CONFIG_KEYS.map((key) => [key, this[key]])));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (!this.hasUpdated || CONFIG_KEYS.some((key) => changed.has(key))) this.#configure();
    if (changed.has('identities' as keyof AccountLinker)) this.#giveIdentities();
    if (changed.has('accessToken' as keyof AccountLinker) || changed.has('tokenProvider')) this.#flow.tokenChanged();
    // A page with `popup` gets the popup's wait ahead: the popup goes to the tenant once it listens.
    if (changed.has('popup') && this.popup) void preparePopupWait();
  }

  #giveIdentities(): void {
    const input = this.#identitiesInput;
    if (input === undefined || input === null) return;
    try {
      if (input === INVALID_JSON) throw new LinkerError('invalid-config', 'identitiesInvalid', 'not valid JSON');
      this.#flow.give(parseHostList(input));
    } catch (error) {
      this.#flow.refuseGiven(error);
    }
  }

  protected override updated(): void {
    const outcome = this.#flow.takeFocus();
    if (outcome) this.#focusFor(outcome);
  }

  /** Focus after an outcome stays in the element, on what comes next; never on `<body>`. */
  #focusFor(outcome: Outcome): void {
    const root = this.renderRoot as ShadowRoot;
    if (outcome.is === 'unlinked') {
      this._confirming = undefined;
      return focusAfter.removal(root, outcome.index);
    }
    if (outcome.is === 'linked') return focusAfter.link(root, this.#flow.added);
    // A popup that ended without a link (closed, blocked, failed, cancelled): back to its button.
    focusAfter.popupEnded(root, this.#trigger);
  }

  async #unlink(identity: Identity): Promise<void> {
    if (this.#flow.busy.has(identityKey(identity))) return;
    const outcome = await this.#flow.unlink(identity);
    if (outcome.is !== 'unlinked') this._confirming = undefined;
  }

  async #askUnlink(identity: Identity): Promise<void> {
    this._confirming = identityKey(identity);
    await this.updateComplete;
    (this.renderRoot as ShadowRoot).querySelector<HTMLElement>('.confirm-unlink')?.focus();
  }

  async #cancelUnlink(identity: Identity): Promise<void> {
    this._confirming = undefined;
    await this.updateComplete;
    focusAfter.row(this.renderRoot as ShadowRoot, identityKey(identity))?.querySelector<HTMLElement>('.unlink-button')?.focus();
  }

  /** Closes the error; focus goes to the next useful control rather than falling to <body>. */
  async #dismiss(): Promise<void> {
    this.#flow.dismiss();
    await this.updateComplete;
    (this.renderRoot as ShadowRoot).querySelector<HTMLElement>('.add-link, .unlink-button:not([disabled]), .list')?.focus();
  }

  protected override firstUpdated(): void {
    if (!marksLoaded()) void loadMarks().then(() => this.requestUpdate());
    // A picture that fails to load gives way to nothing. One listener for every avatar (error
    // events do not bubble, but they are captured) rather than one per row.
    this.renderRoot.addEventListener(
      'error',
      (event) => {
        const image = event.target;
        if (!(image instanceof HTMLImageElement) || !image.classList.contains('avatar')) return;
        this.#brokenImages.add(image.getAttribute('src') ?? '');
        this.requestUpdate();
      },
      true,
    );
  }

  protected override render(): TemplateResult {
    const flow = this.#flow;
    const context = flow.sayContext(this.#strings);
    const notice = say(flow.notice, this.#strings, context);
    return html`
      <slot name="heading"></slot>
      ${this.#renderError()}
      ${notice ? html`<p part="notice" class="notice" role="status" tabindex="-1">${notice}</p>` : nothing}
      ${flow.config ? this.#renderBody() : nothing}
      <div part="status" role="status" aria-live="polite" class="visually-hidden">${say(flow.status, this.#strings, context)}</div>
    `;
  }

  #renderError(): TemplateResult | typeof nothing {
    const shown = this.#flow.error;
    if (!shown) return nothing;
    const { secrets, origin } = this.#flow.sayContext(this.#strings);
    return errorView(shown.error, describeErrorParts(shown.error, this.#strings, secrets, origin), this.#strings, {
      retry: shown.retry && this.#flow.config ? () => void this.reload() : undefined,
      dismiss: () => void this.#dismiss(),
    });
  }

  #renderBody(): TemplateResult {
    const flow = this.#flow;
    const strings = this.#strings;
    const list = flow.list;
    const loading = flow.phase === 'loading';
    let content: TemplateResult | typeof nothing = nothing;
    if (list && list.length) {
      content = html`<ul part="list" class="list" aria-label=${strings.listLabel} aria-busy=${loading ? 'true' : 'false'} tabindex="-1">
        ${repeat(list, identityKey, (identity) => identityRow(rowView(identity, this.#flow, strings, this._confirming, this.#brokenImages), strings, this.#rowActions))}
      </ul>`;
    } else if (loading) {
      content = skeleton(strings);
    } else if (list) {
      content = html`<p part="empty" class="empty">${strings.empty}</p>`;
    }
    // A link needs the list: none is offered once it could not be loaded (while it loads, the
    // actions keep their place so that nothing moves when the list arrives).
    if (!list && !loading) return html`${content}`;
    const name = (connection: string) => displayText(connectionName(connection, strings.providers), 48);
    const wanted = flow.config?.connections ?? [];
    const view = { wanted, offered: unlinkedConnections(wanted, list), disabled: flow.linking, name };
    return html`${content}${addActions(view, strings, this.#menu, this.#addActions)}${this.#renderSuggestions()}`;
  }

  #renderSuggestions(): TemplateResult | typeof nothing {
    if (!this.#flow.suggestions.length) return nothing;
    const view = suggestionsChunk.module;
    if (!view) {
      // Not here (offline, or the page navigates away meanwhile): no section.
      void suggestionsChunk.load().then((module) => module && this.requestUpdate());
      return nothing;
    }
    return view.suggestionsView(this, this.#flow, this.#strings, (trigger) => (this.#trigger = trigger));
  }

  #rowActions: RowActions = {
    ask: (identity) => void this.#askUnlink(identity),
    confirm: (identity) => void this.#unlink(identity),
    cancel: (identity) => void this.#cancelUnlink(identity),
  };

  #addActions: AddActions = {
    // `trigger`: the control that started it (focus returns there when a popup links nothing).
    add: (trigger, connection) => {
      this.#trigger = trigger;
      void this.link(connection);
    },
    // A menu item: the menu closes with focus on its trigger, then the link starts in this click.
    choose: (connection) => {
      this.#menu.close(true);
      this.#trigger = this.#menu.trigger() ?? undefined;
      void this.link(connection);
    },
  };
}
