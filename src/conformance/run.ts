// The duties of the contract's "Server mode" list, each provoked against a running server as a
// browser (and an attacker's browser) would, with one line of outcome each. The sessions come from
// the app's own sign-in at the mock tenant (`--login`), or from cookies obtained elsewhere. The
// journeys link the tenant's spare accounts and unlink them again, so the tenant ends as it began.
import { Browser, pickAtTenant, isTenantPage, Unreachable, type HeaderChanges, type Return, type Site } from './browser.js';
import { tokensIn } from './scan.js';
import { DEFAULT_OTHER_USER, DEFAULT_USER, M2M, NOT_SUGGESTED_ACCOUNT, SEED_SECRETS, SPARE_ACCOUNTS, SUGGESTED_ACCOUNT, UNVERIFIED_ACCOUNT } from './seed.js';
import { Fail, Skip, fail, idOf, deletePath, bodyOf, short, expectError, type ConformanceOptions, type DutyResult, type Duty, type Listed, type Json } from './duties.js';

export { DUTIES, type ConformanceOptions, type DutyResult, type Duty, type Status } from './duties.js';

export async function run(options: ConformanceOptions, report: (result: DutyResult) => void = () => {}): Promise<DutyResult[]> {
  const app = new URL(options.app).origin;
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const site: Site = { app, endpoint, timeout: options.timeout ?? 15000, seen: [] };
  const user = options.user ?? DEFAULT_USER;
  const otherUser = options.otherUser ?? DEFAULT_OTHER_USER;
  const unverified = options.unverified ?? UNVERIFIED_ACCOUNT;
  // The seed's same-email accounts belong to the seed's default user only.
  const seedUser = user === DEFAULT_USER;
  const suggested = options.suggested ?? (seedUser ? SUGGESTED_ACCOUNT : undefined);
  const notSuggested = options.notSuggested ?? (seedUser ? NOT_SUGGESTED_ACCOUNT : undefined);
  const returnTo = options.returnTo ?? '/account';
  let tenant = options.tenant ? new URL(options.tenant).origin : undefined;
  const results: DutyResult[] = [];

  const A = new Browser(site, 'the session');
  const B = new Browser(site, 'the second session');
  let haveA = false;
  let haveB = false;
  let initialA: Listed | undefined;
  let initialB: Listed | undefined;

  async function duty(name: Duty, body: () => Promise<string>): Promise<void> {
    let result: DutyResult;
    try {
      result = { duty: name, status: 'ok', detail: await body() };
    } catch (error) {
      if (error instanceof Skip) result = { duty: name, status: 'skip', detail: error.message };
      else if (error instanceof Fail || error instanceof Unreachable) result = { duty: name, status: 'FAIL', detail: error.message };
      else result = { duty: name, status: 'FAIL', detail: (error as Error).message || String(error) };
    }
    results.push(result);
    report(result);
  }

  const needA = () => {
    if (!haveA) throw new Skip('no signed-in session (see sign-in)');
  };
  const needB = () => {
    needA();
    if (!haveB) throw new Skip('needs a second session: --login, or --other-cookie');
  };
  const needTenant = (): string => tenant ?? fail('the tenant is not known yet (give --tenant)');

  /** GET {endpoint} → the user id and the identities' `provider|user_id`. */
  async function listOf(browser: Browser): Promise<Listed> {
    const response = await browser.element('');
    const { text, json } = await bodyOf(response);
    if (response.status !== 200 || !json) fail(`GET ${endpoint} in ${browser.name}: ${response.status} ${short(text)}`);
    const identities = json!.identities;
    if (!Array.isArray(identities)) fail(`GET ${endpoint}: no identities array in ${short(text)}`);
    return {
      userId: typeof json!.user_id === 'string' ? json!.user_id : undefined,
      ids: (identities as Json[]).map((identity) => idOf(identity)),
    };
  }

  /** Follows the app's sign-in from `login` to a page of the app, choosing `who` at the tenant's page. */
  async function signIn(browser: Browser, who: string): Promise<void> {
    let at = new URL(options.login!, app).href;
    let response = await browser.navigate(at);
    for (let step = 0; step < 20; step++) {
      if (response.status >= 300 && response.status < 400) {
        const next = new URL(response.headers.get('Location') ?? fail(`${response.status} without a Location at ${at}`), at).href;
        response = await browser.navigate(next, at);
        at = next;
        continue;
      }
      const origin = new URL(at).origin;
      if (origin !== app && response.status === 200 && isTenantPage(await response.clone().text())) {
        if (tenant && tenant !== origin) fail(`the app signs in at ${origin}, not at --tenant ${tenant}`);
        tenant ??= origin;
        const back = await pickAtTenant(browser, at, who);
        response = await browser.arrive(back, origin);
        at = back.url;
        continue;
      }
      if (origin === app && response.status < 300) return;
      fail(`the sign-in stopped at ${response.status} ${origin}${new URL(at).pathname}`);
    }
    fail('the sign-in did not end after 20 redirects');
  }

  /** POST /link → the /authorize URL. */
  async function startLink(browser: Browser, body: Json = {}): Promise<URL> {
    const response = await browser.element('/link', { method: 'POST', body: { returnTo, popup: false, ...body } });
    const { text, json } = await bodyOf(response);
    if (response.status !== 200 || typeof json?.url !== 'string') fail(`POST /link: ${response.status} ${short(text)} (expected 200 {url})`);
    const url = new URL(json!.url as string);
    tenant ??= url.origin;
    return url;
  }

  /** POST /link, the tenant's page as `identity`: where the tenant sends the person back. */
  async function linkAtTenant(browser: Browser, identity: string, body: Json = {}): Promise<Return> {
    const authorize = await startLink(browser, body);
    return pickAtTenant(browser, authorize.href, identity);
  }

  /** GET /result → the outcome (200) or undefined (204). */
  async function resultOf(browser: Browser): Promise<Json | undefined> {
    const response = await browser.element('/result');
    if (response.status === 204) return undefined;
    const { text, json } = await bodyOf(response);
    if (response.status !== 200 || !json) fail(`GET /result: ${response.status} ${short(text)}`);
    return json;
  }

  /** Back at the app after the tenant: 303 to returnTo (or a 400 page); then the outcome. */
  async function finish(browser: Browser, back: Return): Promise<{ status: number; location: string | null; outcome: Json | undefined }> {
    const response = await browser.arrive(back, needTenant());
    await response.text();
    const outcome = response.status === 303 || response.status === 302 ? await resultOf(browser) : undefined;
    return { status: response.status, location: response.headers.get('Location'), outcome };
  }

  /** Unlinks `id` from the session's user when it is linked (the journeys leave the tenant as it was). */
  async function cleanUp(browser: Browser, id: string): Promise<string> {
    const listed = await listOf(browser);
    if (!listed.ids.includes(id)) return '';
    const response = await browser.element(deletePath(id), { method: 'DELETE' });
    await response.text();
    return response.status === 200 ? ` (${id} unlinked again)` : ` (${id} stays linked: DELETE answered ${response.status})`;
  }

  // Sessions.
  await duty('sign-in', async () => {
    const said: string[] = [];
    if (options.cookie) {
      A.jar(app).add(options.cookie);
      said.push('the session from --cookie');
    } else if (options.login) {
      await signIn(A, user);
      said.push(`${user} by ${options.login}`);
    } else {
      fail('no session: give --login <path> (the app\'s sign-in) or --cookie \'name=value\'');
    }
    initialA = await listOf(A);
    if (initialA.userId !== undefined && initialA.userId !== user) fail(`signed in, but GET ${endpoint} names ${initialA.userId}, not ${user} (--user)`);
    if (!initialA.ids.includes(user) && initialA.userId === undefined) fail(`GET ${endpoint} does not list ${user} (--user) among ${initialA.ids.join(', ')}`);
    haveA = true;
    if (options.otherCookie) {
      B.jar(app).add(options.otherCookie);
      said.push('the second session from --other-cookie');
    } else if (options.login) {
      await signIn(B, otherUser);
      said.push(`${otherUser}`);
    }
    if (options.otherCookie || options.login) {
      initialB = await listOf(B);
      if (initialB.userId === user || initialB.ids.includes(user)) fail(`the second session is ${user} too: it must be another user (--other-user)`);
      haveB = true;
    }
    return `signed in: ${said.join(' and ')}${haveB ? '' : ' (no second session: the duties that need one are skipped)'}`;
  });

  // The accounts the journeys link: free ones only (not linked to either user).
  const taken = new Set([...(initialA?.ids ?? []), ...(initialB?.ids ?? [])]);
  const spares = (options.link ?? SPARE_ACCOUNTS).filter((id) => !taken.has(id));
  // Fewer than three: the journeys take turns with the first (each unlinks what it linked).
  const spare = (n: number) => spares[n] ?? spares[0] ?? fail(`no free account to link (--link): ${[...(options.link ?? SPARE_ACCOUNTS)].join(', ')} are all linked to ${user} or ${otherUser} already (reset the tenant, or name others)`);

  await duty('signed-out', async () => {
    const nobody = new Browser(site, 'a signed-out browser');
    const seen: string[] = [];
    const absent: string[] = [];
    const expect401 = async (what: string, response: Promise<Response>, optional = false) => {
      const answer = await response;
      if (optional && answer.status === 404) return void absent.push(`${what} 404`);
      await expectError(answer, what, 401, 'missing-token');
      seen.push(what);
    };
    await expect401(`GET ${endpoint}`, nobody.element(''));
    await expect401('POST /link', nobody.element('/link', { method: 'POST', body: { returnTo, popup: false } }));
    await expect401('GET /result', nobody.element('/result'));
    await expect401('GET /suggestions', nobody.element('/suggestions'), true);
    await expect401('DELETE /identities/…', nobody.element(deletePath(user), { method: 'DELETE' }));
    return `401 missing-token: ${seen.join(', ')}${absent.length ? ` (${absent.join(', ')})` : ''}`;
  });

  await duty('list', async () => {
    needA();
    const response = await A.element('');
    const { text, json } = await bodyOf(response);
    if (response.status !== 200) fail(`GET ${endpoint}: ${response.status} ${short(text)}`);
    if (!/^application\/json/.test(response.headers.get('Content-Type') ?? '')) fail(`GET ${endpoint}: Content-Type ${response.headers.get('Content-Type')}, expected application/json`);
    const identities = json?.identities;
    if (!Array.isArray(identities) || identities.length === 0) fail(`GET ${endpoint}: no identities in ${short(text)}`);
    for (const identity of identities as Json[]) {
      if (typeof identity.provider !== 'string' || (typeof identity.user_id !== 'string' && typeof identity.user_id !== 'number')) {
        fail(`an identity without provider and user_id: ${short(JSON.stringify(identity))}`);
      }
      const leaked = ['access_token', 'refresh_token', 'access_token_secret'].filter((key) => key in identity);
      if (leaked.length) fail(`${idOf(identity)} carries ${leaked.join(', ')} (IdP tokens must be removed)`);
    }
    return `200, ${identities!.length} identities of ${String(json!.user_id ?? user)}, no IdP token`;
  });

  const nothing = `/identities/github/0`;
  const csrf = async (cases: Array<[string, 'POST' | 'DELETE', HeaderChanges]>) => {
    needA();
    for (const [what, method, headers] of cases) {
      const response =
        method === 'POST'
          ? await A.element('/link', { method, body: { returnTo, popup: false }, headers })
          : await A.element(nothing, { method, headers });
      await expectError(response, `${method} ${what}`, 403, 'csrf');
    }
    return `${cases.map(([what, method]) => `${method} ${what}`).join('; ')}: 403 csrf`;
  };

  await duty('csrf-header', () =>
    csrf([
      ['without X-Account-Linker', 'POST', { 'X-Account-Linker': null }],
      ['with X-Account-Linker: yes', 'POST', { 'X-Account-Linker': 'yes' }],
      ['without X-Account-Linker', 'DELETE', { 'X-Account-Linker': null }],
    ]),
  );

  await duty('csrf-origin', () =>
    csrf([
      ['Origin https://evil.example', 'POST', { Origin: 'https://evil.example', 'Sec-Fetch-Site': null }],
      ['Origin null', 'POST', { Origin: 'null', 'Sec-Fetch-Site': null }],
      ['Origin https://evil.example', 'DELETE', { Origin: 'https://evil.example', 'Sec-Fetch-Site': null }],
    ]),
  );

  await duty('csrf-fetch-site', () =>
    csrf([
      ['no Origin, Sec-Fetch-Site cross-site', 'POST', { Origin: null, 'Sec-Fetch-Site': 'cross-site' }],
      ['no Origin, Sec-Fetch-Site same-site', 'POST', { Origin: null, 'Sec-Fetch-Site': 'same-site' }],
      ['no Origin, Sec-Fetch-Site cross-site', 'DELETE', { Origin: null, 'Sec-Fetch-Site': 'cross-site' }],
    ]),
  );

  await duty('return-to', async () => {
    needA();
    const said: string[] = [];
    for (const bad of ['//evil.example/x', '/\\evil.example', 'https://evil.example/']) {
      const response = await A.element('/link', { method: 'POST', body: { returnTo: bad, popup: false } });
      const { text, json } = await bodyOf(response);
      if (response.status < 400 || response.status >= 500 || typeof json?.url === 'string') {
        fail(`POST /link with returnTo ${JSON.stringify(bad)}: ${response.status} ${short(text)} (expected a 4xx refusal)`);
      }
      said.push(`${bad} ${response.status}`);
    }
    return `refused: ${said.join(', ')}`;
  });

  await duty('link-url', async () => {
    needA();
    const url = await startLink(A, { connection: 'github' });
    const q = url.searchParams;
    const problems: string[] = [];
    if (options.tenant && url.origin !== tenant) problems.push(`it goes to ${url.origin}, not the tenant ${tenant}`);
    if (url.pathname !== '/authorize') problems.push(`its path is ${url.pathname}, not /authorize`);
    const exact: Record<string, string> = {
      response_type: 'code',
      redirect_uri: `${app}${endpoint}/callback`,
      code_challenge_method: 'S256',
      prompt: 'login',
      max_age: '0',
      connection: 'github',
    };
    for (const [name, value] of Object.entries(exact)) if (q.get(name) !== value) problems.push(`${name}=${q.get(name) ?? '(none)'}, expected ${value}`);
    for (const name of ['client_id', 'state', 'nonce']) if (!q.get(name)) problems.push(`no ${name}`);
    if (!/^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '')) problems.push(`code_challenge ${q.get('code_challenge') ?? '(none)'} is not a SHA-256 in base64url`);
    for (const name of ['access_token', 'id_token', 'client_secret', 'code_verifier']) if (q.has(name)) problems.push(`it carries ${name}`);
    const again = await startLink(A);
    for (const name of ['state', 'nonce', 'code_challenge']) if (again.searchParams.get(name) === q.get(name)) problems.push(`the same ${name} in two transactions`);
    if (again.searchParams.has('connection')) problems.push('connection= without a connection asked for');
    if (problems.length) fail(`the /authorize URL: ${problems.join('; ')}`);
    return `${url.origin}/authorize with client_id, state, nonce, S256 PKCE, prompt=login, max_age=0, connection; fresh each time`;
  });

  // The link journey, then what follows from it.
  let journey: { id: string; back: Return; linked: boolean } | undefined;
  await duty('link-journey', async () => {
    needA();
    const id = spare(0);
    const target = new URL(returnTo, app);
    target.searchParams.append('conformance', '1');
    const asked = `${target.pathname}${target.search}`;
    const back = await linkAtTenant(A, id, { returnTo: asked });
    const callback = new URL(back.url);
    if (`${callback.origin}${callback.pathname}` !== `${app}${endpoint}/callback`) fail(`the tenant returned to ${callback.origin}${callback.pathname}, not ${app}${endpoint}/callback`);
    journey = { id, back, linked: false };
    const response = await A.arrive(back, needTenant());
    const page = await response.text();
    if (response.status !== 303) fail(`the callback answered ${response.status} ${short(page)} (expected 303)`);
    const location = new URL(response.headers.get('Location') ?? fail('the 303 has no Location'), app);
    const extra = [...location.searchParams].filter(([name]) => !target.searchParams.has(name) && name !== 'account_linker');
    if (location.origin !== app || location.pathname !== target.pathname) fail(`the 303 goes to ${location.origin}${location.pathname}, not returnTo ${target.pathname}`);
    if (location.searchParams.getAll('account_linker').join() !== 'done') fail(`the 303's account_linker is ${JSON.stringify(location.searchParams.getAll('account_linker'))}, expected "done"`);
    if (location.searchParams.get('conformance') !== '1') fail('the 303 lost returnTo\'s own query');
    if (extra.length || location.hash) fail(`the 303 says more than account_linker=done: ${extra.map(([n]) => n).join(', ')}${location.hash}`);
    const outcome = await resultOf(A);
    if (!outcome) fail('GET /result answered 204 after the return (expected the outcome)');
    if (outcome!.ok !== true) fail(`/result: ${short(JSON.stringify(outcome))} (expected ok: true)`);
    const added = outcome!.added as Json | undefined;
    if (!added || idOf(added) !== id) fail(`/result's added is ${added ? idOf(added) : 'missing'}, expected ${id}`);
    if (!Array.isArray(outcome!.identities) || !(outcome!.identities as Json[]).map(idOf).includes(id)) fail(`/result's identities do not hold ${id}`);
    journey.linked = (await listOf(A)).ids.includes(id);
    if (!journey.linked) fail(`/result said ok, but GET ${endpoint} does not list ${id}`);
    return `${id} linked: 303 to ${location.pathname}${location.search}, /result ok with it, the list has it`;
  });

  await duty('result-single-use', async () => {
    needA();
    if (!journey?.linked) throw new Skip('needs link-journey');
    const response = await A.element('/result');
    const { text } = await bodyOf(response);
    if (response.status !== 204) fail(`a second GET /result: ${response.status} ${short(text)} (expected 204)`);
    return 'the second GET /result: 204';
  });

  await duty('callback-replay', async () => {
    needA();
    if (!journey?.linked) throw new Skip('needs link-journey');
    const response = await A.arrive(journey.back, needTenant());
    const { text } = await bodyOf(response);
    if (response.status !== 400) fail(`the same callback again: ${response.status} ${short(text)} (expected 400: no transaction of this session)`);
    const outcome = await resultOf(A);
    if (outcome) fail(`after the replay /result says ${short(JSON.stringify(outcome))} (expected 204)`);
    const ids = (await listOf(A)).ids.filter((id) => id === journey!.id);
    if (ids.length !== 1) fail(`after the replay the list has ${journey.id} ${ids.length} times`);
    return 'the same callback again: 400, /result 204, linked once';
  });

  await duty('unlink', async () => {
    needA();
    if (!journey?.linked) throw new Skip('needs link-journey');
    const response = await A.element(deletePath(journey.id), { method: 'DELETE' });
    const { text, json } = await bodyOf(response);
    if (response.status !== 200) fail(`DELETE ${deletePath(journey.id)}: ${response.status} ${short(text)} (expected 200)`);
    if (!Array.isArray(json?.identities)) fail(`DELETE answered without identities: ${short(text)}`);
    if ((json!.identities as Json[]).map(idOf).includes(journey.id)) fail(`DELETE answered a list that still has ${journey.id}`);
    if ((await listOf(A)).ids.includes(journey.id)) fail(`after DELETE, GET ${endpoint} still lists ${journey.id}`);
    return `${journey.id}: 200, gone from the list`;
  });

  await duty('callback-other-session', async () => {
    needB();
    const id = spare(1);
    const beforeB = await listOf(B);
    const back = await linkAtTenant(A, id);
    const stolen = await B.arrive(back, needTenant());
    const { text } = await bodyOf(stolen);
    const outcome = await resultOf(B);
    const afterB = await listOf(B);
    const linkedToB = afterB.ids.includes(id) || afterB.ids.length !== beforeB.ids.length;
    // The session that started it may still finish it; then the account is unlinked again.
    const own = await finish(A, back);
    const note = own.outcome?.ok === true ? await cleanUp(A, id) : ' (the session that started it could not finish it either)';
    if (linkedToB) fail(`${id} was linked to the second session's user${note}`);
    if (stolen.status !== 400) fail(`the second session's callback with the first one's state: ${stolen.status} ${short(text)} (expected 400)${note}`);
    if (outcome && outcome.ok !== false) fail(`the second session's /result: ${short(JSON.stringify(outcome))}`);
    return `400 in the second session, nothing linked to it${note}`;
  });

  await duty('code-injection', async () => {
    needB();
    const id = spare(2);
    const victim = await startLink(A);
    const state = victim.searchParams.get('state') ?? fail('the /authorize URL has no state');
    const attacker = await linkAtTenant(B, id);
    const injected: Return = attacker.form
      ? { url: attacker.url, form: { ...attacker.form, state } }
      : (() => {
          const url = new URL(attacker.url);
          url.searchParams.set('state', state);
          return { url: url.href };
        })();
    const { status, outcome } = await finish(A, injected);
    const linked = (await listOf(A)).ids.includes(id);
    const note = linked ? await cleanUp(A, id) : '';
    if (linked) fail(`${id}, signed in by the second session, was linked to ${user}${note}`);
    if (status !== 400 && !(status === 303 || status === 302)) fail(`the callback answered ${status} (expected 303 then an error at /result, or 400)`);
    if (outcome?.ok === true) fail(`/result says ok: ${short(JSON.stringify(outcome))}`);
    return status === 400 ? '400, nothing linked' : `${status}, /result ${outcome ? String(outcome.code) : '204'}, nothing linked`;
  });

  await duty('unverified-email', async () => {
    needA();
    const back = await linkAtTenant(A, unverified);
    const { status, outcome } = await finish(A, back);
    const linked = (await listOf(A)).ids.includes(unverified);
    const note = linked ? await cleanUp(A, unverified) : '';
    if (linked) fail(`${unverified} (email not verified) was linked${note}`);
    if (status !== 303 && status !== 302) fail(`the callback answered ${status} (expected 303 to returnTo)`);
    if (outcome?.ok !== false || outcome.code !== 'unverified-email') fail(`/result: ${outcome ? short(JSON.stringify(outcome)) : '204'} (expected {ok: false, code: "unverified-email"})`);
    return `${unverified}: /result unverified-email, nothing linked`;
  });

  await duty('own-account', async () => {
    needA();
    const said: string[] = [];
    const before = (await listOf(A)).ids;
    const secondary = before.find((id) => id !== user && !spares.includes(id));
    for (const id of [user, ...(secondary ? [secondary] : [])]) {
      const back = await linkAtTenant(A, id);
      const { status, outcome } = await finish(A, back);
      if (status !== 303 && status !== 302) fail(`${id}: the callback answered ${status} (expected 303 to returnTo)`);
      if (outcome?.ok !== false || outcome.code !== 'already-linked') fail(`${id}: /result ${outcome ? short(JSON.stringify(outcome)) : '204'} (expected {ok: false, code: "already-linked"})`);
      said.push(id);
    }
    const after = (await listOf(A)).ids;
    if (after.join() !== before.join()) fail(`the list changed: ${before.join(', ')} → ${after.join(', ')}`);
    return `${said.join(', ')}: already-linked, the list unchanged`;
  });

  await duty('unlink-foreign', async () => {
    needA();
    const response = await A.element(deletePath(otherUser), { method: 'DELETE' });
    const { text } = await bodyOf(response);
    if (response.status < 400 || response.status >= 500) fail(`DELETE of ${otherUser} (another user's) by ${user}: ${response.status} ${short(text)} (expected a 4xx refusal)`);
    if (!haveB) return `DELETE ${otherUser}: ${response.status} (no second session to see that user's list)`;
    const still = (await listOf(B)).ids.includes(otherUser);
    if (!still) fail(`${otherUser} is gone from that user's list`);
    return `DELETE ${otherUser}: ${response.status}, that user keeps it`;
  });

  await duty('unlink-primary', async () => {
    needA();
    const response = await A.element(deletePath(user), { method: 'DELETE' });
    const detail = await expectError(response, `DELETE of the primary ${user}`, (s) => s >= 400 && s < 500, 'primary-identity');
    if (!(await listOf(A)).ids.includes(user)) fail(`${user} is gone from the list`);
    return `DELETE ${user}: ${detail}, still listed`;
  });

  /** GET /suggestions → the list (each checked: an Identity, no IdP token, no token of the tenant), or undefined for 404. */
  async function suggestionsOf(browser: Browser): Promise<Json[] | undefined> {
    const response = await browser.element('/suggestions');
    const { text, json } = await bodyOf(response);
    if (response.status === 404) return undefined;
    if (response.status !== 200) fail(`GET /suggestions: ${response.status} ${short(text)}`);
    const suggestions = json?.suggestions;
    if (!Array.isArray(suggestions)) fail(`GET /suggestions: ${short(text)} (expected {suggestions: [...]})`);
    for (const suggestion of suggestions as Json[]) {
      if (typeof suggestion !== 'object' || suggestion === null || typeof suggestion.provider !== 'string' || typeof suggestion.connection !== 'string') {
        fail(`a suggestion is not an Identity: ${short(JSON.stringify(suggestion))}`);
      }
      if (typeof suggestion.user_id !== 'string' && typeof suggestion.user_id !== 'number') fail(`a suggestion without user_id: ${short(JSON.stringify(suggestion))}`);
      const leaked = ['access_token', 'refresh_token', 'access_token_secret', 'id_token'].filter((key) => key in suggestion || (typeof suggestion.profileData === 'object' && suggestion.profileData !== null && key in suggestion.profileData));
      if (leaked.length) fail(`${idOf(suggestion)} carries ${leaked.join(', ')}`);
      const profile = suggestion.profileData as Json | undefined;
      if (profile?.email_verified === false) fail(`${idOf(suggestion)} is suggested, but its own profile says its email is not verified`);
    }
    const tokens = tenant ? tokensIn(text, tenant, SEED_SECRETS) : [];
    if (tokens.length) fail(`GET /suggestions carries a token: ${tokens[0]}`);
    return suggestions as Json[];
  }

  await duty('suggestions', async () => {
    needA();
    const suggestions = await suggestionsOf(A);
    if (!suggestions) {
      if (options.suggested) fail(`GET /suggestions: 404, but --suggested ${options.suggested} was given`);
      return 'no such route (404): nothing to check';
    }
    const ids = suggestions.map(idOf);
    const mine = new Set((await listOf(A)).ids);
    for (const id of ids) {
      if (mine.has(id)) fail(`${id} is suggested, but it is the user's own`);
      if (id === unverified) fail(`${unverified} (email not verified) is suggested`);
      if (id === notSuggested) fail(`${notSuggested} (the same email as ${user}, not verified) is suggested: anyone can claim an email they do not own`);
    }
    const said = `200, ${ids.length} suggestion${ids.length === 1 ? '' : 's'}${ids.length ? `: ${ids.join(', ')}` : ''}${notSuggested ? `, not ${notSuggested}` : ''}`;
    if (!suggested) return `${said} (no --suggested account to expect)`;
    if (mine.has(suggested)) return `${said} (${suggested} is linked to ${user} already: its suggestion not checked)`;
    const suggestion = suggestions.find((candidate) => idOf(candidate) === suggested);
    if (!suggestion) fail(`${suggested} (another user with ${user}'s verified email) is not suggested; the suggestions are ${ids.join(', ') || 'none'}`);
    // Linked as the element would link it: the same flow, its connection, the person signing in to it.
    const back = await linkAtTenant(A, suggested, { connection: suggestion!.connection as string });
    const { outcome } = await finish(A, back);
    if (outcome?.ok !== true) {
      const note = (await listOf(A)).ids.includes(suggested) ? await cleanUp(A, suggested) : '';
      fail(`linking the suggested ${suggested}: /result ${outcome ? short(JSON.stringify(outcome)) : '204'} (expected ok)${note}`);
    }
    const after = await suggestionsOf(A);
    const note = await cleanUp(A, suggested);
    if (after?.map(idOf).includes(suggested)) fail(`${suggested} is still suggested after it was linked to ${user}${note}`);
    return `${said}; linked, then no longer suggested${note}`;
  });

  await duty('no-tokens', async () => {
    if (!tenant) throw new Skip('the tenant is not known (give --tenant)');
    const found = site.seen.flatMap(({ what, text }) => tokensIn(text, tenant!, SEED_SECRETS).map((token) => `${what}: ${token}`));
    if (found.length) fail(`${found.length} found, first: ${found[0]}`);
    // The scan itself, on a real token of the tenant: a clean result must mean something.
    let checked = '';
    try {
      const answer = await fetch(`${tenant}/oauth/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials', client_id: M2M.clientId, client_secret: M2M.clientSecret, audience: `${tenant}/api/v2/` }),
        signal: AbortSignal.timeout(site.timeout),
      });
      const token = ((await answer.json()) as { access_token?: string }).access_token;
      if (token) {
        if (tokensIn(`Set-Cookie: s=${encodeURIComponent(token)}`, tenant).length === 0) fail('the scan does not see a token of this tenant (its issuer is not the one given)');
        checked = ', the scan seen to find a token of the tenant';
      }
    } catch (error) {
      if (error instanceof Fail) throw error;
    }
    return `${site.seen.length} answers of the app scanned${checked}`;
  });

  return results;
}
