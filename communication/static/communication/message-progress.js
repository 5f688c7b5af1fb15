// While a message is being sent, ask for its progress every few seconds and show it.
(function () {
  "use strict";
  const region = document.getElementById("progress-region");
  if (!region) return;
  async function poll() {
    const current = document.getElementById("message-progress");
    if (!current || current.dataset.waiting === "0") return;
    try {
      const response = await fetch(region.dataset.url, { headers: { "HX-Request": "true" } });
      if (response.ok) region.innerHTML = await response.text();
    } catch (error) {
      // The next poll tries again.
    }
    window.setTimeout(poll, 3000);
  }
  window.setTimeout(poll, 3000);
})();
