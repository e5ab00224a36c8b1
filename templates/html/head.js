/* Settings, applied before first paint: inlined in <head>, so it runs before the body is parsed.

   Each edition starts from its own build defaults (the attributes the template writes on <html>:
   data-script, data-layout, data-marks, data-endmatter). Only what the reader changed is stored:
     - "reader.prefs.v2"                    choices that suit every edition (pinyin, size, marks, study, endmatter)
     - "reader.prefs.v2:<slug>:<script>"    this edition's own choices (script, layout), keyed by the text
                                            and the build's script, so editions never overwrite each other
   A value equal to the build default is removed, not stored. window.readerPrefs is the one API:
   get(name), set(name, value) (stores that one choice and applies), apply(). */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.remove("no-js");
  root.classList.add("js");
  var SIZES = [0.85, 1, 1.15, 1.3, 1.5];
  var defaults = {
    script: root.getAttribute("data-script") || "hant",
    layout: root.getAttribute("data-layout") || "both",
    marks: root.getAttribute("data-marks") || "all",
    endmatter: root.getAttribute("data-endmatter") || "compact",
    pinyin: false,
    study: false,
    size: 1
  };
  var valid = {
    script: function (v) { return v === "hant" || v === "hans"; },
    layout: function (v) { return v === "both" || v === "zh" || v === "en"; },
    marks: function (v) { return v === "all" || v === "names" || v === "none"; },
    endmatter: function (v) { return v === "compact" || v === "none"; },
    pinyin: function (v) { return typeof v === "boolean"; },
    study: function (v) { return typeof v === "boolean"; },
    size: function (v) { return typeof v === "number" && v % 1 === 0 && v >= 0 && v < SIZES.length; }
  };
  var OWN = { script: true, layout: true };  /* stored per edition */
  var SHARED_KEY = "reader.prefs.v2";
  var OWN_KEY = SHARED_KEY + ":" + (root.getAttribute("data-slug") || "") + ":" + defaults.script;

  function load(key) {
    try {
      var v = JSON.parse(window.localStorage.getItem(key) || "{}");
      return v && typeof v === "object" && !Array.isArray(v) ? v : {};
    } catch (e) { return {}; }  /* storage unavailable or corrupt: the defaults */
  }
  var stored = { shared: load(SHARED_KEY), own: load(OWN_KEY) };
  var prefs = {};
  Object.keys(defaults).forEach(function (name) {
    var v = (OWN[name] ? stored.own : stored.shared)[name];
    prefs[name] = valid[name](v) ? v : defaults[name];
  });
  if (root.getAttribute("data-translated") === "false") prefs.layout = "zh";  /* nothing to show beside it */

  function apply() {
    root.setAttribute("data-script", prefs.script);
    root.setAttribute("data-layout", prefs.layout);
    root.setAttribute("data-marks", prefs.marks);
    root.setAttribute("data-endmatter", prefs.endmatter);
    root.classList.toggle("pinyin", prefs.pinyin);
    root.classList.toggle("study", prefs.study);
    root.style.setProperty("--scale", String(SIZES[prefs.size]));
  }

  function set(name, value) {
    if (!valid[name] || !valid[name](value)) return;
    prefs[name] = value;
    var which = OWN[name] ? "own" : "shared", store = stored[which];
    if (value === defaults[name]) delete store[name];
    else store[name] = value;
    try {
      var key = which === "own" ? OWN_KEY : SHARED_KEY;
      if (Object.keys(store).length) window.localStorage.setItem(key, JSON.stringify(store));
      else window.localStorage.removeItem(key);
    } catch (e) { /* storage unavailable: the choice lasts for this visit */ }
    apply();
  }

  window.readerPrefs = {
    sizes: SIZES,
    defaults: defaults,
    get: function (name) { return prefs[name]; },
    set: set,
    apply: apply
  };
  apply();
})();
