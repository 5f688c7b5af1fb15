// Starts Redoc from a file of the portal's own, so the page's policy needs no inline script.
(function () {
  "use strict";
  // Redoc's menu shows its maker's logo from their server; the policy allows the portal's own
  // images only, so the logo is left out rather than blocked.
  function foreign(image, url) {
    var parsed = new URL(url, document.baseURI);
    if (parsed.protocol === "data:" || parsed.origin === location.origin) {
      return false;
    }
    image.hidden = true;
    return true;
  }
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      if (!foreign(this, value)) {
        src.set.call(this, value);
      }
    },
  });
  var setAttribute = Element.prototype.setAttribute;
  HTMLImageElement.prototype.setAttribute = function (name, value) {
    if (name.toLowerCase() !== "src" || !foreign(this, value)) {
      setAttribute.call(this, name, value);
    }
  };

  var container = document.getElementById("redoc-container");
  var options = JSON.parse(container.getAttribute("data-options") || "{}");
  window.Redoc.init(container.getAttribute("data-spec-url"), options, container);
})();
