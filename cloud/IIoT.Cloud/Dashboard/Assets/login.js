(function () {
  'use strict';
  var i18n = window.IIoT.i18n;
  var query = new URLSearchParams(location.search);
  var returnUrl = query.get('ReturnUrl') || query.get('returnUrl');
  if (returnUrl && returnUrl.charAt(0) === '/') { document.getElementById('returnUrl').value = returnUrl; }
  var error = document.getElementById('error');
  function showError() {
    var kind = query.get('error');
    if (kind === 'failed' || kind === 'throttled') {
      error.textContent = i18n.t(kind === 'failed' ? 'loginFailed' : 'loginThrottled');
      error.hidden = false;
    }
  }
  i18n.bindSwitch();
  i18n.apply();
  showError();
  document.addEventListener('iiot:lang', showError);
})();
