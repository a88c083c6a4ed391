// The whole flow of the element as a Lit ReactiveController, free of the DOM: loading the list,
// starting a link (redirect or popup), finishing it on return, unlinking. It records outcomes as
// data (`outcome.ts`); the element renders them. Nothing outside this class writes its state.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { MODES } from '../modes/index.js';
import type { LinkerMode } from '../modes/mode.js';
import { readConfig, type ConfigInput, type LinkerConfig } from '../protocol/config.js';
import { LinkerError, isAbort, isNotLinked, toLinkerError } from '../protocol/errors.js';
import { identityKey, type Identity, type IdentityProfile, type Profile } from '../protocol/identity.js';
import type { PendingLinks } from '../protocol/pending-link.js';
import { readReturnParams } from '../protocol/return-url.js';
import { tokenSubject } from '../protocol/token.js';
import { emit } from '../events.js';
import { describeError, describerLoaded, loadDescriber } from '../i18n/describe-loader.js';
import { loadEnglishTexts, needsEnglishTexts } from '../i18n/english-loader.js';
import type { SayContext } from '../i18n/describe.js';
import type { AccountLinkerStrings } from '../i18n/strings.js';
import { CALM, type Outcome, type Said, type ShownError } from './outcome.js';
import type { BrowserPort, PopupHandle } from './port.js';
import { IdentityList } from './identity-list.js';
import type { LinkContext, LinkFlow, LinkState } from './link-flow.js';
import { ModeSession } from './mode-session.js';
import type { Suggestions } from './suggestions.js';
import { TokenSource } from './token-source.js';

export type Phase = 'idle' | 'loading' | 'ready' | 'failed';

/** The element the controller serves: Lit's host, and where its events are dispatched. */
export type LinkerHost = ReactiveControllerHost & EventTarget;

export { RETURN_TOKEN_WAIT_MS } from './outcome.js';

// Linking is a chunk of its own (`dist/modes/link-flow.js`): a page that only lists never loads it.
type LinkFlowModule = typeof import('./link-flow.js');
let linkFlowModule: LinkFlowModule | undefined;
const loadLinkFlow = () => import('./link-flow.js').then((module) => (linkFlowModule = module));

export class LinkerController implements ReactiveController {
  /** The primary's token: the element's `accessToken` and `tokenProvider` write here. */
  readonly tokens = new TokenSource();

  #phase: Phase = 'idle';
  #list = new IdentityList();
  #error: ShownError | undefined;
  /** What the link flow writes too. */
  #state: LinkState = { linking: false, notice: undefined, status: undefined };
  #busy: ReadonlySet<string> = new Set();
  #added: string | undefined;
  /** An outcome the view has not yet moved focus for. */
  #focus: Outcome | undefined;

  #config: LinkerConfig | undefined;
  #modes = new ModeSession(this.tokens);
  #links: LinkFlow | undefined;
  /** A link was asked for and its flow is on its way. */
  #starting = false;
  #linkContext: LinkContext;
  #loadController: AbortController | undefined;
  /** Aborted when the configuration or user changes: a link being finished stops where it is. */
  #work = new AbortController();
  /** Bumped whenever the tenant, client, mode or user changes: late answers of older work are dropped. */
  #generation = 0;
  #returnHandled = false;
  #needsStart = false;
  /** The host gave the list (server-rendered): nothing is fetched at start. */
  #given = false;
  /** The user whose list is on show, when only the token's `sub` says who it is. */
  #subject: string | undefined;
  /** "Also yours?": the mode's suggestions the person has not hidden (server mode; a chunk). */
  #suggestions: Suggestions | undefined;
  /** The suggestions' request: stopped when the element leaves the page or the user changes. */
  #suggesting: AbortController | undefined;

  constructor(
    private readonly host: LinkerHost,
    private readonly port: BrowserPort,
    /** The table on show: the events' `message` is said in it. */
    private readonly strings: () => AccountLinkerStrings,
    pending?: PendingLinks,
  ) {
    this.#linkContext = {
      host,
      port,
      tokens: this.tokens,
      pending,
      list: this.#list,
      state: this.#state,
      config: () => this.#config,
      generation: () => this.#generation,
      signal: () => this.#work.signal,
      given: () => this.#given,
      keepsOwnState: () => this.#modes.keepsOwnState(),
      modeAndToken: (known) => this.#modeAndToken(known),
      fail: (error, load, calm) => this.fail(error, load, calm),
      show: (profile, added) => {
        if (this.#error && this.#error.error.code !== 'invalid-config') this.#error = undefined;
        this.#showProfile(profile);
        this.#phase = 'ready';
        this.#added = added;
        // A link's list comes with its answer, not a load: the suggestions are asked for again too.
        const mode = this.#modes.mode;
        if (mode?.suggestions) void this.#suggest(mode, this.#generation);
      },
      loadUnlessGiven: () => this.#loadUnlessGiven(),
      schedule: () => this.#schedule(),
      focusOn: (outcome) => this.#focusOn(outcome),
      changed: () => this.#changed(),
    };
    host.addController(this);
  }

  get phase(): Phase { return this.#phase; }
  get list(): readonly Identity[] | undefined { return this.#list.items; }
  get error(): ShownError | undefined { return this.#error; }
  get notice(): Said | undefined { return this.#state.notice; }
  get status(): Said | undefined { return this.#state.status; }
  get busy(): ReadonlySet<string> { return this.#busy; }
  get linking(): boolean { return this.#state.linking; }
  /** The composite id of a row just added, to mark and focus it. */
  get added(): string | undefined { return this.#added; }
  get config(): LinkerConfig | undefined { return this.#config; }
  get given(): boolean { return this.#given; }
  /** Suggested accounts not on the list (one just linked leaves at once) and not hidden. */
  get suggestions(): readonly Identity[] {
    return (this.#suggestions?.items ?? []).filter((identity) => !this.#list.has(identityKey(identity)));
  }

  hostConnected(): void {
    // Reconnected after a disconnect aborted a load: load again.
    if (this.#phase === 'loading' && this.#config) this.#schedule();
  }

  hostDisconnected(): void {
    this.#loadController?.abort();
    this.#suggesting?.abort();
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
    this.#links?.abort();
    this.#work.abort();
    this.#work = new AbortController();
    this.#suggesting?.abort();
    if (this.#suggestions) this.#suggestions.items = [];
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
    if (this.#links?.returning === this.#generation) return { is: 'none' };
    if (!this.#returnHandled) {
      this.#returnHandled = true;
      const response = readReturnParams(this.port.href());
      // The server keeps server mode's transaction and says only `account_linker=done`; the other
      // modes keep theirs here and get the tenant's `state` and `code`. The other kind is not ours.
      const serverKept = config.mode !== 'auto' && !MODES[config.mode].tenant;
      if (response && !!response.done === serverKept) {
        const flow = await this.#linkFlow();
        // Read again once the flow is here: another element of the page may have taken the return
        // meanwhile (and cleaned the address bar), as it would have before this one started.
        const still = readReturnParams(this.port.href());
        if (still) return flow.finishReturn(still);
      }
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
    this.#state.status = { say: 'loading' };
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
      this.#state.status = { say: 'loaded', count: profile.identities.length };
      if (mode.suggestions) void this.#suggest(mode, generation);
      return true;
    } catch (error) {
      if (isAbort(error) || controller.signal.aborted || generation !== this.#generation) return false;
      this.#phase = this.#list.items ? 'ready' : 'failed';
      this.#state.status = undefined;
      await this.fail(error, true);
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
  link(connection?: string, serverState?: string, loginHint?: string): Promise<Outcome> {
    const config = this.#config;
    if (!config) throw new LinkerError('invalid-config', 'modeUnsupported');
    if (this.#state.linking || this.#starting) return Promise.resolve({ is: 'none' });
    let popup: PopupHandle | undefined;
    if (config.popup) {
      popup = this.port.openPopup();
      if (!popup) {
        return this.fail(new LinkerError('popup-blocked', 'popupBlocked')).then(() => this.#focusOn({ is: 'failed' }));
      }
    }
    // Marked as running at once (no second click starts another); shown as running (the buttons
    // disabled) by the flow, in the same task when its chunk is here, so a link cancelled at once
    // never disables, and never takes the focus off, the button that started it.
    this.#starting = true;
    const flow = this.#linkFlow();
    const run = (ready: LinkFlow) => ready.link(config, connection, serverState, popup, loginHint).finally(() => (this.#starting = false));
    return flow instanceof Promise ? flow.then(run, (error: unknown) => {
      this.#starting = false;
      popup?.close();
      return this.fail(error).then(() => ({ is: 'failed' }) as Outcome);
    }) : run(flow);
  }

  /** Asks the mode for suggestions (after a load): a hint, so a failure shows nothing rather than an error. */
  async #suggest(mode: LinkerMode, generation: number): Promise<void> {
    this.#suggesting?.abort();
    const asking = (this.#suggesting = new AbortController());
    try {
      const { Suggestions } = await import('./suggestions.js');
      const suggestions = (this.#suggestions ??= new Suggestions(this.port.storage?.()));
      const found = await suggestions.load(mode, this.#list.primaryKey ?? '', asking.signal);
      // Another user's, or another tenant's, by now, or a newer load's to come: not shown.
      if (generation !== this.#generation || asking.signal.aborted) return;
      suggestions.items = found;
      this.#changed();
    } catch {
      // Not there (no `read:users`, a rate limit, an old server): the section stays away.
    }
  }

  /** The person says not to offer it: it goes, and stays gone in this browser (for this user). */
  hideSuggestion(identity: Identity): Promise<void> {
    const hidden = this.#suggestions?.hide(this.#list.primaryKey ?? '', identity);
    this.#changed();
    return hidden ?? Promise.resolve();
  }

  /** The link flow: at once when its chunk is here (no turn of the event loop after a click), else once loaded. */
  #linkFlow(): LinkFlow | Promise<LinkFlow> {
    if (this.#links) return this.#links;
    const make = ({ LinkFlow }: LinkFlowModule) => (this.#links ??= new LinkFlow(this.#linkContext));
    return linkFlowModule ? make(linkFlowModule) : loadLinkFlow().then(make);
  }

  /** Records an outcome for the view to move focus by (popup links, unlinks, returns). */
  #focusOn(outcome: Outcome): Outcome {
    if (this.#config?.popup || outcome.is === 'unlinked' || outcome.is === 'linked') this.#focus = outcome;
    this.#changed();
    return outcome;
  }

  /** Unlinks after the person confirmed (or the host called `unlink()`). */
  async unlink(identity: Identity): Promise<Outcome> {
    const key = identityKey(identity);
    if (this.#busy.has(key)) return { is: 'none' };
    // Only a row on show (another user's, from before a change of user, is not).
    if (!this.#list.has(key)) {
      void this.fail(new LinkerError('invalid-config', 'unknownIdentity', key));
      return { is: 'failed' };
    }
    if (this.isPrimary(identity)) {
      void this.fail(new LinkerError('primary-identity', 'primaryIdentity'));
      return { is: 'failed' };
    }
    if (!this.#config) throw new LinkerError('invalid-config', 'modeUnsupported');
    this.#busy = new Set([...this.#busy, key]);
    this.#changed();
    const generation = this.#generation;
    try {
      if (!emit(this.host, 'account-unlink', { identity: { ...identity } })) return { is: 'cancelled' };
      this.#state.status = { say: 'unlinking', identity };
      this.#state.notice = undefined;
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
      if (isNotLinked(error) && (await this.load()) && generation === this.#generation && !this.#list.has(key)) {
        return this.#unlinked(identity, undefined, index);
      }
      if (generation === this.#generation) {
        this.#state.status = undefined;
        // Not awaited: the view leaves its confirmation before the error is said.
        void this.fail(error);
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
    this.#state.status = { say: 'unlinked', identity };
    this.#state.notice = this.#state.status;
    if (this.#error && this.#error.error.code !== 'invalid-config') this.#error = undefined;
    const outcome = this.#focusOn({ is: 'unlinked', index: Math.max(index, 0) });
    emit(this.host, 'account-unlinked', { identity: { ...identity }, identities: this.identities() });
    return outcome;
  }

  /**
   * Shows and reports an error. `load`: a load failed (a retry may be offered; the next load that
   * works clears it). `calm`: an outcome the person chose, shown as a notice.
   */
  fail(error: unknown, load = false, calm = false): Promise<void> {
    const linkerError = toLinkerError(error);
    // Told once what tells it is here: the describing chunk, and the English sentence when it is
    // in the English texts' chunk (a setup message, a server's refusal). Shown and reported then.
    const english = needsEnglishTexts(linkerError, this.strings());
    if (describerLoaded() && !english) {
      this.#show(linkerError, load, calm);
      return Promise.resolve();
    }
    const generation = this.#generation;
    return Promise.all([loadDescriber(), english && loadEnglishTexts()]).then(() => {
      // Still true once its text is here? Another configuration, or a token given meanwhile, is an answer.
      if (generation !== this.#generation || (linkerError.reason === 'tokenMissing' && this.tokens.has())) return;
      this.#show(linkerError, load, calm);
    });
  }

  #show(linkerError: LinkerError, load: boolean, calm: boolean): void {
    // Trying again can help only a network failure, a server's own failure or a rate limit.
    const status = linkerError.status ?? 0;
    const retry = load && (linkerError.code === 'network' || status >= 500 || status === 429);
    if (calm || CALM.has(linkerError.code)) {
      // Calm: the sentence alone (the detail still goes to the host in the event).
      this.#state.notice = { say: 'calm', error: linkerError };
      this.#state.status = { say: 'calmDetail', error: linkerError };
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

  /** Resolves once a setup error being shown has its text (and its event has gone out). */
  setupSettled(): Promise<unknown> {
    return Promise.all([loadDescriber(), loadEnglishTexts()]);
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
