// A setup error waits for its English text (a chunk of its own): the error is shown and
// `account-linker-error` fired once the text is here, with the text, never with a placeholder.
// Run in its own process (node --test runs each file apart), before the chunk was ever loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReactiveController } from 'lit';
import { LinkerController } from '../../../src/controller/linker-controller.js';
import type { BrowserPort } from '../../../src/controller/port.js';
import { setupTexts } from '../../../src/i18n/setup-loader.js';
import { defaultStrings } from '../../../src/i18n/strings.js';
import type { AccountLinkerErrorDetail } from '../../../src/events.js';

class Host extends EventTarget {
  controllers: ReactiveController[] = [];
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {}
  updateComplete = Promise.resolve(true);
}

const port: BrowserPort = {
  href: () => 'https://app.example.com/account',
  replaceUrl: () => {},
  assign: () => {},
  openPopup: () => undefined,
};

test('a setup error is said once its text has loaded, in the event and on show', async () => {
  assert.equal(setupTexts(), undefined, 'this file runs before the chunk was loaded');
  const host = new Host();
  const heard: AccountLinkerErrorDetail[] = [];
  host.addEventListener('account-linker-error', (event) => heard.push((event as CustomEvent<AccountLinkerErrorDetail>).detail));
  const controller = new LinkerController(host, port, () => defaultStrings);
  controller.configure({ clientId: 'abc' }); // no domain
  const shown = () => controller.error;
  const count = () => heard.length;
  assert.equal(shown(), undefined, 'not shown before its text is here');
  assert.equal(count(), 0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(setupTexts(), 'the chunk was loaded');
  assert.equal(shown()?.error.reason, 'domainMissing');
  assert.equal(count(), 1);
  assert.equal(heard[0]!.code, 'invalid-config');
  assert.match(heard[0]!.message, /"domain" attribute is required/);
});
