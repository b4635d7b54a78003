// Keyboard use of lists (j/k move, Enter opens) and alerts (d: decision).
// Pages work without it.
(function () {
  function rows() { return Array.prototype.slice.call(document.querySelectorAll('[data-keys=rows] tr[data-href]')); }
  var at = -1;
  function select(i) {
    var r = rows();
    if (!r.length) return;
    at = Math.max(0, Math.min(r.length - 1, i));
    r.forEach(function (x) { x.classList.remove('selected'); });
    r[at].classList.add('selected');
    r[at].focus();
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target.tagName;
    if (t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT' || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === 'j') { select(at + 1); e.preventDefault(); }
    else if (e.key === 'k') { select(at - 1); e.preventDefault(); }
    else if (e.key === 'Enter' && at >= 0) { var r = rows()[at]; if (r) { location.href = r.dataset.href; } }
    else if (e.key === 'd') {
      var f = document.querySelector('#decide input[name=decision]');
      if (f) { f.focus(); e.preventDefault(); }
    }
  });
  document.addEventListener('click', function (e) {
    var tr = e.target.closest && e.target.closest('tr[data-href]');
    if (tr && !e.target.closest('a,button,input,form')) { location.href = tr.dataset.href; }
  });
})();
