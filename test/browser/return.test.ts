import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import sinon from 'sinon';
import { DEMO_USER_IDS } from '../../src/mock/index.js';
import type { AccountLinker } from '../../src/account-linker.js';
import type { AccountLinkedDetail } from '../../src/events.js';
import { collectErrors, errorShown, linker, listed, loaded, part, record, rowIds, rows, startLink as startLinkOn, tenant, useMock, withLocation } from './helpers.js';

const ALICE_IDS = ['auth0|alice0001', 'google-oauth2|104223456789012345678', 'github|1234567'];

/** Starts a link the way a user does (the add link), stops the navigation, returns its state. */
async function startLink(connection?: string): Promise<string> {
  const el = await linker(connection ? { connections: connection } : {});
  await loaded(el);
  const state = await startLinkOn(el);
  el.remove();
  return state;
}

function search(): URLSearchParams {
  return new URLSearchParams(window.location.search);
}

describe('<account-linker> returning from /authorize', () => {
  useMock();

  it('on success cleans the address bar, reloads the list and fires account-linked with the code', async () => {
    const state = await startLink('facebook');
    // What Auth0 did during /authorize: the Facebook account is now linked.
    tenant.link(DEMO_USER_IDS.alice, 'facebook|10987654321098765');
    await withLocation(`code=the-code&state=${state}&keep=1`, async () => {
      const seen = record('get', '/userinfo');
      const linked = new Promise<CustomEvent<AccountLinkedDetail>>((resolve) =>
        document.addEventListener('account-linked', (e) => resolve(e as CustomEvent<AccountLinkedDetail>), { once: true }),
      );
      const el = await linker();
      const { detail } = await linked;
      expect(detail.code).to.equal('the-code');
      expect(detail.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal([...ALICE_IDS, 'facebook|10987654321098765']);
      expect(search().has('code')).to.be.false;
      expect(search().has('state')).to.be.false;
      expect(search().get('keep')).to.equal('1');
      expect(seen).to.have.length(1);
      await el.updateComplete;
      expect(rowIds(el)).to.deep.equal([...ALICE_IDS, 'facebook|10987654321098765']);
      expect(part(el, 'status')!.textContent).to.equal('The account was linked.');
      expect(part(el, 'error')).to.be.null;
    });
  });

  it('uses each state once: the same return again is a state-mismatch', async () => {
    const state = await startLink();
    tenant.link(DEMO_USER_IDS.alice, 'github|7654321');
    await withLocation(`code=c1&state=${state}`, async () => {
      const first = await linker();
      await oneEvent(first, 'account-linked');
    });
    await withLocation(`code=c1&state=${state}`, async () => {
      const errors = collectErrors();
      const el = await linker();
      await errorShown(el);
      errors.stop();
      expect(errors.list.map((e) => e.code)).to.deep.equal(['state-mismatch']);
      // Nothing changed: the address bar keeps what is not ours to clean, the list still loads.
      expect(search().get('state')).to.equal(state);
      await listed(el);
      expect(rowIds(el)).to.deep.equal([...ALICE_IDS, 'github|7654321']);
      expect(part(el, 'error')).to.exist;
    });
  });

  it('says the tenant no longer links through the Authentication API when a return adds nothing', async () => {
    // What a tenant that ignores access_token produces: a code, and a list that did not grow.
    const state = await startLink('facebook');
    await withLocation(`code=nothing-linked&state=${state}`, async () => {
      const errors = collectErrors();
      let linkedFired = false;
      document.addEventListener('account-linked', () => (linkedFired = true), { once: true });
      const el = await linker();
      const shown = await errorShown(el);
      errors.stop();
      expect(errors.list.map((e) => e.code)).to.deep.equal(['legacy-unsupported']);
      expect(shown.textContent).to.match(/no longer links accounts through the Authentication API.*mode="management"/);
      expect(linkedFired).to.be.false;
      await listed(el);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
    });
  });

  it('says so too when /userinfo has no identities (an OIDC-conformant tenant)', async () => {
    tenant.configure({ legacyLinking: false });
    const errors = collectErrors();
    const el = await linker();
    const shown = await errorShown(el);
    errors.stop();
    expect(errors.list.map((e) => e.code)).to.deep.equal(['legacy-unsupported']);
    expect(shown.textContent).to.contain('mode="management"');
    expect(rows(el)).to.have.length(0);
  });

  it('reports an unknown state as state-mismatch and changes nothing', async () => {
    await withLocation('code=forged&state=not-issued-here', async () => {
      const errors = collectErrors();
      let linkedFired = false;
      document.addEventListener('account-linked', () => (linkedFired = true), { once: true });
      const el = await linker();
      const shown = await errorShown(el);
      errors.stop();
      expect(shown.textContent).to.match(/does not belong to a link started here/);
      expect(errors.list.map((e) => e.code)).to.deep.equal(['state-mismatch']);
      expect(search().get('code')).to.equal('forged');
      await listed(el);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(part(el, 'error')).to.exist;
      expect(linkedFired).to.be.false;
    });
  });

  it('reports a state older than 10 minutes as state-mismatch', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    try {
      const state = await startLink();
      clock.tick(10 * 60 * 1000 + 1000);
      await withLocation(`code=late&state=${state}`, async () => {
        const errors = collectErrors();
        const el = await linker();
        const shown = await errorShown(el);
        errors.stop();
        expect(shown.textContent).to.match(/over 10 minutes/);
        expect(errors.list.map((e) => e.code)).to.deep.equal(['state-mismatch']);
        expect(search().has('code')).to.be.false;
        await listed(el);
        expect(rowIds(el)).to.deep.equal(ALICE_IDS);
        expect(part(el, 'error')).to.exist;
      });
    } finally {
      clock.restore();
    }
  });

  it('accepts a state just under 10 minutes old', async () => {
    const clock = sinon.useFakeTimers({ now: Date.now(), toFake: ['Date'] });
    try {
      const state = await startLink();
      tenant.link(DEMO_USER_IDS.alice, 'github|7654321');
      clock.tick(9 * 60 * 1000);
      await withLocation(`code=ok&state=${state}`, async () => {
        const el = await linker();
        const { detail } = await oneEvent(el, 'account-linked');
        expect(detail.code).to.equal('ok');
      });
    } finally {
      clock.restore();
    }
  });

  it('shows a cancel at /authorize as a calm notice, still fires authorize-error, keeps the list', async () => {
    const state = await startLink();
    await withLocation(`error=access_denied&error_description=${encodeURIComponent('User cancelled the login')}&state=${state}`, async () => {
      const errors = collectErrors();
      const el: AccountLinker = await linker();
      await waitUntil(() => part(el, 'notice'), 'no notice after a cancel', { timeout: 5000 });
      errors.stop();
      const notice = part(el, 'notice')!;
      expect(notice.getAttribute('role')).to.equal('status');
      expect(notice.textContent).to.contain('cancelled');
      expect(part(el, 'error')).to.be.null;
      expect(errors.list.map((e) => e.code)).to.deep.equal(['authorize-error']);
      expect(search().has('error')).to.be.false;
      await listed(el);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(part(el, 'error')).to.be.null;
    });
  });

  it('shows any other error=… from /authorize as an error with its description', async () => {
    const state = await startLink();
    await withLocation(`error=access_denied&error_description=${encodeURIComponent('Error linking account: Bad Request')}&state=${state}`, async () => {
      const errors = collectErrors();
      const el: AccountLinker = await linker();
      const shown = await errorShown(el);
      errors.stop();
      expect(shown.textContent).to.contain('could not be linked');
      expect(shown.textContent).to.contain('Error linking account: Bad Request');
      expect(errors.list.map((e) => e.code)).to.deep.equal(['authorize-error']);
      expect(search().has('error')).to.be.false;
      expect(search().has('error_description')).to.be.false;
      await listed(el);
      expect(rowIds(el)).to.deep.equal(ALICE_IDS);
      expect(part(el, 'error')).to.exist;
    });
  });

  it('keeps a server-rendered list when the return comes without a token', async () => {
    const state = await startLink();
    const identities = JSON.stringify([
      { provider: 'auth0', user_id: 'alice0001', connection: 'Username-Password-Authentication' },
      { provider: 'github', user_id: 7654321, connection: 'github' },
    ]);
    await withLocation(`code=srv&state=${state}`, async () => {
      const linked = new Promise<CustomEvent<AccountLinkedDetail>>((resolve) =>
        document.addEventListener('account-linked', (e) => resolve(e as CustomEvent<AccountLinkedDetail>), { once: true }),
      );
      const el = await linker({ token: '', identities });
      const { detail } = await linked;
      expect(detail.identities.map((i) => `${i.provider}|${i.user_id}`)).to.deep.equal(['auth0|alice0001', 'github|7654321']);
      await el.updateComplete;
      expect(part(el, 'error')).to.be.null;
    });
  });
});
