// An error whose English text is in the English texts' chunk (a setup message, a server's refusal)
// waits for it: the error is shown and `account-linker-error` fired once the text is here, with the
// text, never with a placeholder. What can fail offline needs no English texts.
// Run in its own process (node --test runs each file apart), before the chunk was ever loaded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReactiveController } from 'lit';
import { LinkerError } from '../../../src/protocol/errors.js';
import { describeErrorParts } from '../../../src/i18n/describe-loader.js';
import { LinkerController } from '../../../src/controller/linker-controller.js';
import type { BrowserPort } from '../../../src/controller/port.js';
import { englishTexts } from '../../../src/i18n/english-loader.js';
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

test('before the describing chunk is here (or when it cannot come), an error is its sentence alone', () => {
  const parts = describeErrorParts(new LinkerError('http', 'network', 'token abc.def.ghi leaked', 500, { serverSaid: true }), defaultStrings);
  assert.deepEqual(parts, { sentence: defaultStrings.errors.network }, 'no detail, nothing of the server');
});

test('an error that needs no server answer is told without the English texts', async () => {
  const host = new Host();
  const heard: AccountLinkerErrorDetail[] = [];
  host.addEventListener('account-linker-error', (event) => heard.push((event as CustomEvent<AccountLinkerErrorDetail>).detail));
  const controller = new LinkerController(host, port, () => defaultStrings);
  await controller.fail(new LinkerError('network', 'network'));
  await controller.fail(new LinkerError('popup-blocked', 'popupBlocked'));
  assert.equal(heard.length, 2);
  assert.equal(heard[0]!.message, defaultStrings.errors.network);
  assert.equal(heard[1]!.message, defaultStrings.errors.popupBlocked);
  assert.equal(englishTexts(), undefined, 'the English texts were not fetched');
});

test('a setup error is said once its text has loaded, in the event and on show', async () => {
  assert.equal(englishTexts(), undefined, 'this file runs before the chunk was loaded');
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
  assert.ok(englishTexts(), 'the chunk was loaded');
  assert.equal(shown()?.error.reason, 'domainMissing');
  assert.equal(count(), 1);
  assert.equal(heard[0]!.code, 'invalid-config');
  assert.match(heard[0]!.message, /"domain" attribute is required/);
});

test("a server's refusal waits for its English sentence too", async () => {
  const host = new Host();
  const heard: AccountLinkerErrorDetail[] = [];
  host.addEventListener('account-linker-error', (event) => heard.push((event as CustomEvent<AccountLinkerErrorDetail>).detail));
  const controller = new LinkerController(host, port, () => defaultStrings);
  assert.equal(defaultStrings.errors.unverifiedEmail, undefined, 'not in the first load');
  await controller.fail(new LinkerError('unverified-email', 'unverifiedEmail'));
  assert.equal(heard.length, 1);
  assert.match(heard[0]!.message, /email address is not verified/);
});
