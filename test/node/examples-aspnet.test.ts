/// <reference types="node" />
// examples/aspnet-core/Views/Home/Account.cshtml cannot run here (no .NET): this renders the view
// itself with a small Razor renderer that does what Razor does with it (directives dropped,
// implicit `@A.B["c"](…)` and explicit `@(…)` expressions, HTML encoding by HtmlEncoder.Default,
// an attribute left out when its whole value is null, `~/` resolved), with the values the
// controller and ASP.NET Core would supply, then reads the tag back as an HTML parser reads
// double-quoted attributes. Any expression the test does not know fails the render, so a change to
// the view shows up here.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
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

const ADA_USER = {
  user_id: 'auth0|ada',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  identities: [
    { provider: 'auth0', user_id: 'ada', connection: 'Username-Password-Authentication', isSocial: false },
    { provider: 'github', user_id: 1815, connection: 'github', isSocial: true, profileData: { name: 'Ada Lovelace', nickname: 'ada-gh' } },
  ],
};
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhdXRoMHxhZGEifQ.c2lnbmF0dXJl';

/** What ASP.NET Core supplies for the view's expressions. */
function valuesFor({ token = TOKEN, userId = 'auth0|ada', userJson = JSON.stringify(ADA_USER) as string | null, name = 'Ada Lovelace' } = {}) {
  return {
    'User.Identity?.Name': name,
    'Configuration["Auth0:Domain"]': 'acme.eu.auth0.com',
    'Configuration["Auth0:ClientId"]': 'my-spa',
    'Url.Action("Account", "Home", null, "https")': 'https://app.example.com/Home/Account?tab=1&x=2',
    'Model.UserId': userId,
    'Model.UserJson': userJson,
    'Model.AccessToken': token,
  } satisfies Record<string, Value>;
}

describe('examples/aspnet-core: Account.cshtml as Razor renders it', () => {
  test('the tag carries the configuration, the user, the identities and the token; the script path resolves', () => {
    const html = renderRazor(VIEW, valuesFor());
    const [tag, ...more] = tags(html);
    assert.equal(more.length, 0, 'one tag');
    assert.deepEqual(
      { ...tag, identities: JSON.parse(tag!['identities']!) as unknown },
      {
        mode: 'management',
        domain: 'acme.eu.auth0.com',
        'client-id': 'my-spa',
        'redirect-uri': 'https://app.example.com/Home/Account?tab=1&x=2',
        'user-id': 'auth0|ada',
        identities: ADA_USER,
        'access-token': TOKEN,
      },
    );
    assert.match(html, /redirect-uri="https:\/\/app\.example\.com\/Home\/Account\?tab=1&amp;x=2"/, 'Razor encodes & in a URL');
    assert.match(html, /identities="\{&quot;user_id&quot;:&quot;auth0\|ada&quot;/, 'the JSON is an encoded string');
    assert.match(html, /<script type="module" src="\/js\/account-linker\.js"><\/script>/);
    assert.match(renderRazor(VIEW, valuesFor(), { pathBase: '/app' }), /src="\/app\/js\/account-linker\.js"/, '~/ follows the path base');
    assert.match(html, /<p>Signed in as Ada Lovelace<\/p>/);
  });

  test('hostile token and profile values stay inside their attributes and text', () => {
    const token = `x" onfocus="alert(1)" autofocus x="`;
    const name = `</p><script>alert('name')</script> + Ådá 🙂`;
    const user = {
      ...ADA_USER,
      name,
      identities: [
        ADA_USER.identities[0],
        { ...ADA_USER.identities[1], profileData: { name: `"><img src=x onerror=alert(1)>`, email: "o'hara+ada@example.com" } },
      ],
    };
    const html = renderRazor(VIEW, valuesFor({ token, name, userJson: JSON.stringify(user), userId: 'auth0|"><b>' }));
    const [tag, ...more] = tags(html);
    assert.equal(more.length, 0, 'one tag');
    assert.deepEqual(Object.keys(tag!), ['mode', 'domain', 'client-id', 'redirect-uri', 'user-id', 'identities', 'access-token'], 'no attribute injected');
    assert.equal(tag!['access-token'], token);
    assert.equal(tag!['user-id'], 'auth0|"><b>');
    assert.deepEqual(JSON.parse(tag!['identities']!), user);
    assert.equal([...html.matchAll(/<script\b/g)].length, 1, 'only the element\'s script');
    assert.ok(!/<img\b/.test(html), 'no live <img>');
    // The paragraph's text is the name, encoded as HtmlEncoder.Default does.
    const paragraph = /<p>Signed in as (.*)<\/p>/.exec(html)?.[1] ?? '';
    assert.equal(paragraph, '&lt;/p&gt;&lt;script&gt;alert(&#x27;name&#x27;)&lt;/script&gt; &#x2B; &#xC5;d&#xE1; &#x1F642;');
    assert.equal(decodeEntities(paragraph), name);
  });

  test('without the optional user object the identities attribute is left out (the element fetches the list)', () => {
    const [tag] = tags(renderRazor(VIEW, valuesFor({ userJson: null })));
    assert.ok(!('identities' in tag!));
    assert.equal(tag!['access-token'], TOKEN);
    assert.equal(tag!['user-id'], 'auth0|ada');
  });

  test('why the view prints a JSON string, not Json.Serialize(…): that one is written unencoded and breaks the attribute', () => {
    const raw = VIEW.replace('@Model.UserJson', '@Json.Serialize(Model.User)');
    const html = renderRazor(raw, { ...valuesFor(), 'Json.Serialize(Model.User)': { html: JSON.stringify(ADA_USER) } });
    assert.throws(() => tags(html), 'the JSON\'s quotes end the attribute');
    assert.ok(!/identities="@Json\.Serialize/.test(readFileSync(join(ROOT, 'README.md'), 'utf8')), 'the README does not suggest it');
  });

  test('the renderer refuses an expression it does not know (the view changed: update this test)', () => {
    const values: Record<string, Value> = valuesFor();
    delete values['Model.AccessToken'];
    assert.throws(() => renderRazor(VIEW, values), /@Model\.AccessToken/);
  });

  test('the README shows the same view and the same sign-in settings as the example', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
    const view = /```cshtml\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    const tagOf = (text: string) => squash(/<account-linker[\s\S]*?<\/account-linker>/.exec(text)?.[0] ?? '');
    assert.equal(tagOf(view), tagOf(VIEW), 'the README\'s Razor tag is the example\'s');
    const program = readFileSync(join(ROOT, 'examples/aspnet-core/Program.cs'), 'utf8');
    const csharp = /```csharp\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    assert.ok(csharp, 'the README has the C# block');
    assert.ok(squash(program).includes(squash(csharp)), 'the README\'s C# is a part of examples/aspnet-core/Program.cs');
  });
});
