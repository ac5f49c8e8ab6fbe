// The console's only script of its own (the Content-Security-Policy forbids inline script). It
// tells the node the browser's time zone, in a cookie, so that pages show times in it.
(function () {
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (e) {
    return;
  }
  if (!zone) {
    return;
  }
  var value = encodeURIComponent(zone);
  if (document.cookie.split('; ').indexOf('entente_tz=' + value) < 0) {
    document.cookie = 'entente_tz=' + value + '; path=/; max-age=31536000; SameSite=Lax' +
      (location.protocol === 'https:' ? '; Secure' : '');
  }
})();
