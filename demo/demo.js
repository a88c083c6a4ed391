// Shows the element's events on the demo pages. The access token is masked: a page should never
// print it, and the legacy authorize URL carries it.
const log = document.getElementById('log');
const names = ['account-link', 'account-linked', 'account-unlink', 'account-unlinked', 'account-linker-error'];

function mask(detail) {
  return JSON.stringify(detail, (key, value) => {
    if (key === 'url' && typeof value === 'string') {
      const url = new URL(value);
      if (url.searchParams.has('access_token')) url.searchParams.set('access_token', '…');
      return url.href;
    }
    return value;
  });
}

for (const name of names) {
  document.addEventListener(name, (event) => {
    if (!log) return;
    const line = document.createElement('div');
    line.textContent = `${new Date().toLocaleTimeString()}  ${name}  ${mask(event.detail)}`;
    log.prepend(line);
  });
}

// ---- the pages, one list for every demo page (demo.js fills each page's <nav>) --------------
const PAGE_GROUPS = [
  {
    title: 'Management API',
    note: ' (what real tenants serve):',
    pages: [
      ['/demo/management.html', 'Add account'],
      ['/demo/popup.html', 'In a popup'],
      ['/demo/spa.html', 'SPA (auth0-spa-js)'],
      ['/demo/styling.html', 'Styling'],
    ],
  },
  {
    title: 'Server mode',
    note: ' (apps that sign in on the server, no token in the page):',
    pages: [
      ['/demo/server.html', 'Add account'],
      ['/demo/server-popup.html', 'In a popup'],
    ],
  },
  {
    title: 'legacy (Authentication API, turned off by Auth0 in 2017)',
    note: ', for the mock only:',
    pages: [
      ['/demo/index.html', 'Add account'],
      ['/demo/connections.html', 'Pick a provider'],
      ['/demo/server-rendered.html', 'Server-rendered'],
      ['/demo/static.html', 'Static'],
    ],
  },
];
const USERS = [
  ['alice', 'Alice'],
  ['bob', 'Bob'],
  ['carol', 'Carol'],
];

function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

function paragraph(...children) {
  const p = document.createElement('p');
  for (const child of children) p.append(child, ' ');
  return p;
}

function fillNav(nav) {
  // The signed-in demo user travels with every link between the demo pages.
  const user = new URLSearchParams(location.search).get('user');
  const withUser = (href) => (user ? `${href}?user=${encodeURIComponent(user)}` : href);
  for (const group of PAGE_GROUPS) {
    const title = document.createElement('strong');
    title.textContent = group.title;
    nav.append(paragraph(title, group.note, ...group.pages.map(([href, text]) => link(withUser(href), text))));
  }
  // Pages whose user is signed in by the demo server (not by a real sign-in, as on the SPA page).
  if (nav.hasAttribute('data-users')) {
    nav.append(paragraph('Sign in as', ...USERS.map(([id, name]) => link(`?user=${id}`, name))));
  }
}

// ---- the demo's own controls: language, colours, direction (kept across pages) -------------
const SETTINGS_KEY = 'account-linker-demo';
const LANGUAGES = [
  ['en', 'English'],
  ['de', 'Deutsch'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['ja', '日本語'],
  ['pt-BR', 'Português (Brasil)'],
  ['he', 'עברית'],
];
/** The right-to-left languages of LANGUAGES: choosing one turns the page right to left. */
const RTL = new Set(['he']);
const THEMES = [
  ['', 'Follow the system'],
  ['light', 'Light'],
  ['dark', 'Dark'],
];
const DIRECTIONS = [
  ['ltr', 'Left to right'],
  ['rtl', 'Right to left (עברית)'],
];

function readSettings() {
  try {
    return { lang: 'en', theme: '', dir: 'ltr', ...JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}') };
  } catch {
    return { lang: 'en', theme: '', dir: 'ltr' };
  }
}

function apply(settings) {
  const root = document.documentElement;
  root.lang = settings.lang;
  root.dir = settings.dir;
  // The page declares `color-scheme: light dark` (follow the OS); a choice narrows it, and the
  // element follows the page's declaration.
  root.style.colorScheme = settings.theme;
}

function select(label, name, options, value, onChange) {
  const wrapper = document.createElement('label');
  wrapper.append(`${label} `);
  const control = document.createElement('select');
  control.name = name;
  for (const [optionValue, text] of options) control.add(new Option(text, optionValue, false, optionValue === value));
  control.addEventListener('change', () => onChange(control.value));
  wrapper.append(control);
  return wrapper;
}

const settings = readSettings();
apply(settings);
const nav = document.querySelector('nav');
if (nav) {
  fillNav(nav);
  const controls = document.createElement('p');
  controls.className = 'demo-controls';
  const update = (key) => (value) => {
    settings[key] = value;
    // The direction switch shows a right-to-left language (Hebrew), not English mirrored; a
    // right-to-left language turns the page right to left. (Another language may still be mirrored:
    // pick it after "Right to left".)
    if (key === 'dir' && value === 'rtl' && !RTL.has(settings.lang)) settings.lang = 'he';
    if (key === 'dir' && value === 'ltr' && RTL.has(settings.lang)) settings.lang = 'en';
    if (key === 'lang' && RTL.has(value)) settings.dir = 'rtl';
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
    apply(settings);
    for (const [name, current] of [['lang', settings.lang], ['dir', settings.dir]]) controls.querySelector(`select[name="${name}"]`).value = current;
  };
  controls.append(
    select('Language', 'lang', LANGUAGES, settings.lang, update('lang')),
    select('Colours', 'theme', THEMES, settings.theme, update('theme')),
    select('Direction', 'dir', DIRECTIONS, settings.dir, update('dir')),
  );
  nav.append(controls);
}
