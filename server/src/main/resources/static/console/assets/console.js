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

// A file larger than the node takes (detection's log upload) is refused before it is sent: the
// node refuses it too, but a browser would send megabytes first to learn it.
document.addEventListener('change', function (event) {
  var input = event.target;
  if (!input || input.type !== 'file' || !input.getAttribute('data-max-bytes')) {
    return;
  }
  var max = parseInt(input.getAttribute('data-max-bytes'), 10);
  var file = input.files && input.files[0];
  input.setCustomValidity(file && file.size > max ? input.getAttribute('data-too-large') : '');
  input.reportValidity();
});
