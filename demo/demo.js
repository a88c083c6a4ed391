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
