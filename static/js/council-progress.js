// While a council report is being updated, tell its progress and offer the new version when done.
(function () {
  "use strict";
  const state = document.getElementById("report-state");
  if (!state) return;
  let last = null;
  async function poll() {
    let answer;
    try {
      const response = await fetch(state.dataset.statusUrl, { headers: { Accept: "application/json" } });
      if (!response.ok) return;
      answer = await response.json();
    } catch (error) {
      return;
    }
    if (answer.status === "building") {
      const progress = state.querySelector("[data-progress]") || document.createElement("p");
      progress.dataset.progress = "";
      progress.textContent = `${answer.progress} %`;
      state.appendChild(progress);
      last = "building";
      window.setTimeout(poll, 3000);
    } else if (last === "building") {
      // Reloading shows the new version; the reader chose to stay on this page, so ask first.
      const link = document.createElement("a");
      link.href = window.location.pathname;
      link.textContent = state.dataset.readyText || "↻";
      const paragraph = document.createElement("p");
      paragraph.appendChild(link);
      state.appendChild(paragraph);
    }
  }
  poll();
})();
