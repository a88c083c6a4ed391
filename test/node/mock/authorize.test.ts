/// <reference types="node" />
// GET /authorize and POST /authorize/decision: the page, its validation, and every outcome.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_TOKENS, DEMO_USER_IDS, SPARE_USER_IDS } from '../../../src/mock/index.js';
import {
  REDIRECT_URI,
  authorizeQuery,
  decide,
  getAuthorize,
  identityIds,
  openAuthorizePage,
  redirectParams,
  useMockTenant,
} from '../helpers.js';

const tenant = useMockTenant();

async function expectErrorPage(response: Response, error: string, text: RegExp) {
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('Location'), null, 'never redirected');
  assert.match(response.headers.get('Content-Type') ?? '', /^text\/html/);
  const html = await response.text();
  assert.match(html, new RegExp(`data-error="${error}"`));
  assert.match(html, text);
}

const expectRedirectError = (response: Response, error: string, description: string) => {
  const params = redirectParams(response);
  assert.equal(params.get('error'), error);
  assert.equal(params.get('error_description'), description);
  assert.equal(params.get('state'), 'state-123');
  assert.equal(params.get('code'), null);
};

describe('GET /authorize errors shown on the tenant (no redirect)', () => {
  test('missing client_id → 400 HTML', async () => {
    const { client_id: _, ...query } = authorizeQuery();
    await expectErrorPage(await getAuthorize(query), 'invalid_request', /Missing required parameter: client_id/);
  });

  test('unknown client_id → 400 HTML', async () => {
    await expectErrorPage(
      await getAuthorize(authorizeQuery({ client_id: 'someone-else' })),
      'invalid_request',
      /Unknown client: someone-else/,
    );
  });

  test('redirect_uri not allowed → 400 HTML "Callback URL mismatch"', async () => {
    const response = await getAuthorize(authorizeQuery({ redirect_uri: 'https://evil.example.com/cb' }));
    await expectErrorPage(response.clone(), 'callback_mismatch', /Callback URL mismatch/);
    assert.match(await response.text(), /https:\/\/evil\.example\.com\/cb/);
  });

  test('missing redirect_uri → 400 HTML', async () => {
    const { redirect_uri: _, ...query } = authorizeQuery();
    await expectErrorPage(await getAuthorize(query), 'invalid_request', /Missing required parameter: redirect_uri/);
  });

  test('the error page escapes what the request put in it', async () => {
    const response = await getAuthorize(authorizeQuery({ client_id: '<script>alert(1)</script>' }));
    const html = await response.text();
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });
});

describe('GET /authorize errors sent back to redirect_uri', () => {
  test('unsupported response_type → unsupported_response_type', async () => {
    expectRedirectError(
      await getAuthorize(authorizeQuery({ response_type: 'token' })),
      'unsupported_response_type',
      'Unsupported response type: token',
    );
  });

  test('missing response_type → invalid_request', async () => {
    const { response_type: _, ...query } = authorizeQuery();
    expectRedirectError(await getAuthorize(query), 'invalid_request', 'Missing required parameter: response_type');
  });

  test('unknown access_token → access_denied "Invalid main user access_token"', async () => {
    expectRedirectError(
      await getAuthorize(authorizeQuery({ access_token: 'ya29.an-idp-token-not-auth0' })),
      'access_denied',
      'Invalid main user access_token',
    );
  });

  test('expired access_token → access_denied "Invalid main user access_token"', async () => {
    expectRedirectError(
      await getAuthorize(authorizeQuery({ access_token: DEMO_TOKENS.expired })),
      'access_denied',
      'Invalid main user access_token',
    );
  });

  test('empty access_token → access_denied', async () => {
    expectRedirectError(
      await getAuthorize(authorizeQuery({ access_token: '' })),
      'access_denied',
      'Invalid main user access_token',
    );
  });

  test('unknown connection → invalid_request', async () => {
    expectRedirectError(
      await getAuthorize(authorizeQuery({ connection: 'myspace' })),
      'invalid_request',
      'The connection was not found: myspace',
    );
  });

  test('unsupported response_mode and code_challenge_method → invalid_request', async () => {
    expectRedirectError(
      await getAuthorize(authorizeQuery({ response_mode: 'fragment' })),
      'invalid_request',
      'Unsupported response_mode: fragment',
    );
    expectRedirectError(
      await getAuthorize(authorizeQuery({ code_challenge: 'x', code_challenge_method: 'S512' })),
      'invalid_request',
      'Unsupported code_challenge_method: S512',
    );
  });

  test('the redirect keeps the query the redirect_uri already had; no state when none was sent', async () => {
    const { state: _, ...query } = authorizeQuery({ redirect_uri: `${REDIRECT_URI}?tab=ids`, response_type: 'token' });
    const response = await getAuthorize(query);
    const location = new URL(response.headers.get('Location')!);
    assert.equal(location.searchParams.get('tab'), 'ids');
    assert.equal(location.searchParams.get('error'), 'unsupported_response_type');
    assert.equal(location.searchParams.has('state'), false);
  });
});

describe('the /authorize page', () => {
  test('a link page names the client, the signed-in user, and offers spares plus other users\' secondaries', async () => {
    const { html } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<title>[^<]*Account Linker Demo<\/title>/);
    assert.match(html, /Link another account to <strong>Alice Example<\/strong> \(alice@example\.com\)/);
    assert.match(html, /<form method="post" action="\/authorize\/decision">/);
    const offered = [...html.matchAll(/data-identity="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(offered, [...Object.values(SPARE_USER_IDS), 'facebook|10203040506070809']);
    assert.match(html, /Continue as Octo Spare<small>GitHub/);
    assert.match(html, /Continue as Wendy Spare<small>Microsoft/);
    assert.match(html, /data-action="cancel"/);
    assert.doesNotMatch(html, /github\|1234567/, "alice's own identities are not offered");
    assert.match(html, /src="https:\/\/tenant\.example\.com\/__mock\/avatar\/octo-spare\.svg"/);
  });

  test('a link page marks the accounts already linked to the signed-in user (shown, not offered), each account with its provider\'s mark, and has a favicon', async () => {
    const { html } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
    const linked = [...html.matchAll(/<li data-linked="([^"]+)">/g)].map((m) => m[1]);
    assert.deepEqual(linked, tenant.getUser(DEMO_USER_IDS.alice)!.identities.map((i) => i.provider));
    assert.match(html, /Already linked to <strong>|Already linked to Alice/);
    // Every offered account and every linked one has its mark; no inline style attribute anywhere.
    const offered = [...html.matchAll(/<button type="submit" name="identity"[\s\S]*?<\/button>/g)].map((m) => m[0]);
    assert.ok(offered.length > 0);
    for (const button of offered) assert.match(button, /<svg data-mark="[^"]+"[^>]* class="provider-icon"/, button);
    assert.equal([...html.matchAll(/<li data-linked="[^"]+"><svg data-mark=/g)].length, linked.length);
    assert.doesNotMatch(html, /\sstyle=/);
    assert.match(html, /<link rel="icon" href="data:image\/svg\+xml,/);
    // A plain sign-in knows no signed-in user: nothing is marked linked.
    assert.doesNotMatch((await openAuthorizePage()).html, /data-linked/);
  });

  test('without access_token it is a plain sign-in page', async () => {
    const { html } = await openAuthorizePage();
    assert.doesNotMatch(html, /data-link-into/);
    assert.match(html, /Sign in to <strong>Account Linker Demo<\/strong>/);
    assert.match(html, /data-identity="github\|1234567"/, 'other users\' secondaries are offered');
  });

  test('connection= shows the connection and only its identities', async () => {
    const { html } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice, connection: 'github' });
    assert.match(html, /data-connection="github"/);
    const offered = [...html.matchAll(/data-identity="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(offered, ['github|7654321']);
  });

  test('a connection with nothing to offer says so and still offers Cancel', async () => {
    // A link page offers no database login (a plain sign-in page offers every account's own).
    const { html } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice, connection: 'Username-Password-Authentication' });
    assert.match(html, /data-empty/);
    assert.match(html, /data-action="cancel"/);
  });

  test('user names are escaped', async () => {
    tenant.getUser(DEMO_USER_IDS.alice)!.name = '<img src=x onerror=alert(1)>';
    const { html } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
    assert.doesNotMatch(html, /<img src=x/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });
});

describe('POST /authorize/decision', () => {
  test('unknown tx → 400 HTML', async () => {
    const response = await decide({ tx: 'nope', identity: SPARE_USER_IDS.github });
    await expectErrorPage(response, 'invalid_request', /Unknown or already used transaction/);
  });

  test('cancel → 302 with access_denied "User cancelled the login" and state; nothing linked', async () => {
    const { tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
    expectRedirectError(await decide({ tx, action: 'cancel' }), 'access_denied', 'User cancelled the login');
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
  });

  test('continue with a primary links the identity and returns code and state', async () => {
    const { tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
    const params = redirectParams(await decide({ tx, identity: SPARE_USER_IDS.oidc }));
    assert.ok(params.get('code'));
    assert.equal(params.get('state'), 'state-123');
    assert.equal(params.get('error'), null);
    assert.deepEqual(identityIds(tenant.getUser(DEMO_USER_IDS.alice)!.identities).at(-1), 'oidc|corp|employee-42');
    assert.equal(tenant.getUser(SPARE_USER_IDS.oidc), undefined);
  });

  test('continue without a primary signs in without linking', async () => {
    const { tx } = await openAuthorizePage();
    assert.ok(redirectParams(await decide({ tx, identity: SPARE_USER_IDS.sms })).get('code'));
    assert.ok(tenant.getUser(SPARE_USER_IDS.sms), 'still its own user');
  });

  test(`linking another user's secondary (offered) → 302 access_denied "Error linking account: The account is already linked to another user."`, async () => {
    const { tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
    expectRedirectError(
      await decide({ tx, identity: 'facebook|10203040506070809' }),
      'access_denied',
      'Error linking account: The account is already linked to another user.',
    );
    assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
    assert.equal(tenant.getUser(DEMO_USER_IDS.carol)?.identities.length, 2);
  });

  // The link page never offers these (the store's own refusals are in store.test.ts): posted anyway,
  // they are refused like any identity the page did not offer.
  const notOffered: Array<[string, string]> = [
    ['the primary identity itself', 'auth0|alice0001'],
    ['an identity already linked to this user', 'github|1234567'],
    ['a primary that has other identities', 'auth0|carol0003'],
  ];
  for (const [what, identity] of notOffered) {
    test(`linking ${what} (not offered) → 400 HTML, nothing changes`, async () => {
      const { tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
      await expectErrorPage(await decide({ tx, identity }), 'invalid_request', /not offered on this page/);
      assert.equal(tenant.getUser(DEMO_USER_IDS.alice)?.identities.length, 3);
      assert.equal(tenant.getUser(DEMO_USER_IDS.carol)?.identities.length, 2);
    });
  }

  test('an unknown identity → 400 HTML and the transaction can still be used', async () => {
    const { tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice });
    await expectErrorPage(await decide({ tx, identity: 'github|0' }), 'invalid_request', /Unknown identity: github\|0/);
    assert.ok(redirectParams(await decide({ tx, identity: SPARE_USER_IDS.github })).get('code'));
  });

  test('the transaction is single use', async () => {
    const { tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.bob });
    assert.equal((await decide({ tx, identity: SPARE_USER_IDS.google })).status, 302);
    const again = await decide({ tx, identity: SPARE_USER_IDS.facebook });
    assert.equal(again.status, 400);
    assert.equal(tenant.getUser(DEMO_USER_IDS.bob)?.identities.length, 2);
  });
});

describe('response_mode=web_message', () => {
  const message = (html: string) => {
    const match = /\.postMessage\((\{.*\}), ("[^"]*")\);/.exec(html);
    assert.ok(match, 'the page posts a message');
    return { data: JSON.parse(match[1]!), targetOrigin: JSON.parse(match[2]!) as string };
  };

  test('continue posts {type: authorization_response, response: {code, state}} to the redirect origin', async () => {
    const { tx } = await openAuthorizePage({ access_token: DEMO_TOKENS.alice, response_mode: 'web_message' });
    const response = await decide({ tx, identity: SPARE_USER_IDS.microsoft });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('Location'), null);
    const { data, targetOrigin } = message(await response.text());
    assert.equal(targetOrigin, 'http://localhost:8000');
    assert.equal(data.type, 'authorization_response');
    assert.equal(data.response.state, 'state-123');
    assert.equal(typeof data.response.code, 'string');
  });

  test('cancel posts the error instead', async () => {
    const { tx } = await openAuthorizePage({ response_mode: 'web_message' });
    const { data } = message(await (await decide({ tx, action: 'cancel' })).text());
    assert.deepEqual(data.response, {
      error: 'access_denied',
      error_description: 'User cancelled the login',
      state: 'state-123',
    });
  });

  test('errors at /authorize are posted too, and `<` cannot close the script', async () => {
    const response = await getAuthorize(
      authorizeQuery({ response_mode: 'web_message', access_token: 'bad', state: '</script><script>alert(1)' }),
    );
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.doesNotMatch(html, /<\/script><script>alert/);
    const { data } = message(html);
    assert.equal(data.response.error, 'access_denied');
    assert.equal(data.response.state, '</script><script>alert(1)');
  });
});
