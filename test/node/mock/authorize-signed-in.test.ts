/// <reference types="node" />
// The sign-in page beside a login session: a management link's second login is an ordinary
// /authorize (prompt=login, max_age=0), so the page learns who is signed in from the tenant's session
// cookie and marks the offered logins that already belong to that user, in words. They stay
// selectable: choosing one is a login as that user again, as on Auth0.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import { authorizeQuery, decide, openAuthorizePage, redirectParams, url, useMockTenant } from '../helpers.js';

const tenant = useMockTenant();

/** What the element's management link asks for: fresh credentials, so the page is shown even with a session. */
const LINK_QUERY = { prompt: 'login', max_age: '0', scope: 'openid profile email' };

/** Signs in through the page as `identity`; the tenant's session cookie (`auth0=…`). */
async function signIn(identity: string): Promise<string> {
  const { tx } = await openAuthorizePage();
  const response = await decide({ tx, identity });
  const cookie = /^(auth0=[^;]+)/.exec(response.headers.get('Set-Cookie') ?? '')?.[1];
  assert.ok(cookie, 'the sign-in set a session cookie');
  return cookie;
}

/** The link's second login page, with the session cookie or without one. */
async function linkPage(cookie?: string): Promise<string> {
  const response = await fetch(url('/authorize', authorizeQuery(LINK_QUERY)), {
    redirect: 'manual',
    headers: cookie ? { Cookie: cookie } : {},
  });
  const html = await response.text();
  assert.equal(response.status, 200, html);
  return html;
}

/** Each offered login's mark, by its `provider|user_id`: `primary`, `linked` or none. */
function marks(html: string): Map<string, { already?: string; text: string }> {
  const buttons = [...html.matchAll(/<button type="submit" name="identity" value="([^"]+)"[^>]*>([\s\S]*?)<\/button>/g)];
  assert.ok(buttons.length > 0, 'logins are offered');
  return new Map(
    buttons.map(([, id, body]) => {
      const badge = /<span class="badge" data-already="([^"]+)">([^<]*)<\/span>/.exec(body!);
      return [id!, badge ? { already: badge[1]!, text: badge[2]! } : { text: '' }];
    }),
  );
}

const marked = (html: string) =>
  [...marks(html)].filter(([, mark]) => mark.already).map(([id, mark]) => `${id} ${mark.already}`);

const ALICE_GOOGLE = 'google-oauth2|104223456789012345678';
const ALICE_GITHUB = 'github|1234567';
const CAROL_FACEBOOK = 'facebook|10203040506070809';

describe('the sign-in page marks the logins the signed-in user has already', () => {
  test("Alice's session: her own login and her two linked ones are marked, in words; nobody else's", async () => {
    const html = await linkPage(await signIn(DEMO_USER_IDS.alice));
    assert.deepEqual(marked(html).sort(), [`${DEMO_USER_IDS.alice} primary`, `${ALICE_GITHUB} linked`, `${ALICE_GOOGLE} linked`].sort());
    const shown = marks(html);
    assert.equal(shown.get(ALICE_GITHUB)!.text, 'Already linked to Alice Example');
    assert.equal(shown.get(DEMO_USER_IDS.alice)!.text, "Alice Example's own login");
    // Still offered: the mark informs, it does not take the choice away.
    assert.ok(shown.has(SPARE_USER_IDS.github) && shown.get(SPARE_USER_IDS.github)!.text === '');
    assert.ok(shown.has(CAROL_FACEBOOK) && !shown.get(CAROL_FACEBOOK)!.already, "Carol's Facebook is not Alice's");
    assert.match(html, /<p data-signed-in>Signed in as <strong>Alice Example<\/strong> \(alice@example\.com\)/);
  });

  test('no session: a plain page, nothing marked, nobody named', async () => {
    const html = await linkPage();
    assert.deepEqual(marked(html), []);
    assert.doesNotMatch(html, /data-signed-in|data-already/);
  });

  test("another user's session marks that user's logins: Carol's own and her Facebook, none of Alice's", async () => {
    const html = await linkPage(await signIn(DEMO_USER_IDS.carol));
    assert.deepEqual(marked(html).sort(), [`${CAROL_FACEBOOK} linked`, `${DEMO_USER_IDS.carol} primary`].sort());
    assert.equal(marks(html).get(CAROL_FACEBOOK)!.text, 'Already linked to Carol Example');
    assert.match(html, /Signed in as <strong>Carol Example<\/strong>/);
  });

  test('an unknown or ended session marks nothing', async () => {
    assert.deepEqual(marked(await linkPage('auth0=not-a-session')), []);
  });

  test("choosing a marked login is Auth0's usual outcome: a code for the user it belongs to", async () => {
    const cookie = await signIn(DEMO_USER_IDS.alice);
    const html = await linkPage(cookie);
    const tx = /name="tx" value="([^"]+)"/.exec(html)![1]!;
    const response = await fetch(url('/authorize/decision'), {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie },
      body: new URLSearchParams({ tx, identity: ALICE_GITHUB }),
    });
    assert.ok(redirectParams(response).get('code'), 'a code, not an error');
  });

  test('a legacy link page keeps its own list and adds no session marks', async () => {
    const cookie = await signIn(DEMO_USER_IDS.carol);
    const response = await fetch(url('/authorize', authorizeQuery({ access_token: DEMO_TOKENS.alice })), {
      redirect: 'manual',
      headers: { Cookie: cookie },
    });
    const html = await response.text();
    assert.match(html, /Already linked to Alice Example/);
    assert.doesNotMatch(html, /data-already|data-signed-in/);
  });

  test("the signed-in user's name is escaped wherever the page shows it", async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const state = tenant.exportState();
    tenant.importState({ ...state, users: state.users.map((u) => (u.user_id === DEMO_USER_IDS.alice ? { ...u, name: hostile } : u)) });
    const html = await linkPage(await signIn(DEMO_USER_IDS.alice));
    assert.doesNotMatch(html, /<img src=x/);
    assert.match(html, /Already linked to &lt;img src=x onerror=alert\(1\)&gt;/);
  });
});
