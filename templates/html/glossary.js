/* ==== glossary.js: glossary entries and translator's notes in the popover ======================

   A term (a.term or a nested span.term, [data-ref]) opens a compact entry: the headword as the text
   writes it, its pinyin, the English name, the category and a one-line gloss; "More" shows the
   forms and the note, "Full entry" goes to it in the glossary. A name inside a longer name (北京 in
   北京冬奧) and the longer name around it are offered as buttons, so each is reachable by keyboard.
   A note mark opens its note in place; the note list stays at the end of the page.
   The dialog itself is window.ReaderPopover (popover.js). */
(function () {
  "use strict";
  var root = document.documentElement;
  var popover = new window.ReaderPopover(document.getElementById("popover"));
  window.readerPopover = popover;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function visibleText(node) {  /* the text as shown: this script's variant, no pinyin ruby */
    var copy = node.cloneNode(true);
    var hidden = root.getAttribute("data-script") === "hans" ? ".v-hant" : ".v-hans";
    copy.querySelectorAll("rt, rp, .noteref, " + hidden).forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function visibleVariant(node, selector) {
    var all = node.querySelectorAll(selector);
    for (var i = 0; i < all.length; i++) {
      var v = all[i], s = v.classList.contains("v-hans") ? "hans" : v.classList.contains("v-hant") ? "hant" : "";
      if (!s || s === root.getAttribute("data-script")) return v;
    }
    return null;
  }
  function stripIds(node) {
    node.removeAttribute("id");
    node.querySelectorAll("[id]").forEach(function (n) { n.removeAttribute("id"); });
    return node;
  }
  function isHan(text) { return /[\u3400-\u9fff\uf900-\ufaff]/.test(text); }

  function readingOf(term, entry, written) {
    var rows = entry.querySelectorAll(".forms tr");  /* the glossary's reading of this very form */
    for (var i = 0; i < rows.length; i++) {
      var form = rows[i].querySelector(".form"), py = rows[i].querySelector(".py");
      if (form && py && form.textContent.trim() === written && py.textContent.trim()) return py.textContent.trim();
    }
    var rts = term.querySelectorAll(":scope > ruby > rt, :scope > * > ruby > rt");
    if (rts.length) return Array.prototype.map.call(rts, function (r) { return r.textContent; }).join("");
    var py2 = visibleVariant(entry, ".entry-head .py");
    return py2 ? py2.textContent.trim() : "";
  }

  /* the longer names around a term (outermost last) and the names inside it */
  function outerTerms(term) {
    var out = [], p = term.parentElement && term.parentElement.closest(".col [data-ref]");
    while (p) { out.push(p); p = p.parentElement && p.parentElement.closest(".col [data-ref]"); }
    return out;
  }
  function innerTerms(term) {
    return Array.prototype.slice.call(term.querySelectorAll("[data-ref]"));
  }

  function entryView(term, ref, opener) {
    var entry = document.getElementById("gl-" + ref);
    if (!entry) return null;
    var english = (entry.querySelector(".entry-head .en-name") || {}).textContent || ref;
    var written = term ? visibleText(term) : "";
    if (!written || !isHan(written)) {
      var hw = visibleVariant(entry, ".entry-head .hw");
      written = hw ? hw.textContent.trim() : written;
    }
    var box = el("div", "entry pop-entry");
    box.setAttribute("data-ref", ref);
    var head = el("p", "pop-head");
    var hwEl = el("span", "hw", written);
    hwEl.lang = root.getAttribute("data-script") === "hans" ? "zh-Hans" : (root.lang || "zh-Hant-TW");
    var pyEl = el("span", "py", term ? readingOf(term, entry, written) : "");
    pyEl.lang = "zh-Latn-pinyin";
    head.append(hwEl, " ", pyEl, " ", el("span", "en-name", english));
    box.append(head);
    var meta = entry.querySelector(".meta");
    if (meta) {
      var gloss = stripIds(meta.cloneNode(true));
      gloss.className = "pop-gloss";
      box.append(gloss);
    }
    if (term) {
      var related = outerTerms(term).concat(innerTerms(term));
      if (related.length) {
        var line = el("p", "pop-related");
        line.append(outerTerms(term).length ? "Part of, or containing: " : "Contains: ");
        related.forEach(function (t) {
          var r = t.getAttribute("data-ref"), e = document.getElementById("gl-" + r);
          if (!e || r === ref) return;
          var b = el("button", "", visibleText(t) + " " + ((e.querySelector(".en-name") || {}).textContent || ""));
          b.type = "button";
          b.addEventListener("click", function () {
            var view = entryView(t, r, opener);
            if (view) popover.replace(view.nodes, view.label), focusFirst();
          });
          line.append(b);
        });
        if (line.querySelector("button")) box.append(line);
      }
    }
    var more = entry.querySelector(".entry-more");
    var actions = el("p", "pop-actions");
    if (more && more.textContent.trim()) {
      var body = stripIds(more.cloneNode(true));
      body.className = "pop-more";
      body.hidden = true;
      body.id = "pop-more";
      var toggle = el("button", "more", "More");
      toggle.type = "button";
      toggle.setAttribute("aria-expanded", "false");
      toggle.setAttribute("aria-controls", "pop-more");
      box.classList.add("folded");  /* on a phone the dictionary's section (learner.js) waits too */
      toggle.addEventListener("click", function () {
        body.hidden = !body.hidden;
        box.classList.toggle("folded", body.hidden);
        toggle.setAttribute("aria-expanded", String(!body.hidden));
        toggle.textContent = body.hidden ? "More" : "Less";
      });
      actions.append(toggle);
      box.append(actions, body);
    } else box.append(actions);
    var full = el("a", "full", "Full entry");
    full.href = "#gl-" + ref;
    full.addEventListener("click", function () { popover.close(false); });
    actions.append(full);
    return { nodes: [box], label: english };
  }
  function focusFirst() {
    var b = popover.element.querySelector(".pop-actions button, .pop-actions a");
    (b || popover.element).focus({ preventScroll: true });
  }

  function openEntry(term) {
    var view = entryView(term, term.getAttribute("data-ref"));
    if (!view) return false;
    var opener = term.closest("a") || term;  /* a nested term's span sits inside its parent's link */
    popover.open(opener, view.nodes, { label: view.label, anchor: term });
    return true;
  }

  function openNote(mark) {
    var id = (mark.getAttribute("href") || "").slice(1), item = id && document.getElementById(id);
    if (!item) return false;
    var body = stripIds(item.cloneNode(true));
    body.querySelectorAll(".back-ref").forEach(function (n) { n.remove(); });
    var box = el("div", "pop-note");
    box.append.apply(box, Array.prototype.slice.call(body.childNodes));
    var actions = el("p", "pop-actions"), all = el("a", "", "In the list of notes");
    all.href = "#" + id;
    all.addEventListener("click", function () { popover.close(false); });
    actions.append(all);
    popover.open(mark, [box, actions], { label: mark.getAttribute("aria-label") || "Note" });
    return true;
  }

  function termOf(node) { return node && node.closest ? node.closest(".col [data-ref]") : null; }
  function noteOf(node) { return node && node.closest ? node.closest(".col .noteref a") : null; }

  document.addEventListener("click", function (ev) {
    var mark = noteOf(ev.target);
    if (mark) { if (openNote(mark)) ev.preventDefault(); return; }
    var term = termOf(ev.target);
    if (term && openEntry(term)) ev.preventDefault();
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === " " || ev.key === "Spacebar") {
      var term = termOf(ev.target);
      if (term && term === ev.target) {
        ev.preventDefault();
        openEntry(term);
      }
    }
  });
})();
