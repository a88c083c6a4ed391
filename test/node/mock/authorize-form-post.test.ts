/// <reference types="node" />
// response_mode=form_post, which ASP.NET Core's OpenID Connect handler (and so Auth0's ASP.NET
// Core SDK) asks for by default: the answer is a form POSTed to the callback instead of a redirect.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REGULAR_CLIENT_ID } from '../../../src/mock/index.js';
import { REDIRECT_URI, decide, exchange, getAuthorize, authorizeQuery, openAuthorizePage, url, useMockTenant } from '../helpers.js';

useMockTenant();

/** The hidden fields of a form_post page, and where it posts. */
function formOf(html: string) {
  const action = /<form method="post" action="([^"]+)">/.exec(html)?.[1];
  const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
  return { action: action?.replace(/&amp;/g, '&'), fields };
}

test('the decision answers a page that POSTs code and state to the callback; the code exchanges', async () => {
  const { tx } = await openAuthorizePage({ response_mode: 'form_post', client_id: REGULAR_CLIENT_ID, state: 'st&"<' });
  const response = await decide({ tx, identity: 'github|7654321' });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('Content-Type') ?? '', /^text\/html/);
  assert.match(response.headers.get('Set-Cookie') ?? '', /^auth0=/, 'the login session starts as with a redirect');
  const html = await response.text();
  const { action, fields } = formOf(html);
  assert.equal(action, REDIRECT_URI);
  assert.equal(fields.state, 'st&amp;&quot;&lt;', 'escaped in the page');
  assert.ok(fields.code);
  assert.match(html, /document\.forms\[0\]\.submit\(\)/);
  const token = await exchange({ code: fields.code!, client_id: REGULAR_CLIENT_ID, client_secret: 'regular-web-app-secret-not-for-production' });
  assert.equal(token.status, 200);
});

test('errors after the callback is trusted are posted too; discovery lists form_post', async () => {
  const denied = await getAuthorize(authorizeQuery({ response_mode: 'form_post', response_type: 'token' }));
  assert.equal(denied.status, 200);
  const { action, fields } = formOf(await denied.text());
  assert.equal(action, REDIRECT_URI);
  assert.equal(fields.error, 'unsupported_response_type');
  const discovery = await (await fetch(url('/.well-known/openid-configuration'))).json();
  assert.deepEqual(discovery.response_modes_supported, ['query', 'web_message', 'form_post']);
});
