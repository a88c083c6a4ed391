// Test-runner commands that emulate what a person's device says, in each engine the way it can
// (@web/test-runner-commands' emulateMedia and setViewport are Chromium-and-Playwright only):
//   engine-info                         → { engine, media, forcedColors }: the engine, and whether
//                                         it can emulate media preferences / forced colours
//   engine-emulate-media {colorScheme?, reducedMotion?}
//                                         prefers-color-scheme ('light' | 'dark' | 'no-preference',
//                                         the last meaning "as the system says") and
//                                         prefers-reduced-motion ('reduce' | 'no-preference'); a
//                                         feature left out keeps its emulation. → true, or false
//                                         where the engine cannot (WebKit)
//   emulate-forced-colors {active}      forced-colors: active (Windows high contrast) → true, or
//                                         false where the engine cannot (WebKit)
//   engine-set-viewport {width, height} the page's viewport in CSS pixels
// Chromium: DevTools (forced colours in a DevTools session of their own). Firefox: the per-tab
// overrides its own devtools use (prefersColorSchemeOverride, prefersReducedMotionOverride,
// forcedColorsOverride on the tab's BrowsingContext), set from the browser's chrome scope over
// WebDriver BiDi (Firefox is launched with --remote-allow-system-access; BiDi has no command for
// these yet). WebKit (WebKitGTK through WebDriver): viewport by sizing the window; WebDriver has no
// way to emulate media features, hence `false`.
import { engineOf } from './engines.mjs';

/** Runs `expression` in Firefox's chrome (browser) scope, over the page's WebDriver BiDi session. */
async function firefoxChrome(page, expression) {
  const session = page.mainFrame().browsingContext.userContext.browser.session;
  const { result: tree } = await session.send('browsingContext.getTree', { 'moz:scope': 'chrome', maxDepth: 0 });
  const context = tree.contexts[0]?.context;
  if (!context) throw new Error('Firefox: no chrome window to reach the tab overrides from');
  const { result } = await session.send('script.evaluate', { expression, target: { context }, awaitPromise: true, resultOwnership: 'none' });
  if (result.type === 'exception') throw new Error(`Firefox chrome scope: ${result.exceptionDetails?.text ?? 'exception'}`);
  return result.result?.value;
}

/** Sets BrowsingContext overrides (`{ name: value }`) on every tab: one test page runs at a time. */
function firefoxOverrides(page, overrides) {
  return firefoxChrome(
    page,
    `(() => {
      const overrides = ${JSON.stringify(overrides)};
      for (const win of Services.wm.getEnumerator('navigator:browser')) {
        for (const browser of win.gBrowser.browsers) {
          const context = browser.browsingContext;
          if (context) for (const [name, value] of Object.entries(overrides)) context[name] = value;
        }
      }
      return true;
    })()`,
  );
}

const COLOR_SCHEMES = ['light', 'dark', 'no-preference'];
const REDUCED_MOTION = ['reduce', 'no-preference'];

export function emulationPlugin() {
  // Chromium: the media features emulated per page, all sent at once (DevTools replaces the set).
  const chromiumMedia = new WeakMap();
  const chromiumForcedColors = new WeakMap();

  return {
    name: 'engine-emulation',
    async executeCommand({ command, payload, session }) {
      const engine = engineOf(session);
      if (command === 'engine-info') {
        return { engine, media: engine !== 'webkit', forcedColors: engine !== 'webkit' };
      }

      if (command === 'engine-emulate-media') {
        const { colorScheme, reducedMotion } = payload ?? {};
        if (colorScheme !== undefined && !COLOR_SCHEMES.includes(colorScheme)) throw new Error(`colorScheme: one of ${COLOR_SCHEMES.join(', ')}`);
        if (reducedMotion !== undefined && !REDUCED_MOTION.includes(reducedMotion)) throw new Error(`reducedMotion: one of ${REDUCED_MOTION.join(', ')}`);
        if (engine === 'webkit') return false;
        const page = session.browser.getPage(session.id);
        if (engine === 'firefox') {
          const overrides = {};
          if (colorScheme !== undefined) overrides.prefersColorSchemeOverride = colorScheme === 'no-preference' ? 'none' : colorScheme;
          if (reducedMotion !== undefined) overrides.prefersReducedMotionOverride = reducedMotion;
          await firefoxOverrides(page, overrides);
          return true;
        }
        const media = { ...chromiumMedia.get(page) };
        if (colorScheme !== undefined) media['prefers-color-scheme'] = colorScheme === 'no-preference' ? '' : colorScheme;
        if (reducedMotion !== undefined) media['prefers-reduced-motion'] = reducedMotion;
        chromiumMedia.set(page, media);
        await page.emulateMediaFeatures(Object.entries(media).map(([name, value]) => ({ name, value })));
        return true;
      }

      if (command === 'emulate-forced-colors') {
        const active = !!payload?.active;
        if (engine === 'webkit') return false;
        const page = session.browser.getPage(session.id);
        if (engine === 'firefox') {
          await firefoxOverrides(page, { forcedColorsOverride: active ? 'active' : 'none' });
          return true;
        }
        // A DevTools session of its own, so the features emulated above stay as they are.
        let cdp = chromiumForcedColors.get(page);
        if (!cdp) {
          cdp = await page.createCDPSession();
          chromiumForcedColors.set(page, cdp);
        }
        await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value: active ? 'active' : 'none' }] });
        return true;
      }

      if (command === 'engine-set-viewport') {
        const { width, height } = payload ?? {};
        if (!Number.isInteger(width) || !Number.isInteger(height)) throw new Error('engine-set-viewport: integer width and height');
        if (engine === 'webkit') await session.browser.setViewport(width, height);
        else await session.browser.getPage(session.id).setViewport({ width, height });
        return true;
      }
      return undefined;
    },
  };
}
