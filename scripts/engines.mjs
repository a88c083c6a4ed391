// The three browser engines the browser tests run in, all from Debian packages:
//   chromium  Debian's `chromium`, headless, through puppeteer-core (DevTools protocol)
//   firefox   Debian's `firefox-esr`, headless, through puppeteer-core (WebDriver BiDi)
//   webkit    WebKitGTK's MiniBrowser (`libwebkit2gtk-4.1-0`) through `WebKitWebDriver`
//             (`webkit2gtk-driver`), in an Xvfb of its own: MiniBrowser has no headless mode
// BROWSERS=chromium,firefox picks some of them (default: all three). FIREFOX_PATH, MINIBROWSER_PATH
// and WEBKIT_WEBDRIVER_PATH point at other executables (CHROME_PATH: see chrome.mjs).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { chromeLauncher } from '@web/test-runner';
import { WebdriverLauncher } from '@web/test-runner-webdriver';
import { findChrome, chromeArgs } from './chrome.mjs';

export const ENGINES = ['chromium', 'firefox', 'webkit'];

/** The Debian packages each engine needs (what `.ci/run` and `npm test` install when missing). */
export const DEBIAN_PACKAGES = {
  chromium: ['chromium'],
  firefox: ['firefox-esr'],
  webkit: ['webkit2gtk-driver', 'libwebkit2gtk-4.1-0', 'xvfb'],
};

/** The engines BROWSERS names (comma or space separated), all three when it is unset. */
export function selectedEngines(value = process.env.BROWSERS) {
  if (!value || !value.trim()) return [...ENGINES];
  const names = value.split(/[\s,]+/).filter(Boolean).map((name) => name.toLowerCase());
  const unknown = names.filter((name) => !ENGINES.includes(name));
  if (unknown.length > 0) throw new Error(`BROWSERS: unknown engine ${unknown.join(', ')} (known: ${ENGINES.join(', ')})`);
  return ENGINES.filter((engine) => names.includes(engine));
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const file = join(dir, name);
    if (dir && existsSync(file)) return file;
  }
  return undefined;
}

export function findFirefox() {
  if (process.env.FIREFOX_PATH) return process.env.FIREFOX_PATH;
  return ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((file) => existsSync(file)) ?? onPath('firefox-esr') ?? onPath('firefox');
}

export function findWebKitWebDriver() {
  return process.env.WEBKIT_WEBDRIVER_PATH || onPath('WebKitWebDriver');
}

/** WebKitGTK's MiniBrowser: /usr/lib/<multiarch>/webkit2gtk-4.1/MiniBrowser on Debian. */
export function findMiniBrowser() {
  if (process.env.MINIBROWSER_PATH) return process.env.MINIBROWSER_PATH;
  for (const lib of ['/usr/lib', '/usr/libexec', '/usr/local/lib']) {
    let entries = [];
    try {
      entries = readdirSync(lib);
    } catch {
      continue;
    }
    for (const dir of ['', ...entries.filter((entry) => entry.includes('-linux-'))]) {
      for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) {
        const file = join(lib, dir, api, 'MiniBrowser');
        if (existsSync(file)) return file;
      }
    }
  }
  return undefined;
}

export function findXvfb() {
  return onPath('Xvfb');
}

/** What is missing to run `engine`: executables, each with the Debian package that brings it. */
export function missingFor(engine) {
  if (engine === 'chromium') return findChrome() ? [] : [['Chromium', 'chromium']];
  if (engine === 'firefox') return findFirefox() ? [] : [['Firefox', 'firefox-esr']];
  const missing = [];
  if (!findWebKitWebDriver()) missing.push(['WebKitWebDriver', 'webkit2gtk-driver']);
  if (!findMiniBrowser()) missing.push(['MiniBrowser', 'libwebkit2gtk-4.1-0']);
  if (!findXvfb()) missing.push(['Xvfb', 'xvfb']);
  return missing;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Chromium

function chromiumLauncher({ proxy }) {
  // Without a `puppeteer` option the runner names it "Chrome": the visual baselines live in
  // test/browser/__screenshots__/chrome/. Loopback never goes through a proxy in Chromium.
  const args = [...chromeArgs(), ...(proxy ? [`--proxy-server=http://${proxy}`] : [])];
  const launcher = chromeLauncher({
    launchOptions: { executablePath: findChrome(), headless: true, args },
  });
  launcher.engine = 'chromium';
  return launcher;
}

// ---------------------------------------------------------------------------------------------
// Firefox

/**
 * Preferences for a quiet, test-friendly Firefox (on top of puppeteer's own): no first-run pages,
 * no background traffic, popups allowed like the other engines, and focus kept by a page in the
 * background.
 */
const FIREFOX_PREFS = {
  'dom.disable_open_during_load': false,
  'focusmanager.testmode': true,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'app.update.disabledForTesting': true,
  'browser.safebrowsing.update.enabled': false,
  'extensions.update.enabled': false,
  'media.autoplay.default': 0,
};

/** Firefox sends everything but localhost and 127.0.0.1 to the proxy (no "hijacking" of loopback). */
function firefoxProxyPrefs(proxy) {
  if (!proxy) return {};
  const [host, port] = [proxy.slice(0, proxy.lastIndexOf(':')), Number(proxy.slice(proxy.lastIndexOf(':') + 1))];
  return {
    'network.proxy.type': 1,
    'network.proxy.http': host,
    'network.proxy.http_port': port,
    'network.proxy.ssl': host,
    'network.proxy.ssl_port': port,
    'network.proxy.no_proxies_on': 'localhost, 127.0.0.1, [::1]',
    'network.proxy.allow_hijacking_localhost': false,
  };
}

function firefoxLauncher({ proxy }) {
  const launcher = chromeLauncher({
    puppeteer,
    launchOptions: {
      browser: 'firefox',
      executablePath: findFirefox(),
      headless: true,
      // Lets the emulation plugin reach the browser's own (chrome) scope over WebDriver BiDi, for
      // what BiDi has no command for yet: prefers-color-scheme, prefers-reduced-motion and forced
      // colours, set per tab as Firefox's own devtools do (scripts/emulation-plugin.mjs).
      args: ['--remote-allow-system-access'],
      extraPrefsFirefox: { ...FIREFOX_PREFS, ...firefoxProxyPrefs(proxy) },
    },
  });
  launcher.engine = 'firefox';
  return launcher;
}

// ---------------------------------------------------------------------------------------------
// WebKit

// Whatever the WebKit launcher started goes with the runner, however it ends.
const children = new Set();
const folders = new Set();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function stopChild(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Starts an Xvfb on the first free display; resolves with the child and its `:N`. */
function startXvfb() {
  return new Promise((resolve, reject) => {
    // -displayfd: Xvfb picks a free display and writes its number to fd 3 once it is ready.
    const child = track(
      spawn(findXvfb(), ['-displayfd', '3', '-screen', '0', '1920x1200x24', '-nolisten', 'tcp', '-noreset'], {
        stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += chunk));
    child.stdio[3].on('data', (chunk) => {
      out += chunk;
      const match = /^(\d+)\s/.exec(out);
      if (match) resolve({ child, display: `:${match[1]}` });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready: ${err.trim().slice(-500)}`)));
  });
}

async function waitForDriver(port, child) {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`WebKitWebDriver exited (${child.exitCode})`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('WebKitWebDriver did not start within 15 s');
}

/**
 * A configuration folder for MiniBrowser (XDG_CONFIG_HOME) whose GTK style sheet lets its toolbar
 * shrink: as it comes, it keeps the window at least 447 px wide, and the tests want phone widths
 * (375 px). GTK styles only the browser's own widgets, never the page.
 */
function miniBrowserConfig() {
  const dir = mkdtempSync(join(tmpdir(), 'account-linker-webkit-'));
  mkdirSync(join(dir, 'gtk-3.0'));
  writeFileSync(join(dir, 'gtk-3.0', 'gtk.css'), '* { min-width: 0; padding: 0; margin: 0; }\n');
  folders.add(dir);
  return dir;
}

/**
 * @web/test-runner-webdriver's launcher with its own Xvfb and WebKitWebDriver, started with the
 * first test file and stopped with the runner. MiniBrowser's window is sized so that its viewport is
 * 800×600, the size the other engines' pages get.
 */
class WebKitLauncher extends WebdriverLauncher {
  engine = 'webkit';
  #xvfb;
  #driver;
  #config;
  #starting;
  /** Window size minus viewport size (MiniBrowser's toolbar), measured once. */
  chrome;

  constructor({ proxy }) {
    super({
      hostname: '127.0.0.1',
      port: 0, // set once the driver runs
      path: '/',
      logLevel: 'error',
      capabilities: {
        browserName: 'MiniBrowser',
        // WebKitWebDriver speaks classic WebDriver only: no BiDi session.
        'wdio:enforceWebDriverClassic': true,
        'webkitgtk:browserOptions': {
          binary: findMiniBrowser(),
          args: [
            '--automation',
            // Popups as in the other engines' automation: window.open works without a real click.
            '--javascript-can-open-windows-automatically=true',
            // Everything but loopback through the request log's proxy, https included.
            ...(proxy ? [`--proxy=http://${proxy}`, '--ignore-host=localhost', '--ignore-host=127.0.0.1', '--ignore-host=::1'] : []),
          ],
        },
      },
    });
  }

  async initialize(config, testFiles) {
    await super.initialize(config, testFiles);
    this.name = 'WebKit';
  }

  async #start() {
    const { child, display } = await startXvfb();
    this.#xvfb = child;
    const port = await freePort();
    this.#config = miniBrowserConfig();
    this.#driver = track(
      spawn(findWebKitWebDriver(), [`--port=${port}`, '--host=local'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, DISPLAY: display, GDK_BACKEND: 'x11', XDG_CONFIG_HOME: this.#config },
      }),
    );
    await waitForDriver(port, this.#driver);
    this.options.port = port;
    await this.ensureManagerInitialized();
  }

  /** Sizes the window so that the page's viewport is `width`×`height` CSS pixels. */
  async setViewport(width, height) {
    const driver = this.driver;
    const measure = () => driver.execute('return [window.innerWidth, window.innerHeight]');
    if (!this.chrome) {
      await driver.setWindowRect(0, 0, 1024, 768);
      const [innerWidth, innerHeight] = await measure();
      this.chrome = { width: 1024 - innerWidth, height: 768 - innerHeight };
    }
    await driver.setWindowRect(0, 0, width + this.chrome.width, height + this.chrome.height);
    // The page learns its new size a moment later, and its media queries at the next frame.
    const settled = `return window.innerWidth === ${width} && window.innerHeight === ${height} && matchMedia('(width: ${width}px) and (height: ${height}px)').matches`;
    for (let i = 0; i < 100; i++) {
      if (await driver.execute(settled)) {
        await driver.executeAsync('const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done()));');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [innerWidth, innerHeight] = await measure();
    throw new Error(`WebKit: asked for a ${width}×${height} viewport, got ${innerWidth}×${innerHeight}`);
  }

  async startSession(id, url) {
    this.#starting ??= this.#start();
    await this.#starting;
    // Every test file starts at 800×600, as a Chromium or Firefox page does.
    await this.setViewport(800, 600);
    return super.startSession(id, url);
  }

  async stop() {
    await super.stop();
    await stopChild(this.#driver);
    await stopChild(this.#xvfb);
    if (this.#config) rmSync(this.#config, { recursive: true, force: true });
    this.#starting = undefined;
  }
}

function webkitLauncher(options) {
  return new WebKitLauncher(options);
}

// ---------------------------------------------------------------------------------------------

const LAUNCHERS = { chromium: chromiumLauncher, firefox: firefoxLauncher, webkit: webkitLauncher };

/**
 * One launcher per selected engine; throws, naming the Debian packages, if one is not installed.
 * `proxy` (`host:port`): where each engine sends every request that is not for loopback.
 */
export function browserLaunchers(engines = selectedEngines(), { proxy } = {}) {
  const missing = engines.flatMap((engine) => missingFor(engine).map(([what, pkg]) => `${engine}: ${what} (Debian package ${pkg})`));
  if (missing.length > 0) {
    throw new Error(
      `Not installed: ${missing.join('; ')}. Install them (as root: \`apt-get install -y ${[...new Set(engines.flatMap((e) => missingFor(e).map(([, pkg]) => pkg)))].join(' ')}\`), ` +
        'point CHROME_PATH / FIREFOX_PATH / MINIBROWSER_PATH / WEBKIT_WEBDRIVER_PATH at them, or pick engines with BROWSERS=chromium,firefox,webkit.',
    );
  }
  return engines.map((engine) => LAUNCHERS[engine]({ proxy }));
}

/** The engine of a test session's launcher: 'chromium', 'firefox' or 'webkit'. */
export function engineOf(session) {
  return session.browser.engine ?? (session.browser.type === 'webdriver' ? 'webkit' : 'chromium');
}
