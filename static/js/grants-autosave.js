// Saves the grant application draft every 30 seconds while it has unsaved changes.
(function () {
  "use strict";
  var form = document.getElementById("application-form");
  var status = document.getElementById("autosave-status");
  if (!form || !status || !window.fetch) {
    return;
  }
  var dirty = false;
  form.addEventListener("input", function () {
    dirty = true;
  });
  function save() {
    if (!dirty) {
      return;
    }
    dirty = false;
    fetch(form.dataset.autosave, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
    })
      .then(function (response) {
        status.textContent = response.ok ? status.dataset.saved : status.dataset.failed;
      })
      .catch(function () {
        dirty = true;
        status.textContent = status.dataset.failed;
      });
  }
  window.setInterval(save, 30000);
})();
