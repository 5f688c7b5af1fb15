// Saves the grant application draft every 30 seconds while it has unsaved changes, and once
// more when the page is hidden or left, so that closing the browser loses nothing.
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
  form.addEventListener("submit", function () {
    dirty = false;
  });
  function save(leaving) {
    if (!dirty) {
      return;
    }
    dirty = false;
    var body = new FormData(form);
    // The file goes only with the button that adds it.
    body.delete("file");
    fetch(form.dataset.autosave, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Autosave": "1" },
      keepalive: leaving === true,
    })
      .then(function (response) {
        status.textContent = response.ok ? status.dataset.saved : status.dataset.failed;
        if (response.ok) {
          form.dispatchEvent(new CustomEvent("grants:saved"));
        } else {
          dirty = true;
        }
      })
      .catch(function () {
        dirty = true;
        status.textContent = status.dataset.failed;
      });
  }
  window.setInterval(save, 30000);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save(true);
    }
  });
  window.addEventListener("pagehide", function () {
    save(true);
  });
})();
