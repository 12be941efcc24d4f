// Citations: full permalinks and copy buttons (see render/cite.py).
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

  // A citation's permalink is site-relative when the site's address is not configured: written
  // out from the page's own address, what a reader copies leads back here from anywhere.
  function absolute(link) {
    if (!/^[a-z][a-z0-9+.-]*:/i.test(link.textContent.trim())) link.textContent = link.href;
  }

  function copied(button, done) {
    const label = button.firstChild;
    const was = label.textContent;
    label.textContent = done ? "Copied" : "Select the citation and copy it";
    setTimeout(function () { label.textContent = was; }, 2000);
  }

  // A "Copy citation" button after each citation: its text, as it reads. The button's name says
  // which citation it copies (the item's place, given to screen readers in its Cite summary).
  function copyButton(citation) {
    const line = document.createElement("p");
    const button = document.createElement("button");
    const which = citation.closest(".tip-cite").querySelector("summary .tip-visually-hidden");
    line.className = "tip-cite__copy";
    line.setAttribute("aria-live", "polite");
    button.className = "md-button tip-cite__button";
    button.type = "button";
    button.append("Copy citation");
    if (which) {
      const name = document.createElement("span");
      name.className = "tip-visually-hidden";
      name.textContent = ":" + which.textContent;
      button.append(name);
    }
    line.append(button);
    citation.after(line);
    button.addEventListener("click", function () {
      const text = citation.textContent.replace(/\s+/g, " ").trim();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { copied(button, true); },
          function () { copied(button, false); });
        return;
      }
      const range = document.createRange();
      range.selectNodeContents(citation);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      copied(button, document.execCommand("copy"));
    });
  }

  function mount() {
    document.querySelectorAll(".tip-cite__permalink").forEach(absolute);
    document.querySelectorAll(".tip-cite__text").forEach(copyButton);
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
