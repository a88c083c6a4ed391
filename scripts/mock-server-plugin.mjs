// Web Test Runner commands that run the REAL `account-linker-mock` process (the built command, as
// `npx account-linker-mock` runs it) for browser tests, and act on its /authorize page the way a
// person would. That page is on the tenant's own origin, out of the test page's reach, so the
// click goes through the browser's automation: puppeteer (Chromium, Firefox) or WebDriver (WebKit).
// Commands (executeServerCommand):
//   mock-server-start {args?}       → {issuer, tokens}: starts one process per test page
//   mock-server-pick {identity}     clicks that identity on the tenant's /authorize page (popup or frame)
//   mock-server-stop                → {code, signal}: SIGTERM, and how it exited
import { ensureBuiltCli, startMockProcess, stopAll } from '../test/node/mock-process.ts';

const DEFAULT_ARGS = ['--port', '0', '--seed', 'examples/seed.json'];

/**
 * The same pick over WebDriver: into each other window (a popup), then each frame of the test page,
 * until one is the picker showing the identity; always back to the test page afterwards.
 */
async function pickWithWebDriver(driver, picker, selector, identity) {
  const main = await driver.getWindowHandle();
  const deadline = Date.now() + 10000;
  const clicked = async () => {
    const url = await driver.execute('return location.href');
    if (!String(url).startsWith(picker)) return false;
    const button = await driver.$(selector);
    if (!(await button.isExisting())) return false;
    await button.click();
    return true;
  };
  try {
    while (Date.now() < deadline) {
      for (const handle of (await driver.getWindowHandles()).filter((h) => h !== main).reverse()) {
        try {
          await driver.switchToWindow(handle);
          if (await clicked()) return true;
        } catch {
          // Gone, or not that page: the next one.
        }
      }
      await driver.switchToWindow(main);
      for (const frame of await driver.$$('iframe')) {
        try {
          await driver.switchFrame(frame);
          if (await clicked()) return true;
        } catch {
          // Gone, or not that page: the next one.
        } finally {
          await driver.switchToParentFrame().catch(() => undefined);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await driver.switchToWindow(main).catch(() => undefined);
  }
  throw new Error(`mock-server-pick: no /authorize page showing ${identity}`);
}

export function mockServerPlugin() {
  const servers = new Map();
  return {
    name: 'mock-server',
    async executeCommand({ command, payload, session }) {
      if (command === 'mock-server-start') {
        await servers.get(session.id)?.stop();
        await ensureBuiltCli();
        const server = await startMockProcess(payload?.args ?? DEFAULT_ARGS);
        servers.set(session.id, server);
        return { issuer: server.issuer.href, tokens: server.tokens };
      }
      if (command === 'mock-server-pick') {
        const server = servers.get(session.id);
        if (!server) throw new Error('mock-server-pick: no mock server started for this page');
        const picker = `${server.issuer.href}authorize?`;
        const selector = `[data-identity="${payload.identity}"]`;
        if (session.browser.type === 'webdriver') return pickWithWebDriver(session.browser.driver, picker, selector, payload.identity);
        const page = session.browser.getPage(session.id);
        // The picker is a popup (a page of its own) or a frame of the test page. An earlier
        // popup may linger as a closing target: try the newest first, until one shows the choice.
        const deadline = Date.now() + 10000;
        while (Date.now() < deadline) {
          const popups = await Promise.all(
            page.browser().targets().filter((t) => t.url().startsWith(picker)).reverse().map((t) => t.page().catch(() => null)),
          );
          const candidates = [...popups.filter(Boolean), ...page.frames().filter((f) => f.url().startsWith(picker))];
          for (const candidate of candidates) {
            try {
              await candidate.waitForSelector(selector, { timeout: 1000 });
              await candidate.click(selector);
              return true;
            } catch {
              // Gone, or not that page: the next one.
            }
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`mock-server-pick: no /authorize page showing ${payload.identity}`);
      }
      if (command === 'mock-server-stop') {
        const server = servers.get(session.id);
        servers.delete(session.id);
        // Never null: the runner would take that for "no plugin knows this command".
        return server ? server.stop('SIGTERM') : { code: null, signal: null, running: false };
      }
      return undefined;
    },
    async serverStop() {
      await stopAll();
    },
  };
}
