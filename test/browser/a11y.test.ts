import { expect, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import { errorShown, linker, loaded, part, row, rowIds, tick, useMock, worker } from './helpers.js';

const ALICE_IDS = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

/** Presses Tab until the element's shadow root focuses `target`; fails after a bound. */
async function tabTo(el: HTMLElement, target: Element): Promise<void> {
  for (let i = 0; i < 20 && el.shadowRoot!.activeElement !== target; i += 1) await sendKeys({ press: 'Tab' });
  expect(el.shadowRoot!.activeElement, 'reached by Tab').to.equal(target);
}

/** Alice's list, with the unlink of `id` opened by Tab and Enter. */
async function confirmingByKeyboard(id: string) {
  const el = await linker();
  await loaded(el);
  await tabTo(el, part(el, 'unlink-button', row(el, id))!);
  await sendKeys({ press: 'Enter' });
  await el.updateComplete;
  return el;
}

describe('<account-linker> accessibility', () => {
  useMock();

  it('passes axe with the list loaded', async () => {
    const el = await linker({ connections: 'github google-oauth2' });
    await loaded(el);
    await expect(el).to.be.accessible();
  });

  it('passes axe in management mode with a notice and a newly linked row marked', async () => {
    const el = await linker({ mode: 'management' });
    await loaded(el);
    const done = oneEvent(el, 'account-unlinked');
    await el.unlink('github|1234567');
    await done;
    await el.updateComplete;
    const notice = part(el, 'notice')!;
    expect(notice.getAttribute('role')).to.equal('status');
    expect(notice.textContent).to.match(/unlinked/);
    await expect(el).to.be.accessible();
  });

  it('passes axe while confirming an unlink and while showing an error', async () => {
    const el = await linker();
    await loaded(el);
    part(el, 'unlink-button', row(el, 'github|1234567'))!.click();
    await el.updateComplete;
    await expect(el).to.be.accessible();

    worker.use(http.get('*/userinfo', () => HttpResponse.json({}, { status: 500 })));
    const broken = await linker();
    await errorShown(broken);
    await expect(broken).to.be.accessible();
  });

  it('labels the list and each unlink button with the account it acts on', async () => {
    const el = await linker();
    await loaded(el);
    expect(part(el, 'list')!.getAttribute('aria-label')).to.equal('Linked accounts');
    const button = part(el, 'unlink-button', row(el, 'github|1234567'))!;
    expect(button.getAttribute('aria-label')).to.equal('Unlink GitHub (alice@users.noreply.github.com)');
    expect(part(el, 'status')!.getAttribute('role')).to.equal('status');
  });

  it('unlinks with the keyboard alone: Tab, Enter, Enter', async () => {
    const el = await confirmingByKeyboard('github|1234567');
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'confirm-unlink'));
    const done = oneEvent(el, 'account-unlinked');
    await sendKeys({ press: 'Enter' });
    await done;
    await el.updateComplete;
    expect(rowIds(el)).to.deep.equal(ALICE_IDS.slice(0, 2));
    // Focus did not fall to <body>: the last row went, so the row above takes it.
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'unlink-button', row(el, 'google-oauth2|104223456789012345678')));
    expect(part(el, 'status')!.textContent).to.contain('was unlinked');
  });

  it('Escape closes the confirmation and focus returns to the unlink button', async () => {
    const el = await confirmingByKeyboard('github|1234567');
    await sendKeys({ press: 'Escape' });
    await el.updateComplete;
    await tick();
    expect(part(el, 'confirm')).to.be.null;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'unlink-button', row(el, 'github|1234567')));
  });

  it('starts a link with the keyboard', async () => {
    const el = await linker();
    await loaded(el);
    el.addEventListener('account-link', (e) => e.preventDefault());
    await tabTo(el, part(el, 'add-link')!);
    const link = oneEvent(el, 'account-link');
    await sendKeys({ press: ' ' }); // the space bar (' ' is its name in every engine)
    const { detail } = await link;
    expect(new URL(detail.url).pathname).to.equal('/authorize');
  });

  it('announces the loaded list in the live region', async () => {
    const el = await linker();
    await loaded(el);
    expect(part(el, 'status')!.textContent).to.equal('3 linked accounts.');
  });

  it('Dismiss closes the error and keeps focus inside the element', async () => {
    const el = await linker({ token: 'rejected-token' });
    await errorShown(el);
    await tabTo(el, part(el, 'dismiss')!);
    await sendKeys({ press: 'Enter' });
    await el.updateComplete;
    await tick();
    expect(part(el, 'error')).to.be.null;
    expect(el.shadowRoot!.activeElement).to.equal(part(el, 'add-link'));
  });
});
