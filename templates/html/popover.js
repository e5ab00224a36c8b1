/* ==== popover.js: a generic non-modal dialog anchored to an element ============================

   window.ReaderPopover(element) -> a popover on that element (role="dialog", hidden at first).
     .open(opener, nodes, {label, anchor, focus})  show the nodes beside `anchor` (default: opener),
                                                   named by `label` (one language); focus goes to
                                                   `focus` (an element in it) or the dialog itself
     .close(restore)                               hide; with restore, focus goes back to the opener
     .replace(nodes, label)                        new content in the open popover (focus stays inside)
     .isOpen(), .contains(node), .opener(), .element
   Behaviour: a close button first; Tab and Shift+Tab cycle inside it; Escape closes and returns focus
   to the opener; a click outside or focus leaving it (by mouse) closes it; it stays in the viewport.
   Nothing here knows what the content is: the glossary, the notes, the sentence links (and the
   learner layer's word popovers) fill it. */
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button:not([disabled]), input, select, textarea, [tabindex]:not([tabindex='-1'])";

  /* put `pop` just below `anchor` (above it near the window's foot), inside the viewport */
  function placeBeside(pop, anchor) {
    var rect = anchor.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight, m = 8;
    pop.style.left = "0px";
    pop.style.top = "0px";
    var w = pop.offsetWidth, h = pop.offsetHeight;
    var left = Math.min(Math.max(m, rect.left), Math.max(m, vw - w - m));
    var top = rect.bottom + 6;
    if (top + h > vh - m && rect.top - h - 6 >= m) top = rect.top - h - 6;
    top = Math.max(m, Math.min(top, vh - h - m));
    pop.style.left = left + window.scrollX + "px";
    pop.style.top = top + window.scrollY + "px";
  }

  function ReaderPopover(pop) {
    var opener = null, anchor = null, self = this;
    this.element = pop;

    function focusables() {
      return Array.prototype.filter.call(pop.querySelectorAll(FOCUSABLE), function (el) {
        return el.offsetParent !== null || el === document.activeElement;
      });
    }

    function place() {
      if (anchor) placeBeside(pop, anchor);
    }

    function closeButton() {
      var close = document.createElement("button");
      close.type = "button";
      close.className = "close";
      close.setAttribute("aria-label", "Close");
      close.textContent = "×";
      close.addEventListener("click", function () { self.close(true); });
      return close;
    }

    this.isOpen = function () { return !pop.hidden; };
    this.contains = function (node) { return pop.contains(node); };
    this.opener = function () { return opener; };

    this.replace = function (nodes, label) {
      pop.replaceChildren.apply(pop, [closeButton()].concat(nodes));
      if (label) pop.setAttribute("aria-label", label);
      place();
    };

    this.open = function (by, nodes, options) {
      options = options || {};
      this.close(false);
      opener = by;
      anchor = options.anchor || by;
      pop.replaceChildren.apply(pop, [closeButton()].concat(nodes));
      pop.setAttribute("aria-label", options.label || "Details");
      pop.hidden = false;
      if (opener && opener.matches("a, button")) opener.setAttribute("aria-expanded", "true");
      place();
      (options.focus || pop).focus({ preventScroll: true });
    };

    this.close = function (restore) {
      if (pop.hidden) return;
      pop.hidden = true;
      pop.replaceChildren();
      var by = opener;
      opener = anchor = null;
      if (by && by.getAttribute("aria-expanded") === "true") by.setAttribute("aria-expanded", "false");
      if (restore && by) by.focus({ preventScroll: false });
    };

    pop.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") {
        ev.preventDefault();
        ev.stopPropagation();
        self.close(true);
      } else if (ev.key === "Tab") {  /* Tab cycles within the popover */
        var items = focusables();
        if (!items.length) { ev.preventDefault(); return; }
        var i = items.indexOf(document.activeElement);
        var next = ev.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i < 0 || i === items.length - 1 ? 0 : i + 1);
        ev.preventDefault();
        items[next].focus();
      }
    });
    pop.addEventListener("focusout", function (ev) {  /* focus moved elsewhere (not by Tab): close */
      var to = ev.relatedTarget;
      if (!pop.hidden && to && !pop.contains(to) && to !== opener) self.close(false);
    });
    document.addEventListener("click", function (ev) {
      if (!pop.hidden && !pop.contains(ev.target) && !(opener && opener.contains(ev.target))) self.close(false);
    }, true);
    window.addEventListener("resize", function () { if (!pop.hidden) place(); });
  }

  ReaderPopover.placeBeside = placeBeside;  /* the learner layer places its word popovers the same way */
  window.ReaderPopover = ReaderPopover;
})();
