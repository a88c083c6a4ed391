// Records every Content Security Policy violation of the page (test/browser/csp/strict.html) in
// sessionStorage, so that those of a page left for /authorize are still there on the way back.
(function () {
  var KEY = 'csp-violations';
  document.addEventListener('securitypolicyviolation', function (event) {
    var list = JSON.parse(sessionStorage.getItem(KEY) || '[]');
    list.push({
      directive: event.effectiveDirective || event.violatedDirective,
      blocked: event.blockedURI,
      source: event.sourceFile ? event.sourceFile + ':' + event.lineNumber : '',
      sample: event.sample,
      page: location.pathname,
    });
    sessionStorage.setItem(KEY, JSON.stringify(list));
  });
})();
