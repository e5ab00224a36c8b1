/* The reading edition's behaviour: counterpart highlighting, glossary popovers, the toolbar's
   choices (kept in localStorage), study mode and #anchor highlighting. Inlined by reader/html.py;
   everything it shows is already in the page, so it never fetches anything. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");

  /* ---- preferences ------------------------------------------------------------------------ */
  var KEY = "reader.prefs";
  var SIZES = [0.85, 1, 1.15, 1.3, 1.5];
  var prefs = { script: root.getAttribute("data-script") || "hant", pinyin: false, layout: "both", study: false, size: 1 };
  try {
    var saved = JSON.parse(window.localStorage.getItem(KEY) || "{}");
    if (saved && typeof saved === "object") {
      if (saved.script === "hant" || saved.script === "hans") prefs.script = saved.script;
      if (typeof saved.pinyin === "boolean") prefs.pinyin = saved.pinyin;
      if (["both", "zh", "en"].indexOf(saved.layout) >= 0) prefs.layout = saved.layout;
      if (typeof saved.study === "boolean") prefs.study = saved.study;
      if (typeof saved.size === "number" && saved.size >= 0 && saved.size < SIZES.length) prefs.size = saved.size;
    }
  } catch (e) { /* storage unavailable or corrupt: keep the defaults */ }
  if (root.getAttribute("data-translated") === "false") prefs.layout = "zh";  /* nothing to show beside it */

  function save() {
    try { window.localStorage.setItem(KEY, JSON.stringify(prefs)); } catch (e) { /* ignore */ }
  }

  function apply() {
    root.setAttribute("data-script", prefs.script);
    root.setAttribute("data-layout", prefs.layout);
    root.classList.toggle("pinyin", prefs.pinyin);
    root.classList.toggle("study", prefs.study);
    root.style.setProperty("--scale", String(SIZES[prefs.size]));
    var buttons = document.querySelectorAll("[data-pref]");
    for (var i = 0; i < buttons.length; i++) {
      var b = buttons[i], name = b.getAttribute("data-pref"), value = b.getAttribute("data-value");
      if (name === "script" || name === "layout") b.setAttribute("aria-pressed", String(prefs[name] === value));
      else if (name === "pinyin" || name === "study") b.setAttribute("aria-pressed", String(prefs[name]));
      else if (name === "size") b.disabled = value === "-1" ? prefs.size === 0 : prefs.size === SIZES.length - 1;
    }
  }

  document.addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest("[data-pref]") : null;
    if (!b) return;
    var name = b.getAttribute("data-pref"), value = b.getAttribute("data-value");
    if (name === "script" || name === "layout") prefs[name] = value;
    else if (name === "pinyin" || name === "study") prefs[name] = !prefs[name];
    else if (name === "size") prefs.size = Math.max(0, Math.min(SIZES.length - 1, prefs.size + Number(value)));
    apply();
    save();
  });
  apply();

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

  /* ---- glossary popovers ------------------------------------------------------------------- */
  var pop = document.getElementById("popover");
  var opener = null;

  function closePopover(restore) {
    if (pop.hidden) return;
    pop.hidden = true;
    pop.replaceChildren();
    if (restore && opener) opener.focus();
    if (opener) opener.setAttribute("aria-expanded", "false");
    opener = null;
  }

  function place(term) {
    var rect = term.getBoundingClientRect();
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

  function refsOf(term) {  /* a nested name and the longer names around it, innermost first */
    var refs = [];
    for (var el = term; el && el.matches && el.matches("[data-ref]"); el = el.parentElement.closest(".col [data-ref]")) {
      if (refs.indexOf(el.getAttribute("data-ref")) < 0) refs.push(el.getAttribute("data-ref"));
      if (!el.parentElement) break;
    }
    return refs;
  }

  function openPopover(term) {
    var refs = refsOf(term), copies = [];
    for (var k = 0; k < refs.length; k++) {
      var entry = document.getElementById("gl-" + refs[k]);
      if (!entry) continue;
      var copy = entry.cloneNode(true);
      copy.removeAttribute("id");
      copy.removeAttribute("aria-labelledby");
      var withIds = copy.querySelectorAll("[id]");
      for (var i = 0; i < withIds.length; i++) withIds[i].removeAttribute("id");
      copies.push(copy);
    }
    if (!copies.length) return false;
    closePopover(false);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.setAttribute("aria-label", "Close");
    close.textContent = "×";
    close.addEventListener("click", function () { closePopover(true); });
    pop.replaceChildren.apply(pop, [close].concat(copies));
    var head = copies[0].querySelector(".entry-head");
    pop.setAttribute("aria-label", head ? head.textContent.replace(/\s+/g, " ").trim() : "Glossary entry");
    pop.setAttribute("data-ref", refs.join(" "));
    pop.hidden = false;
    opener = term.closest("a") || term;  /* a nested term's span sits inside its parent's link */
    opener.setAttribute("aria-expanded", "true");
    place(term);
    pop.focus({ preventScroll: true });
    return true;
  }

  function termOf(node) {
    return node && node.closest ? node.closest(".col [data-ref]") : null;
  }

  document.addEventListener("click", function (ev) {
    var term = termOf(ev.target);
    if (term) {
      if (openPopover(term)) ev.preventDefault();
      return;
    }
    if (!pop.hidden && !pop.contains(ev.target)) closePopover(false);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && !pop.hidden) {
      ev.preventDefault();
      closePopover(true);
      return;
    }
    if (ev.key === " " || ev.key === "Spacebar") {
      var term = termOf(ev.target);
      if (term && term === ev.target) {
        ev.preventDefault();
        openPopover(term);
      }
    }
  });
  window.addEventListener("resize", function () { if (!pop.hidden && opener) place(opener); });
})();
