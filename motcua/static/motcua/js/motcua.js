// Small behaviours that keep pages usable without it: print buttons and confirmations.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print]");
    if (target) { event.preventDefault(); window.print(); }
  });
  // <form data-confirm="Message">: ask before an irreversible action.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) { event.preventDefault(); }
  }, true);
})();
