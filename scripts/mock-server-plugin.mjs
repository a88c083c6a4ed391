// Web Test Runner commands that run the REAL `account-linker-mock` process (the built command, as
// `npx account-linker-mock` runs it) for browser tests, and act on its /authorize page the way a
// person would. That page is on the tenant's own origin, out of the test page's reach, so the
// click goes through DevTools. Commands (executeServerCommand):
//   mock-server-start {args?}       → {issuer, tokens}: starts one process per test page
//   mock-server-pick {identity}     clicks that identity on the tenant's /authorize page (popup or frame)
//   mock-server-stop                → {code, signal}: SIGTERM, and how it exited
import { ensureBuiltCli, startMockProcess, stopAll } from '../test/node/mock-process.ts';

const DEFAULT_ARGS = ['--port', '0', '--seed', 'examples/seed.json'];

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
        const page = session.browser.getPage(session.id);
        const picker = `${server.issuer.href}authorize?`;
        const selector = `[data-identity="${payload.identity}"]`;
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
