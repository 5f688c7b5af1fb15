// Asks before leaving a grant form whose typed changes have not been saved or sent.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form[data-leave-warning]");
  if (!forms.length) {
    return;
  }
  var changed = new Set();
  forms.forEach(function (form) {
    function mark() {
      changed.add(form);
    }
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () {
      changed.clear();
    });
    form.addEventListener("grants:saved", function () {
      changed.delete(form);
    });
  });
  window.addEventListener("beforeunload", function (event) {
    if (changed.size) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
