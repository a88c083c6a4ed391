// The element as installed from the npm tarball, in Chromium: test/node/package.test.ts packs the
// package, installs it into a scratch project and copies that project to
// node_modules/account-linker-pack/ with examples/plain-html/account.html beside its node_modules
// (`npm test` runs the Node tests first). Here that page, with the stand-alone tenant's URL and
// Ada's token pasted in as its comment says, lists, links (in a popup) and unlinks; and the
// lit-external build runs on the Lit the tarball's dependency installed.
import './readable-failures.js';
import { expect, waitUntil } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import { close, doc, linker as framedLinker, listIs as framedListIs, openHtml } from './demo-frame.js';

const PROJECT = '/node_modules/account-linker-pack/';
const ADA = 'auth0|ada';
const GOOGLE = 'google-oauth2|110000000000000000042';

interface Started {
  issuer: string;
  tokens: Record<string, string>;
}

type Linker = HTMLElement & { shadowRoot: ShadowRoot; popup: boolean; updateComplete: Promise<boolean> };

let server: Started;

/** Shows `html` in a frame of this origin, its `src="node_modules/…"` read from the scratch project. */
async function show(html: string): Promise<Document> {
  // Paths made absolute here rather than by a <base>: Chromium's preload scanner would fetch the
  // relative src against the parent page first (a stray 404).
  await openHtml(html.replaceAll('src="node_modules/', `src="${PROJECT}node_modules/`), 'width: 800px; height: 600px');
  return doc();
}

const listIs = (expected: string[], what: string) => framedListIs(expected, what, 10000);

/** The paths this frame loaded scripts from. */
function scripts(doc: Document): string[] {
  return (doc.defaultView!.performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .map(({ name }) => new URL(name).pathname)
    .filter((path) => path.endsWith('.js'));
}

describe('the package installed from its tarball', () => {
  before(async function () {
    const marker = await fetch(`${PROJECT}packed.json`);
    if (!marker.ok) {
      console.warn('node_modules/account-linker-pack/ is missing: run test/node/package.test.ts first (npm test does).');
      this.skip();
    }
  });

  beforeEach(async function () {
    this.timeout(30000);
    // A fresh tenant for each test: the stand-alone command, examples/seed.json, a free port.
    server = (await executeServerCommand('mock-server-start')) as Started;
  });

  afterEach(async () => {
    close();
    await executeServerCommand('mock-server-stop');
  });

  it('examples/plain-html/account.html, with the tenant and Ada\'s token pasted in, lists, links in a popup and unlinks', async function () {
    this.timeout(30000);
    const page = await (await fetch(`${PROJECT}account.html`)).text();
    // The page as shipped: what a person pastes over.
    for (const expected of [
      '<script type="module" src="node_modules/account-linker/dist/account-linker.js"></script>',
      'domain="http://127.0.0.1:4400"',
      'client-id="my-spa"',
      'redirect-uri="http://localhost:8080/account.html"',
      'access-token="PASTE ADA\'S TOKEN"',
    ]) {
      expect(page, 'examples/plain-html/account.html').to.contain(expected);
    }
    const tenant = new URL(server.issuer).origin;
    const doc = await show(
      page
        .replace('domain="http://127.0.0.1:4400"', `domain="${tenant}"`)
        .replace('redirect-uri="http://localhost:8080/account.html"', `redirect-uri="${location.origin}${PROJECT}account.html"`)
        .replace('access-token="PASTE ADA\'S TOKEN"', `access-token="${server.tokens[ADA]}"`),
    );
    await listIs([ADA, 'github|1815'], 'the list from the tenant');
    expect(scripts(doc)).to.include(`${PROJECT}node_modules/account-linker/dist/account-linker.js`);
    expect(doc.documentElement.outerHTML, 'the token left the DOM').to.not.contain(server.tokens[ADA]!);

    const linker = framedLinker() as Linker;
    linker.popup = true; // the page's own redirect back would lose what was pasted: a popup keeps it
    await linker.updateComplete;
    linker.shadowRoot.querySelector<HTMLButtonElement>('[part~="add-link"]')!.click();
    await executeServerCommand('mock-server-pick', { identity: GOOGLE });
    await listIs([ADA, 'github|1815', GOOGLE], 'after linking');

    const row = [...linker.shadowRoot.querySelectorAll<HTMLElement>('[part~="identity"]')].find((r) => r.dataset['provider'] === 'github')!;
    row.querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => linker.shadowRoot.querySelector('[part~="confirm-unlink"]'), 'no confirmation');
    linker.shadowRoot.querySelector<HTMLButtonElement>('[part~="confirm-unlink"]')!.click();
    await listIs([ADA, GOOGLE], 'after unlinking');

    const user = await fetch(`${tenant}/api/v2/users/${encodeURIComponent(ADA)}`, { headers: { Authorization: `Bearer ${server.tokens[ADA]}` } });
    const { identities } = (await user.json()) as { identities: Array<{ provider: string; user_id: string | number }> };
    expect(identities.map((i) => `${i.provider}|${i.user_id}`), 'the tenant agrees').to.deep.equal([ADA, GOOGLE]);
  });

  it('account-linker/lit-external runs on the lit the tarball installed, one Lit on the page, and loads its own language chunk', async function () {
    this.timeout(30000);
    const tenant = new URL(server.issuer).origin;
    const doc = await show(`<!doctype html>
<html lang="de">
<head>
<script type="module" src="node_modules/account-linker/dist/lit-external/account-linker.js"></script>
</head>
<body>
<account-linker mode="management" domain="${tenant}" client-id="my-spa" redirect-uri="${location.origin}${PROJECT}"
  access-token="${server.tokens[ADA]}"></account-linker>
</body>
</html>`);
    await listIs([ADA, 'github|1815'], 'the list');
    const linker = framedLinker() as Linker;
    await waitUntil(
      () => linker.shadowRoot.querySelector('[part~="add-link"]')?.textContent?.includes('Konto hinzufügen'),
      'the German add link',
    );
    const loaded = scripts(doc);
    expect(loaded).to.include(`${PROJECT}node_modules/account-linker/dist/lit-external/account-linker.js`);
    expect(loaded.some((path) => path.startsWith(`${PROJECT}node_modules/lit/`)), `lit from the installed dependency: ${loaded.join(', ')}`).to.be.true;
    expect(loaded.some((path) => /\/dist\/lit-external\/locales\/de-[\w-]+\.js$/.test(path)), 'the German chunk beside lit-external').to.be.true;
    expect(loaded.some((path) => path.endsWith('/dist/account-linker.js')), 'not the self-contained build').to.be.false;
    const versions = doc.defaultView as unknown as { litElementVersions?: string[]; litHtmlVersions?: string[] };
    expect(versions.litElementVersions, 'one LitElement').to.have.length(1);
    expect(versions.litHtmlVersions, 'one lit-html').to.have.length(1);
  });
});
