/// <reference types="node" />
// examples/aspnet-core cannot be compiled or run here (no .NET). Two static checks instead:
// 1. The contract's duty list ("Server mode", "What the server must do"), line by line: each duty is
//    marked `[duty:…]` in the C# sources where it is met, and the code under the marker (up to the
//    next marker) holds what meets it (the header it checks, the status it answers, the API it calls).
//    A marker moved away from its code, or code that lost its guard, fails here.
// 2. Views/Home/Account.cshtml rendered with a small Razor renderer that does what Razor does with it (directives dropped,
// implicit `@A.B["c"](…)` and explicit `@(…)` expressions, HTML encoding by HtmlEncoder.Default,
// an attribute left out when its whole value is null, `~/` resolved), with the values the
// controller and ASP.NET Core would supply, then reads the tag back as an HTML parser reads
// double-quoted attributes. Any expression the test does not know fails the render, so a change to
// the view shows up here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VIEW = readFileSync(join(ROOT, 'examples/aspnet-core/Views/Home/Account.cshtml'), 'utf8');

/** Content Razor writes as is (IHtmlContent, e.g. what Json.Serialize returns). */
interface RawHtml {
  html: string;
}
type Value = string | null | RawHtml;

/** HtmlEncoder.Default: `<>&"` by name, `'` `+` and everything outside printable ASCII as `&#xHEX;`. */
export function htmlEncode(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0)!;
    if (char === '<') out += '&lt;';
    else if (char === '>') out += '&gt;';
    else if (char === '&') out += '&amp;';
    else if (char === '"') out += '&quot;';
    else if (char === "'" || char === '+' || code < 0x20 || code > 0x7e) out += `&#x${code.toString(16).toUpperCase()};`;
    else out += char;
  }
  return out;
}

/** From `open` at `start`, the index after its balanced closer; C# string and char literals skipped. */
function balanced(text: string, start: number): number {
  const pairs: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
  const stack: string[] = [];
  for (let i = start; i < text.length; i++) {
    const char = text[i]!;
    if (char === '"' || char === "'") {
      for (i++; i < text.length && text[i] !== char; i++) if (text[i] === '\\') i++;
      continue;
    }
    if (pairs[char]) stack.push(pairs[char]!);
    else if (char === stack.at(-1)) {
      stack.pop();
      if (!stack.length) return i + 1;
    }
  }
  throw new Error(`unbalanced from ${text.slice(start, start + 40)}`);
}

/** Renders a Razor view the way Razor does, for the constructs the example uses. */
export function renderRazor(template: string, values: Record<string, Value>, { pathBase = '' } = {}): string {
  let text = template
    .replace(/@\*[\s\S]*?\*@/g, '')
    .replace(/^@(model|inject|using|addTagHelper|page)\b.*\r?\n/gm, '')
    // The URL resolution tag helper: `~/` at the start of src and href values.
    .replace(/\b(src|href)="~\//g, `$1="${pathBase}/`);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('@', i);
    if (at < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    const next = text[at + 1] ?? '';
    if (next === '@') {
      out += '@';
      i = at + 2;
      continue;
    }
    if (/\w/.test(text[at - 1] ?? '') || !/[A-Za-z_({]/.test(next)) {
      out += '@'; // an email address, or a lone @
      i = at + 1;
      continue;
    }
    let end: number;
    let expression: string;
    if (next === '{') {
      end = balanced(text, at + 1); // a code block: it only sets ViewData here
      i = end;
      continue;
    } else if (next === '(') {
      end = balanced(text, at + 1);
      expression = text.slice(at + 2, end - 1).trim();
    } else {
      end = at + 1;
      for (;;) {
        const name = /^[A-Za-z_]\w*/.exec(text.slice(end));
        if (name) end += name[0].length;
        if (text[end] === '(' || text[end] === '[') end = balanced(text, end);
        else if (text[end] === '.' && /[A-Za-z_]/.test(text[end + 1] ?? '')) end += 1;
        else break;
      }
      expression = text.slice(at + 1, end);
    }
    if (!Object.hasOwn(values, expression)) throw new Error(`the view uses an expression the test does not know: @${expression}`);
    const value = values[expression]!;
    if (value === null) {
      // A conditional attribute: `name="@x"` with x null is left out altogether.
      const attribute = /\s+[\w-]+="$/.exec(out);
      if (attribute && text[end] === '"') {
        out = out.slice(0, attribute.index);
        end += 1;
      }
    } else {
      out += typeof value === 'string' ? htmlEncode(value) : value.html;
    }
    i = end;
  }
  return out;
}

const decodeEntities = (value: string) =>
  value.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string, dec: string, name: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[name.toLowerCase()]!,
  );

/** Each <account-linker> start tag's attributes, read as the HTML tokenizer reads double-quoted values. */
function tags(html: string): Array<Record<string, string>> {
  const found: Array<Record<string, string>> = [];
  for (const match of html.matchAll(/<account-linker\b/g)) {
    const attributes: Record<string, string> = {};
    let i = match.index + match[0].length;
    for (;;) {
      const attribute = /^\s+([^\s"'>/=]+)(?:="([^"]*)")?/.exec(html.slice(i));
      if (!attribute) break;
      assert.ok(!(attribute[1]! in attributes), `attribute ${attribute[1]} twice`);
      attributes[attribute[1]!] = decodeEntities(attribute[2] ?? '');
      i += attribute[0].length;
    }
    assert.equal(html[i], '>', `the start tag ends where expected: ${html.slice(i, i + 40)}`);
    found.push(attributes);
  }
  return found;
}

const EXAMPLE = join(ROOT, 'examples/aspnet-core');

/** Every .cs file of the example, by path. */
function csharpSources(dir = EXAMPLE, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) Object.assign(out, csharpSources(join(dir, entry.name), `${prefix}${entry.name}/`));
    else if (entry.name.endsWith('.cs')) out[`${prefix}${entry.name}`] = readFileSync(join(dir, entry.name), 'utf8');
  }
  return out;
}

const SOURCES = csharpSources();
/** C# without comments (so a pattern cannot be met by a comment that only says it). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:"])\/\/.*$/gm, '$1');

/** The code under `[duty:name]`: from the marker to the next marker (or 60 lines), comments removed. */
function dutyRegion(name: string): { file: string; text: string } {
  const hits = Object.entries(SOURCES).filter(([, text]) => text.includes(`[duty:${name}]`));
  assert.equal(hits.length, 1, `[duty:${name}] is marked once in the C# (found in ${hits.map(([file]) => file).join(', ') || 'none'})`);
  const [file, text] = hits[0]!;
  const from = text.indexOf(`[duty:${name}]`);
  const next = text.indexOf('[duty:', from + 1);
  const lines = text.slice(from).split('\n').slice(0, 60).join('\n');
  const region = next < 0 ? lines : text.slice(from, Math.min(next, from + lines.length));
  return { file, text: code(region) };
}

/** The contract's list, line by line: the duty, its marker, and what the code under the marker must do. */
const DUTIES: Array<{ duty: string; marker: string; must: RegExp[] }> = [
  {
    duty: 'Refuse (403 {code: "csrf"}) a POST or DELETE without X-Account-Linker: 1 or whose Origin (or Sec-Fetch-Site) is not the app\'s own',
    marker: 'csrf',
    must: [/Headers\["X-Account-Linker"\][^;]*!= "1"/, /Headers\.Origin/, /"Sec-Fetch-Site"/, /site == "same-origin"/, /Error\(403, "csrf"/],
  },
  {
    duty: 'Not signed in: 401, always missing-token',
    marker: 'signed-in',
    must: [/IsAuthenticated == true/, /FindFirst\("sub"\)/, /Error\(401, "missing-token"/],
  },
  {
    duty: 'Keep each link transaction (state, nonce, PKCE verifier, the user\'s id, returnTo, popup, 10 minutes, single use) bound to the session',
    marker: 'transaction',
    must: [/new LinkTransaction\(authorization\.State, authorization\.Nonce, authorization\.Verifier, userId, returnTo,\s*body\.Popup == true/, /WriteTransactions\(HttpContext/],
  },
  {
    duty: 'The callback refuses a state that this session did not start (state-mismatch): 400 with a short page; single use',
    marker: 'state-bound',
    must: [/cookies\.ReadTransactions|all\.FirstOrDefault/, /FixedTimeEquals/, /FailurePage\(400, "state-mismatch"/, /WriteTransactions\(HttpContext, all\.Where\(candidate => candidate != tx\)\)/],
  },
  {
    duty: 'An expired transaction of this session returns as usual, and /result says state-mismatch',
    marker: 'expired',
    must: [/LinkCookies\.IsExpired\(tx\)\) return Failed\("state-mismatch"/],
  },
  {
    duty: 'Accept returnTo only as a path of the app (/…, not //… or /\\…)',
    marker: 'return-to',
    must: [/StartsWith\('\/'\)/, /StartsWith\("\/\/"\)/, /Contains\('\\\\'\)/, /Url\.IsLocalUrl\(returnTo\)/, /Error\(400, "bad-request"/],
  },
  {
    duty: 'Validate the second account\'s ID token (signature by the tenant\'s JWKS, iss, aud, nonce, exp, auth_time against max_age=0)',
    marker: 'id-token',
    must: [/ValidIssuer = o\.Issuer/, /ValidAudience = o\.ClientId/, /IssuerSigningKeys = metadata\.SigningKeys/, /RequireSignedTokens = true/, /ValidateLifetime = true/, /RequireExpirationTime = true/, /FindFirst\("nonce"\)\?\.Value != tx\.Nonce/, /"auth_time"/, /tx\.Created/],
  },
  {
    duty: 'Refuse unverified-email',
    marker: 'unverified-email',
    must: [/account\.Email is not null && !account\.EmailVerified/, /Failed\("unverified-email"/],
  },
  {
    duty: 'Refuse the signed-in user\'s own account (already-linked)',
    marker: 'already-linked',
    must: [/account\.Sub == userId\) return Failed\("already-linked"/],
  },
  {
    duty: 'Link with the Management API: an M2M token with update:users',
    marker: 'm2m-token',
    must: [/grant_type = "client_credentials"/, /client_id = o\.ManagementClientId/, /audience = o\.Issuer \+ "\/api\/v2\/"/, /cache\.GetAsync/],
  },
  {
    duty: '(issue 18) The M2M token cached until shortly before expiry; a 429 honours Retry-After',
    marker: 'rate-limit',
    must: [/StatusCode == HttpStatusCode\.TooManyRequests && attempt == 0/, /Headers\.RetryAfter\?\.Delta/, /await Task\.Delay\(/, /continue;/],
  },
  {
    duty: 'POST /api/v2/users/{primary}/identities {provider, user_id}',
    marker: 'link-m2m',
    must: [/HttpMethod\.Post, \$"\/users\/\{Uri\.EscapeDataString\(primaryUserId\)\}\/identities"/, /new \{ provider, user_id = secondaryUserId \}/],
  },
  {
    duty: 'Unlink with DELETE, only an identity of the signed-in user (checked against the user\'s list first) and never its primary (primary-identity)',
    marker: 'unlink',
    must: [/identities\.FirstOrDefault\(candidate => candidate\["provider"\]/, /Error\(404, "not-linked"/, /Error\(400, "primary-identity"/, /management\.UnlinkAsync/],
  },
  {
    duty: 'Suggestions use GET /api/v2/users-by-email (read:users)',
    marker: 'suggestions',
    must: [/users-by-email\?email=/],
  },
  {
    duty: 'Suggestions: identities of other users whose verified email equals the signed-in user\'s verified email (none when either is unverified)',
    marker: 'suggestions-verified',
    must: [/user\["email_verified"\]\?\.GetValue<bool>\(\) != true\) return Ok\(new \{ suggestions = Array\.Empty<object>\(\) \}\)/, /other\["user_id"\]\?\.ToString\(\) != userId && other\["email_verified"\]\?\.GetValue<bool>\(\) == true/, /UsersByEmailAsync/, /!mine\.Contains/],
  },
  {
    duty: 'Never send a token (the user\'s, the M2M one, the second account\'s) to the browser: identities go through an allow-list',
    marker: 'no-token',
    must: [/new\[\] \{ "provider", "user_id", "connection", "isSocial" \}/],
  },
  {
    duty: 'The callback stores the outcome for /result, bound to the user; single use',
    marker: 'result',
    must: [/cookies\.WriteResult\(HttpContext, outcome\)/],
  },
  {
    duty: 'A popup transaction\'s callback posts {type: "account-linker:result"} to window.opener with the app\'s origin as target',
    marker: 'popup',
    must: [/if \(tx\.Popup\) return PopupPage\(\)/],
  },
  {
    duty: 'The callback answers a 303 to returnTo plus account_linker=done, no outcome in the URL',
    marker: 'callback-redirect',
    must: [/AddQueryString\(Request\.PathBase \+ tx\.ReturnTo, "account_linker", "done"\)/, /StatusCode\(303\)/],
  },
];

describe('examples/aspnet-core: the contract\'s duty list, line by line, in the C# (static: no .NET here)', () => {
  for (const { duty, marker, must } of DUTIES) {
    test(`${marker}: ${duty}`, () => {
      const { file, text } = dutyRegion(marker);
      for (const pattern of must) assert.match(text, pattern, `${file}, under [duty:${marker}]`);
    });
  }

  test('no marker without a duty of the list (a renamed duty shows up here)', () => {
    const marked = Object.values(SOURCES).flatMap((text) => [...text.matchAll(/\[duty:([\w-]+)\]/g)].map((m) => m[1]!));
    assert.deepEqual([...new Set(marked)].sort(), DUTIES.map((d) => d.marker).sort());
  });

  test('the other guards of each request: every action of the controller checks CSRF and the session first', () => {
    const controller = code(SOURCES['Controllers/AccountIdentitiesController.cs']!);
    const actions = [...controller.matchAll(/\[Http(Get|Post|Delete)\("([^"]*)"\)\][\s\S]*?public async Task<IActionResult> (\w+)\([^)]*(?:\([^)]*\)[^)]*)*\)\s*\{([\s\S]*?)\n {4}\}/g)];
    assert.deepEqual(actions.map((m) => `${m[1]!.toUpperCase()} ${m[2]}`).sort(), ['DELETE identities/{provider}/{secondaryId}', 'GET ', 'GET callback', 'GET result', 'GET suggestions', 'POST link'].sort());
    for (const [, method, path, , body] of actions) {
      const lines = body!.trim().split('\n').map((line) => line.trim());
      if (path === 'callback') {
        assert.match(lines[0]!, /^if \(SignedInUser\(\) is not \{ \} userId\)/, 'the callback: the session first (a navigation has no CSRF header)');
        continue;
      }
      assert.equal(lines[0], `if (RefuseCrossSite(write: ${method === 'Get' ? 'false' : 'true'}) is { } refused) return refused;`, `${method} ${path}: CSRF first`);
      assert.equal(lines[1], 'if (SignedInUser() is not { } userId) return SignedOut();', `${method} ${path}: then the session`);
    }
    assert.match(controller, /\[Route\("account\/identities"\)\]/);
    assert.match(controller, /\[RequestSizeLimit\(4096\)\]/, 'a bounded body');
  });

  test('no token reaches the browser: the sign-in keeps none, the second sign-in returns claims only, cookies hold transactions and outcomes', () => {
    const all = Object.entries(SOURCES).map(([file, text]) => [file, code(text)] as const);
    const program = code(SOURCES['Program.cs']!);
    assert.match(program, /SaveTokens = false/, 'the sign-in cookie keeps no token');
    assert.match(program, /ClientSecret = auth0\["ClientSecret"\]/, 'a Regular Web App with its secret');
    assert.match(program, /ResponseType = "code"/);
    assert.match(program, /AddDataProtection\(\)/);
    const signIn = code(SOURCES['AccountLinker/SecondSignIn.cs']!);
    assert.match(signIn, /public sealed record SecondAccount\(string Sub, string\? Email, bool EmailVerified\)/);
    assert.match(signIn, /\["prompt"\] = "login"/);
    assert.match(signIn, /\["max_age"\] = "0"/);
    assert.match(signIn, /\["code_challenge_method"\] = "S256"/);
    const cookies = code(SOURCES['AccountLinker/LinkCookies.cs']!);
    assert.match(cookies, /record LinkTransaction\(string State, string Nonce, string Verifier, string UserId, string ReturnTo, bool Popup, string\? Connection, long Created\)/);
    assert.match(cookies, /CreateProtector\("AccountLinker\.Transactions\.v1"\)/);
    assert.match(cookies, /CreateProtector\("AccountLinker\.Result\.v1"\)/);
    assert.match(cookies, /HttpOnly = true,\s*SameSite = SameSiteMode\.Lax,\s*Secure = request\.IsHttps,\s*Path = path/);
    assert.match(cookies, /TimeSpan\.FromMinutes\(10\)/);
    for (const [file, text] of all) {
      assert.ok(!/GetTokenAsync|access_token"\]\s*\?\.GetValue[^;]*\bOk\(/.test(text), `${file}: no token read for an answer`);
    }
    const controller = code(SOURCES['Controllers/AccountIdentitiesController.cs']!);
    for (const answer of controller.matchAll(/\bOk\(([^;]*)\);/g)) {
      assert.ok(/PresentUser|PresentIdentity|new \{ url = authorization\.Url \}|new \{ ok = false|new JsonObject \{ \["ok"\] = true|new JsonObject \{ \["suggestions"\]|new \{ suggestions =/.test(answer[1]!), `an answer that is not presented: Ok(${answer[1]})`);
    }
  });

  test('the project references what the sign-in and the validation need, and says it was not compiled here', () => {
    const project = readFileSync(join(EXAMPLE, 'AccountLinkerExample.csproj'), 'utf8');
    assert.match(project, /<TargetFramework>net8\.0<\/TargetFramework>/);
    assert.match(project, /Include="Microsoft\.AspNetCore\.Authentication\.OpenIdConnect"/);
    assert.match(SOURCES['Program.cs']!, /NOT COMPILED OR RUN/);
    const settings = JSON.parse(readFileSync(join(EXAMPLE, 'appsettings.Development.json'), 'utf8')) as { Auth0: Record<string, unknown>; AccountLinker: { Endpoint: string } };
    assert.equal(settings.Auth0['ClientId'], 'account-linker-regular', "the mock's Regular Web App");
    assert.deepEqual(settings.Auth0['Management'], { ClientId: 'account-linker-m2m', ClientSecret: 'm2m-secret-not-for-production' });
    assert.equal(settings.AccountLinker.Endpoint, '/account/identities');
  });
});

describe('examples/aspnet-core: Account.cshtml as Razor renders it', () => {
  const values = (name: string | null = 'Ada Lovelace'): Record<string, Value> => ({
    'User.Identity?.Name': name,
    'Url.Content("~" + Configuration["AccountLinker:Endpoint"])': '/app/account/identities',
  });

  test('the tag is server mode with the endpoint under the path base, and nothing else: no token, no tenant', () => {
    const html = renderRazor(VIEW, values(), { pathBase: '/app' });
    const [tag, ...more] = tags(html);
    assert.equal(more.length, 0, 'one tag');
    assert.deepEqual(tag, { mode: 'server', endpoint: '/app/account/identities' });
    assert.match(html, /<script type="module" src="\/app\/js\/account-linker\.js"><\/script>/);
    assert.match(html, /<a href="\/app\/logout">Sign out<\/a>/);
    assert.ok(!/token|Auth0:Domain|ClientSecret/i.test(VIEW), 'the view reads no token and no tenant setting');
  });

  test('a hostile profile name stays text', () => {
    const name = `</p><script>alert('name')</script> + Ådá 🙂`;
    const html = renderRazor(VIEW, values(name));
    assert.equal([...html.matchAll(/<script\b/g)].length, 1, "only the element's script");
    const paragraph = /<p>Signed in as (.*) · <a/.exec(html)?.[1] ?? '';
    assert.equal(paragraph, '&lt;/p&gt;&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt; &#x2B; &#xC5;d&#xE1; &#x1F642;');
    assert.equal(decodeEntities(paragraph), name);
  });

  test('the renderer refuses an expression it does not know (the view changed: update this test)', () => {
    const known = values();
    delete known['User.Identity?.Name'];
    assert.throws(() => renderRazor(VIEW, known), /@\(User\.Identity\?\.Name\)|User\.Identity/);
  });
});
