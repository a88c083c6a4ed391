// Visual snapshots: the element's states at desktop and phone widths, light and dark, compared
// with committed baselines (test/browser/__screenshots__/) within a small tolerance, so a broken
// layout fails here. After a deliberate change: `npm run test:update-snapshots`, then review the
// new PNGs in the diff before committing them. Chromium only (README, "Browsers"): the baselines are
// Chromium's pixels; the other engines check the same layout through the geometry assertions.
import { fixture, html, waitUntil } from '@open-wc/testing';
import { visualDiff } from '@web/test-runner-visual-regression';
import { http, HttpResponse } from 'msw';
import { DEMO_TOKENS } from '../../src/mock/index.js';
import hebrew from '../../src/i18n/locales/he.js';
import type { AccountLinker } from '../../src/account-linker.js';
import { emulateMedia, engineInfo, setViewport } from './engine.js';
import { ALICE, CLIENT_ID, DOMAIN, errorShown, linker, listed, part, row, useMock, worker } from './helpers.js';

useMock();

const SIZES = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 375, height: 700 },
] as const;
const SCHEMES = ['light', 'dark'] as const;

/** The element on a neutral card-less page area, as a host page would show it. */
function frameAround(el: AccountLinker): HTMLElement {
  const stage = document.createElement('div');
  stage.style.cssText = 'padding: 16px; background: Canvas; color: CanvasText; max-width: 40rem;';
  el.replaceWith(stage);
  stage.append(el);
  return stage;
}

/** Avatars come from the mock: wait until every image has decoded, so the shot is complete. */
async function imagesReady(el: AccountLinker): Promise<void> {
  const images = [...el.shadowRoot!.querySelectorAll('img')];
  await Promise.all(images.map((img) => img.decode().catch(() => undefined)));
  await el.updateComplete;
}

const STATES: Record<string, () => Promise<AccountLinker>> = {
  async list() {
    const el = await linker({ mode: 'management' });
    await listed(el);
    return el;
  },
  async confirming() {
    const el = await linker({ mode: 'management' });
    await listed(el);
    row(el, 'github|1234567').querySelector<HTMLButtonElement>('[part~="unlink-button"]')!.click();
    await waitUntil(() => part(el, 'confirm'), 'no confirmation');
    return el;
  },
  async error() {
    const el = await linker({ mode: 'management', token: DEMO_TOKENS.expired });
    await errorShown(el);
    return el;
  },
  async empty() {
    worker.use(http.get('*/userinfo', () => HttpResponse.json({ user_id: 'auth0|solo', identities: [] })));
    const el = await linker({ mode: 'legacy' });
    await waitUntil(() => part(el, 'empty'), 'no empty state');
    return el;
  },
  async loading() {
    const el = await linker({ mode: 'management', token: undefined });
    el.tokenProvider = () => new Promise<string>(() => undefined); // never answers: stays loading
    await waitUntil(() => part(el, 'loading') ?? el.shadowRoot!.querySelector('[aria-busy="true"]'), 'no loading state');
    return el;
  },
};

/**
 * Right to left: the element inside a Hebrew page area (`lang="he"` `dir="rtl"`), as a Hebrew host
 * page sets both on an ancestor; the element takes both from there, not from attributes of its own.
 */
async function hebrewLinker(attrs: { token?: string; connections?: string } = {}): Promise<AccountLinker> {
  const area = await fixture<HTMLDivElement>(html`<div lang="he" dir="rtl"><account-linker
    mode="management"
    domain=${DOMAIN}
    client-id=${CLIENT_ID}
    access-token=${attrs.token ?? ALICE}
    connections=${attrs.connections ?? ''}
  ></account-linker></div>`);
  return area.querySelector('account-linker')!;
}

/** The Hebrew chunk has arrived and is on show (its list label, then a render with it). */
async function inHebrew(el: AccountLinker): Promise<void> {
  await waitUntil(() => el.strings.listLabel === hebrew.listLabel, 'the Hebrew texts did not arrive', { timeout: 5000 });
  await el.updateComplete;
}

/** Alice has Google and GitHub linked: five more connections make one add menu (more than three). */
const MENU_CONNECTIONS = 'github google-oauth2 facebook windowslive apple sms corp-oidc';

const RTL_STATES: Record<string, () => Promise<AccountLinker>> = {
  async list() {
    const el = await hebrewLinker();
    await listed(el);
    await inHebrew(el);
    return el;
  },
  async error() {
    const el = await hebrewLinker({ token: DEMO_TOKENS.expired });
    await errorShown(el);
    await inHebrew(el);
    return el;
  },
  async menu() {
    const el = await hebrewLinker({ connections: MENU_CONNECTIONS });
    await listed(el);
    await inHebrew(el);
    return el;
  },
};

/** Opens the add menu; after frameAround, which moves the element (a popover closes when it leaves the document). */
async function openMenu(el: AccountLinker): Promise<void> {
  el.shadowRoot!.querySelector<HTMLButtonElement>('[part~="add-link"][aria-haspopup="menu"]')!.click();
  await waitUntil(() => part(el, 'add-menu')?.matches(':popover-open'), 'the add menu did not open');
  await el.updateComplete;
}

describe('visual snapshots', () => {
  before(async function () {
    if ((await engineInfo()).engine !== 'chromium') this.skip();
  });
  after(async () => {
    await setViewport({ width: 800, height: 600 });
    await emulateMedia({ colorScheme: 'no-preference', reducedMotion: 'no-preference' });
  });

  for (const size of SIZES) {
    for (const scheme of SCHEMES) {
      describe(`${size.name} ${scheme}`, () => {
        before(async () => {
          await setViewport({ width: size.width, height: size.height });
          await emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        });

        for (const [state, make] of Object.entries(STATES)) {
          it(state, async () => {
            const el = await make();
            const stage = frameAround(el);
            await imagesReady(el);
            await visualDiff(stage, `${state}-${size.name}-${scheme}`);
          });
        }
      });
    }
  }

  // Hebrew, right to left: the mirrored layout (name toward the right, Unlink and the add menu's
  // items toward the left), not every combination of the left-to-right set.
  const RTL_SHOTS: Array<{ state: keyof typeof RTL_STATES; size: (typeof SIZES)[number]; scheme: (typeof SCHEMES)[number] }> = [
    { state: 'list', size: SIZES[0], scheme: 'light' },
    { state: 'list', size: SIZES[0], scheme: 'dark' },
    { state: 'list', size: SIZES[1], scheme: 'light' },
    { state: 'list', size: SIZES[1], scheme: 'dark' },
    { state: 'menu', size: SIZES[0], scheme: 'light' },
    { state: 'menu', size: SIZES[1], scheme: 'dark' },
    { state: 'error', size: SIZES[0], scheme: 'light' },
    { state: 'error', size: SIZES[1], scheme: 'light' },
  ];
  describe('right to left (Hebrew)', () => {
    for (const { state, size, scheme } of RTL_SHOTS) {
      it(`${state} ${size.name} ${scheme}`, async () => {
        await setViewport({ width: size.width, height: size.height });
        await emulateMedia({ colorScheme: scheme, reducedMotion: 'reduce' });
        const el = await RTL_STATES[state]!();
        const stage = frameAround(el);
        // The open menu sits in the top layer under its trigger: room below the element keeps it in the shot.
        if (state === 'menu') {
          stage.style.paddingBlockEnd = '18rem';
          await openMenu(el);
        }
        await imagesReady(el);
        await visualDiff(stage, `${state}-rtl-${size.name}-${scheme}`);
      });
    }
  });
});
