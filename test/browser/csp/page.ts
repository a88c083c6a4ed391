// The strict-CSP page's own script (an external module: inline scripts are refused): one
// <account-linker mode="management"> for the demo user Alice against the mock on this origin.
// `?lang=de` shows it in German, which loads a language chunk by dynamic import.
import { DEMO_CLIENT_ID, DEMO_TOKENS } from '../../../src/mock/seed.js';

const lang = new URLSearchParams(location.search).get('lang');
const linker = Object.assign(document.createElement('account-linker'), {
  mode: 'management',
  domain: location.origin,
  clientId: DEMO_CLIENT_ID,
  redirectUri: `${location.origin}${location.pathname}${lang ? `?lang=${lang}` : ''}`,
  accessToken: DEMO_TOKENS.alice,
});
if (lang) linker.setAttribute('lang', lang);
document.getElementById('slot')!.append(linker);
