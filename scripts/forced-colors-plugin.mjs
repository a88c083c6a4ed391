// A test-runner command that emulates `forced-colors: active` (Windows high contrast), which
// @web/test-runner-commands' emulateMedia does not pass to puppeteer. Through DevTools, in its own
// session, so the prefers-color-scheme that emulateMedia sets stays as it is.
//   await executeServerCommand('emulate-forced-colors', { active: true });
export function forcedColorsPlugin() {
  const sessions = new Map();
  return {
    name: 'emulate-forced-colors',
    async executeCommand({ command, payload, session }) {
      if (command !== 'emulate-forced-colors') return undefined;
      if (session.browser.type !== 'puppeteer') throw new Error('emulate-forced-colors needs a puppeteer (Chrome) browser');
      const page = session.browser.getPage(session.id);
      let cdp = sessions.get(page);
      if (!cdp) {
        cdp = await page.createCDPSession();
        sessions.set(page, cdp);
      }
      const value = payload?.active ? 'active' : 'none';
      await cdp.send('Emulation.setEmulatedMedia', { features: [{ name: 'forced-colors', value }] });
      return true;
    },
  };
}
