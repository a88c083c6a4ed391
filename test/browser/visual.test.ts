// Visual snapshots: the element's states at desktop and phone widths, light and dark, compared
// with committed baselines (test/browser/__screenshots__/) within a small tolerance, so a broken
// layout fails here. After a deliberate change: `npm run test:update-snapshots`, then review the
// new PNGs in the diff before committing them. Chromium only (README, "Browsers"): the baselines are
// Chromium's pixels; the other engines check the same layout through the geometry assertions.
import { waitUntil } from '@open-wc/testing';
import { visualDiff } from '@web/test-runner-visual-regression';
import { http, HttpResponse } from 'msw';
import { DEMO_TOKENS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import { emulateMedia, engineInfo, setViewport } from './engine.js';
import { errorShown, linker, listed, part, row, useMock, worker } from './helpers.js';

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
});
