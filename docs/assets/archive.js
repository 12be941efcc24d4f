// Material wraps each table in a box that scrolls sideways when the table is wider than the
// screen, as year tables are on a phone. A box that scrolls must be reachable with the keyboard
// and have a name (WCAG 2.1.1 and 4.1.2), so such a box becomes a focusable region named after
// the heading above its table. Boxes that do not scroll stay out of the tab order.
(function () {
  "use strict";

  function heading(box) {
    for (let node = box.previousElementSibling; node; node = node.previousElementSibling) {
      if (/^H[1-6]$/.test(node.tagName)) {
        const copy = node.cloneNode(true);
        copy.querySelectorAll(".headerlink").forEach(function (link) { link.remove(); });
        return copy.textContent.trim();
      }
    }
    return "";
  }

  function update(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", (heading(box) || "Table") + " (scrolls sideways)");
    } else {
      ["tabindex", "role", "aria-label"].forEach(function (name) { box.removeAttribute(name); });
    }
  }

  function mount() {
    const observer = new ResizeObserver(function (entries) {
      entries.forEach(function (entry) { update(entry.target); });
    });
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) { observer.observe(box); });
  }

  if (window.document$) {
    window.document$.subscribe(mount);
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }
})();
