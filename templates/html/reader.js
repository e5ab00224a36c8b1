/* ==== reader.js: the toolbar's choices, keeping the place, study mode, counterpart highlighting,
   #anchor highlighting ==================================================================
   Inlined after popover.js and before glossary.js and navigation.js (render.py concatenates them, in
   that order; head.js runs first, in <head>). Everything the page shows is already in it, so nothing
   here fetches anything. Exposes window.readerCounterparts(sentence), window.readerShowTarget() and
   window.readerKeepingPlace(fn) for the later files. */
(function () {
  "use strict";
  var root = document.documentElement;


  /* ---- toolbar choices (stored and applied by head.js's window.readerPrefs) --------------- */
  var prefs = window.readerPrefs;
  var SIZES = prefs.sizes;

  function syncButtons() {
    var buttons = document.querySelectorAll("[data-pref]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i], name = b.getAttribute("data-pref"), value = b.getAttribute("data-value");
      if (name === "script" || name === "layout" || name === "marks") b.setAttribute("aria-pressed", String(prefs.get(name) === value));
      else if (name === "pinyin" || name === "study") b.setAttribute("aria-pressed", String(prefs.get(name)));
      else if (name === "endmatter") b.setAttribute("aria-pressed", String(prefs.get(name) === "compact"));
      else if (name === "size") b.disabled = value === "-1" ? prefs.get("size") === 0 : prefs.get("size") === SIZES.length - 1;
    }
  }

  /* ---- keeping the reader's place ------------------------------------------------------------
     Before a change of layout, size, script or pinyin, note the first sentence at the top of the
     window and where it is; after, scroll so it (or its counterpart, if it is now hidden) is there
     again. Rows are in document order, so a binary search finds the first one in view. */
  function toolbarBottom() {
    var bar = document.querySelector(".toolbar");
    return bar ? Math.max(0, bar.getBoundingClientRect().bottom) : 0;
  }
  function shown(el) { return el && el.getClientRects().length > 0; }
  function placeMark() {
    var rows = document.querySelectorAll("main .row"), top = toolbarBottom();
    var lo = 0, hi = rows.length - 1, first = -1;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (rows[mid].getBoundingClientRect().bottom > top + 1) { first = mid; hi = mid - 1; } else lo = mid + 1;
    }
    if (first < 0) return null;
    /* the sentence that starts nearest the top of the window, in the original's column if it shows */
    var best = null, partial = null;
    var sel = shown(rows[first].querySelector(".col.zh")) ? ".col.zh .s" : ".s";
    for (var r = first; r < Math.min(rows.length, first + 4); r++) {
      var ss = rows[r].querySelectorAll(sel);
      for (var i = 0; i < ss.length; i++) {
        if (!shown(ss[i])) continue;
        var rect = ss[i].getBoundingClientRect();
        if (rect.top >= top - 2) { if (!best || rect.top < best.y) best = { el: ss[i], y: rect.top }; }
        else if (!partial && rect.bottom > top + 1) partial = { el: ss[i], y: rect.top };
      }
    }
    if (best) return best;
    if (partial) return partial;
    return null;
  }
  function restorePlace(mark) {  /* the original's sentence where it shows, else the one in view */
    if (!mark) return;
    var el = mark.el;
    if (!el.closest(".col.zh") || !shown(el)) {
      var alt = counterparts(el).filter(function (c) { return shown(c) && c.closest(".col.zh"); })[0];
      if (!alt && !shown(el)) alt = counterparts(el).filter(shown)[0];
      if (alt) el = alt;
      else if (!shown(el)) return;
    }
    var dy = el.getBoundingClientRect().top - mark.y;
    if (Math.abs(dy) >= 1) window.scrollBy(0, dy);
  }
  /* change(fn): run fn (which changes the page's look) and keep the place */
  function keepingPlace(fn) {
    var mark = placeMark();
    fn();
    restorePlace(mark);
    /* the learner layer may add ruby on the next frame (pinyin on): correct once it has settled */
    window.requestAnimationFrame(function () {
      restorePlace(mark);
      window.requestAnimationFrame(function () { restorePlace(mark); });
    });
  }
  window.readerKeepingPlace = keepingPlace;

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest("[data-pref]") : null;
    if (!b) return;
    var name = b.getAttribute("data-pref"), value = b.getAttribute("data-value");
    keepingPlace(function () {
      if (name === "script" || name === "layout" || name === "marks") prefs.set(name, value);
      else if (name === "pinyin" || name === "study") prefs.set(name, !prefs.get(name));
      else if (name === "endmatter") prefs.set(name, prefs.get(name) === "compact" ? "none" : "compact");
      else if (name === "size") prefs.set("size", Math.max(0, Math.min(SIZES.length - 1, prefs.get("size") + Number(value))));
      syncButtons();
    });
  });
  syncButtons();

  /* ---- study mode: reveal one English unit -------------------------------------------------- */
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest("button.reveal") : null;
    if (!b) return;
    var unit = document.getElementById(b.getAttribute("aria-controls"));
    if (!unit) return;
    unit.classList.add("revealed");
    b.setAttribute("aria-expanded", "true");
    var first = unit.querySelector(".s");
    if (first) first.focus();
  });
  var reveals = document.querySelectorAll("button.reveal");
  for (var r = 0; r < reveals.length; r++) reveals[r].setAttribute("aria-expanded", "false");

  /* ---- counterpart highlighting ------------------------------------------------------------- */
  var lit = [];
  function clear(cls) {
    lit = lit.filter(function (el) {
      if (cls && !el.classList.contains(cls)) return true;
      el.classList.remove(cls || "hl");
      return false;
    });
  }
  function light(el, cls) {
    if (!el) return;
    el.classList.add(cls);
    lit.push(el);
  }
  function counterparts(s) {
    var ids = (s.getAttribute("data-links") || "").split(/\s+/), out = [];
    for (var i = 0; i < ids.length; i++) {
      var el = ids[i] && document.getElementById(ids[i]);
      if (el) out.push(el);
    }
    return out;
  }
  function highlight(s, cls) {
    clear(cls);
    light(s, cls);
    counterparts(s).forEach(function (el) { light(el, cls); });
  }
  function sentenceOf(node) {
    return node && node.closest ? node.closest(".s") : null;
  }
  var pinned = null;
  document.addEventListener("mouseover", function (ev) {
    var s = sentenceOf(ev.target);
    if (s) highlight(s, "hl");
  });
  document.addEventListener("mouseout", function (ev) {
    var s = sentenceOf(ev.target);
    if (s && !s.contains(ev.relatedTarget)) {
      clear("hl");
      if (pinned) highlight(pinned, "hl");
    }
  });
  document.addEventListener("focusin", function (ev) {
    var s = sentenceOf(ev.target);
    if (s) highlight(s, "hl");
  });
  document.addEventListener("click", function (ev) {  /* a tap pins the highlight */
    var s = sentenceOf(ev.target);
    if (s && !ev.target.closest("[data-ref], a")) {
      pinned = s;
      highlight(s, "hl");
    }
  });

  /* ---- #anchors: scroll to and highlight the unit or sentence, and its counterparts -------- */
  function showTarget() {
    clear("flash");
    var id = decodeURIComponent(window.location.hash.slice(1));
    /* ids from the text carry the prefix "t-" (so that none can clobber the page's own); an old
       link to #zh-s1-p1 still finds t-zh-s1-p1 */
    var el = id && (document.getElementById(id) || document.getElementById("t-" + id));
    if (!el) return;
    light(el, "flash");
    if (el.classList.contains("s")) counterparts(el).forEach(function (c) { light(c, "flash"); });
    else {
      var s = el.querySelector(".s");
      if (el.classList.contains("unit") && s && !s.id) counterparts(s).forEach(function (c) { light(c, "flash"); });
    }
    var unit = el.closest(".unit");
    if (unit && root.classList.contains("study") && unit.closest(".col.en")) {
      unit.classList.add("revealed");
      var btn = unit.parentNode.querySelector('button.reveal[aria-controls="' + unit.id + '"]');
      if (btn) btn.setAttribute("aria-expanded", "true");
    }
  }
  window.addEventListener("hashchange", showTarget);
  showTarget();

  window.readerCounterparts = counterparts;
  window.readerShowTarget = showTarget;
})();
