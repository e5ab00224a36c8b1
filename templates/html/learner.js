/* The learner layer of the reading edition: every word of the Chinese can be looked up, read right,
   heard, saved and marked known. Inlined by reader/html.py after reader.js; its data is the JSON in
   #reader-words (see reader/learner_view.py). It fetches nothing: speech uses local voices only and
   exports are made in the page.

   Sections (each independent; later issues may move them to files of their own):
     1. data and storage      the word tables, localStorage helpers, the options
     2. words on demand       cutting a sentence into word elements, only when needed
     3. ruby and marking      per-word pinyin ruby, tone colours, level and known-word marking
     4. word popover          the popover for any word (glossary names: after the glossary entry)
     5. keyboard              a sentence is one tab stop; arrows move word by word; Enter, Escape
     6. known and saved words the lists, import, export as CSV and Anki TSV
     7. read aloud            Web Speech API, local voices only, hidden when there are none
     8. study by sentence     hide and reveal each English sentence; state kept per edition
     9. search                either script, toneless pinyin, English; results jump to sentences
*/
(function () {
  "use strict";

  /* ==== 1. data and storage ================================================================= */
  var root = document.documentElement;
  var dataEl = document.getElementById("reader-words");
  if (!dataEl) return;
  var D;
  try { D = JSON.parse(dataEl.textContent); } catch (e) { return; }
  var W = D.W, C = D.C, S = D.S;
  /* word entry fields */
  var TEXT = 0, PINYIN = 1, SYLLS = 2, LEVEL = 3, SENSES = 4, CHARS = 5, SOURCE = 6, REF = 7, KEY = 8;
  var LEVEL_LABEL = function (n) { return n ? (n >= 7 ? "7-9" : String(n)) : ""; };

  function load(key, fallback) {
    try {
      var v = JSON.parse(window.localStorage.getItem(key) || "null");
      return v === null ? fallback : v;
    } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* storage off: session only */ }
  }

  var OPTS_KEY = "reader.learner", KNOWN_KEY = "reader.known", SAVED_KEY = "reader.saved";
  var STUDY_KEY = "reader.study." + (D.slug || "text");
  var opts = { level: 0, style: "colour", pinyin: "all", tones: false };
  var savedOpts = load(OPTS_KEY, {});
  if (savedOpts && typeof savedOpts === "object") {
    if (typeof savedOpts.level === "number" && savedOpts.level >= 0 && savedOpts.level <= 6) opts.level = savedOpts.level;
    if (savedOpts.style === "underline") opts.style = "underline";
    if (["all", "level", "unknown"].indexOf(savedOpts.pinyin) >= 0) opts.pinyin = savedOpts.pinyin;
    if (typeof savedOpts.tones === "boolean") opts.tones = savedOpts.tones;
  }
  var known = {};
  (function () {
    var list = load(KNOWN_KEY, []);
    if (Array.isArray(list)) list.forEach(function (k) { if (typeof k === "string") known[k] = true; });
    var added = false;
    (D.K || []).forEach(function (k) { if (!known[k]) { known[k] = true; added = true; } });
    if (added) store(KNOWN_KEY, Object.keys(known));
  })();
  var saved = load(SAVED_KEY, []);
  if (!Array.isArray(saved)) saved = [];

  function script() { return root.getAttribute("data-script") || "hant"; }

  /* ==== 2. words on demand ================================================================== */
  function sentenceKey(s) {
    if (s.id) return s.id;
    var unit = s.closest(".unit");
    return unit ? unit.id : "";
  }
  function variants(s) {
    var out = [];
    for (var i = 0; i < s.children.length; i++) if (s.children[i].classList.contains("v")) out.push(s.children[i]);
    return out;
  }
  function flatFor(s, v) {
    var entry = S[sentenceKey(s)];
    if (!entry) return null;
    var i = variants(s).indexOf(v);
    var flat = entry[i];
    return flat === 0 || flat === undefined ? entry[0] : flat;
  }
  function textNodes(el) {
    var walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT, {
      acceptNode: function (n) {
        return n.parentNode.closest(".noteref, rt") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
      }
    });
    var out = [], n;
    while ((n = walker.nextNode())) out.push(n);
    return out;
  }
  /* Wrap each word of one script variant of a sentence in <span class="w" data-w="N">. */
  function hydrate(s, v) {
    if (!v || v.getAttribute("data-h")) return;
    var flat = flatFor(s, v);
    v.setAttribute("data-h", "1");
    if (!flat) return;
    var bounds = [], pos = 0;
    for (var i = 0; i < flat.length; i += 2) { bounds.push([pos, pos + flat[i], flat[i + 1]]); pos += flat[i]; }
    var nodes = textNodes(v), offset = 0, b = 0;
    nodes.forEach(function (node) {
      var text = node.nodeValue, start = offset, end = offset + text.length, frag = document.createDocumentFragment();
      offset = end;
      var at = start;
      while (at < end && b < bounds.length) {
        var w = bounds[b], stop = Math.min(w[1], end);
        if (stop <= at) { b++; continue; }
        var piece = text.slice(at - start, stop - start);
        if (w[2] >= 0) {
          var span = document.createElement("span");
          span.className = "w";
          span.setAttribute("data-w", String(w[2]));
          span.setAttribute("data-n", String(b));
          span.textContent = piece;
          frag.appendChild(span);
        } else frag.appendChild(document.createTextNode(piece));
        at = stop;
        if (stop >= w[1]) b++;
      }
      if (at < end) frag.appendChild(document.createTextNode(text.slice(at - start)));
      node.parentNode.replaceChild(frag, node);
    });
    decorate(v);
  }
  function visibleVariant(s) {
    var vs = variants(s), sc = script();
    for (var i = 0; i < vs.length; i++) if (vs[i].classList.contains("v-" + sc)) return vs[i];
    return vs[0] || null;
  }
  function zhSentences() { return document.querySelectorAll(".col.zh .s"); }
  function hydrateVisible() {
    var ss = zhSentences();
    for (var i = 0; i < ss.length; i++) hydrate(ss[i], visibleVariant(ss[i]));
  }

  /* ==== 3. ruby and marking ================================================================= */
  var TONE_MARKS = { "\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4 };
  function toneOf(syllable) {
    var d = syllable.normalize("NFD");
    for (var i = 0; i < d.length; i++) if (TONE_MARKS[d[i]]) return TONE_MARKS[d[i]];
    return 5;
  }
  function toneless(s) {
    return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/ü/g, "u").replace(/[^a-z0-9]/g, "");
  }
  /* The syllables a piece of a word carries: the whole word's pinyin when the word is one piece. */
  function piecesOf(el) {
    var v = el.closest(".v");
    return v ? v.querySelectorAll('.w[data-n="' + el.getAttribute("data-n") + '"]') : [el];
  }
  function joinSyllables(sylls) {
    return sylls.map(function (p, i) {
      if (i && /^[A-ZĀÁǍÀĒÉĚÈŌÓǑÒ]/.test(p)) return " " + p;
      if (i && /^[aeoāáǎàēéěèōóǒò]/i.test(p)) return "'" + p;
      return p;
    }).join("");
  }
  function rubyText(el, w) {
    var pieces = piecesOf(el);
    if (pieces.length <= 1 || !w[SYLLS]) return w[PINYIN];
    var sylls = w[SYLLS].split(" "), before = 0;
    for (var i = 0; i < pieces.length && pieces[i] !== el; i++) before += hanCount(pieces[i].textContent);
    return joinSyllables(sylls.slice(before, before + hanCount(el.textContent)));
  }
  function hanCount(t) { var m = t.match(/[\u3400-\u9fff\uf900-\ufaff]/g); return m ? m.length : 0; }
  function fillRt(rt, text) { rt.replaceChildren(); rt.textContent = text; }
  function ensureRuby(el) {
    var w = W[+el.getAttribute("data-w")];
    if (!w || !w[PINYIN]) return;
    var ruby = el.firstElementChild && el.firstElementChild.tagName === "RUBY" ? el.firstElementChild : null;
    var text = rubyText(el, w);
    if (!ruby) {
      ruby = document.createElement("ruby");
      ruby.appendChild(document.createTextNode(el.textContent));
      var rt = document.createElement("rt");
      rt.setAttribute("lang", "zh-Latn-pinyin");
      ruby.appendChild(rt);
      el.replaceChildren(ruby);
    }
    var rtEl = ruby.querySelector("rt");
    var whole = text === w[PINYIN] && w[SYLLS];
    if (!rtEl.textContent || (opts.tones && whole) !== !!rtEl.querySelector(".tone")) {
      if (opts.tones && whole) toneWord(rtEl, w);
      else fillRt(rtEl, text);
    }
  }
  /* tone colours by the word's own syllables (exact), joined as one written word */
  function toneWord(rt, w) {
    rt.replaceChildren();
    var sylls = w[SYLLS].split(" ");
    sylls.forEach(function (p, i) {
      if (i && /^[A-ZĀÁǍÀĒÉĚÈŌÓǑÒ]/.test(p)) rt.appendChild(document.createTextNode(" "));  /* Xí Jìnpíng */
      else if (i && /^[aeoāáǎàēéěèōóǒò]/i.test(p)) rt.appendChild(document.createTextNode("'"));
      var span = document.createElement("span");
      span.className = "tone t" + toneOf(p);
      span.textContent = p;
      rt.appendChild(span);
    });
  }
  function above(w) { return opts.level > 0 && (!w[LEVEL] || w[LEVEL] > opts.level); }
  function decorateWord(el) {
    var w = W[+el.getAttribute("data-w")];
    if (!w) return;
    var isAbove = above(w), isKnown = !!known[w[KEY]];
    el.classList.toggle("above", isAbove);
    el.classList.toggle("known", isKnown);
    var showPy = opts.pinyin === "all" || (opts.pinyin === "level" ? isAbove : !isKnown);
    el.classList.toggle("nopy", !showPy);
    if (root.classList.contains("pinyin") && showPy) ensureRuby(el);
  }
  function decorate(v) {
    var ws = v.querySelectorAll(".w");
    for (var i = 0; i < ws.length; i++) decorateWord(ws[i]);
  }
  function applyOptions() {
    root.classList.toggle("lv-on", opts.level > 0);
    root.classList.toggle("lv-underline", opts.style === "underline");
    root.classList.toggle("tones", opts.tones);
    root.setAttribute("data-py-mode", opts.pinyin);
    if (root.classList.contains("pinyin") || opts.level > 0) hydrateVisible();
    var ws = document.querySelectorAll(".col.zh .v[data-h] .w");
    for (var i = 0; i < ws.length; i++) decorateWord(ws[i]);
    var lv = document.getElementById("lv-level"), st = document.getElementById("lv-style");
    var pm = document.getElementById("py-mode"), tc = document.getElementById("tone-colours");
    if (lv) lv.value = String(opts.level);
    if (st) st.value = opts.style;
    if (pm) pm.value = opts.pinyin;
    if (tc) tc.checked = opts.tones;
  }
  function saveOptions() { store(OPTS_KEY, opts); }
  /* the toolbar's script and pinyin buttons (reader.js) change classes: follow them */
  new MutationObserver(function () { applyOptions(); }).observe(root, { attributes: true, attributeFilter: ["class", "data-script"] });

  /* ==== 4. word popover ===================================================================== */
  var pop = document.getElementById("popover");
  var wordOpener = null;
  function el(tag, cls, text, lang) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    if (lang) e.setAttribute("lang", lang);
    return e;
  }
  function zhLang() { return script() === "hans" ? "zh-Hans" : "zh-Hant-TW"; }
  function sentenceText(s) {
    var v = visibleVariant(s);
    if (!v) return "";
    return textNodes(v).map(function (n) { return n.nodeValue; }).join("").trim();
  }
  function englishOf(s) {
    var ids = (s.getAttribute("data-links") || "").split(/\s+/), out = [];
    ids.forEach(function (id) {
      var e = id && document.getElementById(id);
      if (e) out.push(e.textContent.replace(/\s+/g, " ").trim());
    });
    return out.join(" ");
  }
  function wordSection(w, wordEl) {
    var box = el("section", "word-entry");
    var head = el("h3", "word-head");
    head.appendChild(el("span", "hw", w[TEXT], zhLang()));
    head.appendChild(document.createTextNode(" "));
    head.appendChild(el("span", "py", w[PINYIN], "zh-Latn-pinyin"));
    box.appendChild(head);
    var meta = el("p", "meta");
    meta.appendChild(el("span", "level", w[LEVEL] ? "HSK " + LEVEL_LABEL(w[LEVEL]) : "Not on the HSK lists"));
    meta.lastChild.title = D.levels;
    box.appendChild(meta);
    if (w[SENSES].length) {
      var ol = el("ol", "senses");
      w[SENSES].forEach(function (t) { ol.appendChild(el("li", "", t)); });
      box.appendChild(ol);
    } else box.appendChild(el("p", "senses none", "Not in CC-CEDICT; its characters:"));
    if (w[CHARS].length) {
      var dl = el("dl", "chars");
      w[CHARS].forEach(function (ci) {
        var c = C[ci];
        var dt = el("dt", "", null);
        dt.appendChild(el("span", "ch", c[0], zhLang()));
        dt.appendChild(document.createTextNode(" "));
        dt.appendChild(el("span", "py", c[1], "zh-Latn-pinyin"));
        dl.appendChild(dt);
        dl.appendChild(el("dd", "", c[2] || "—"));
      });
      box.appendChild(dl);
    }
    var src = { glossary: "the glossary", cedict: "CC-CEDICT", pypinyin: "pypinyin (most common reading)", parts: "CC-CEDICT, word by word" }[w[SOURCE]];
    if (!src && w[SOURCE].indexOf("rule:") === 0) src = "a context rule (" + w[SOURCE].slice(5) + ")";
    box.appendChild(el("p", "source", "Reading from " + (src || "—") + ". Senses: CC-CEDICT."));
    var actions = el("p", "actions");
    var saveBtn = el("button", "save-word", isSaved(w, wordEl) ? "Saved" : "Save word");
    saveBtn.type = "button";
    saveBtn.setAttribute("aria-pressed", String(isSaved(w, wordEl)));
    saveBtn.addEventListener("click", function () {
      toggleSaved(w, wordEl);
      var on = isSaved(w, wordEl);
      saveBtn.setAttribute("aria-pressed", String(on));
      saveBtn.textContent = on ? "Saved" : "Save word";
    });
    var knownBtn = el("button", "mark-known", known[w[KEY]] ? "Known" : "Mark as known");
    knownBtn.type = "button";
    knownBtn.setAttribute("aria-pressed", String(!!known[w[KEY]]));
    knownBtn.addEventListener("click", function () {
      setKnown([w[KEY]], !known[w[KEY]]);
      knownBtn.setAttribute("aria-pressed", String(!!known[w[KEY]]));
      knownBtn.textContent = known[w[KEY]] ? "Known" : "Mark as known";
    });
    actions.appendChild(saveBtn);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(knownBtn);
    box.appendChild(actions);
    return box;
  }
  function place(target) { window.ReaderPopover.placeBeside(pop, target); }  /* popover.js's placement */
  function closeWordPopover(restore) {
    if (pop.hidden || !wordOpener) return false;
    pop.hidden = true;
    pop.replaceChildren();
    pop.removeAttribute("data-word");
    var o = wordOpener;
    wordOpener = null;
    if (restore) o.focus();
    return true;
  }
  function openWordPopover(wordEl) {
    var w = W[+wordEl.getAttribute("data-w")];
    if (!w) return;
    var close = el("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close");
    close.addEventListener("click", function () { closeWordPopover(true); });
    pop.replaceChildren(close, wordSection(w, wordEl));
    pop.setAttribute("aria-label", w[TEXT] + " " + w[PINYIN]);
    pop.setAttribute("data-word", w[TEXT]);
    pop.hidden = false;
    var s = wordEl.closest(".s");
    if (s && document.activeElement !== wordEl) focusWord(s, wordEl);  /* Escape returns here */
    wordOpener = wordEl;
    place(wordEl);
    pop.focus({ preventScroll: true });
  }
  /* a glossary name: reader.js has opened the glossary entry; the dictionary's section follows it */
  function appendDictionary(wordEl) {
    var w = W[+wordEl.getAttribute("data-w")];
    if (!w || pop.hidden) return;
    var sec = wordSection(w, wordEl);
    sec.classList.add("after-entry");
    pop.appendChild(sec);
    place(wordEl.closest("[data-ref]") || wordEl);  /* the popover grew: keep it inside the viewport */
  }
  function wordOf(node) {
    return node && node.closest ? node.closest(".col.zh .w") : null;
  }
  document.addEventListener("click", function (ev) {
    if (ev.target.closest && ev.target.closest("#popover")) return;
    var s = ev.target.closest ? ev.target.closest(".col.zh .s") : null;
    if (!s) { closeWordPopover(false); return; }
    var v = visibleVariant(s);
    if (v && !v.getAttribute("data-h")) {
      /* the first click on a sentence cuts it into words; find the word under the pointer */
      var hit = document.caretRangeFromPoint ? document.caretRangeFromPoint(ev.clientX, ev.clientY) : null;
      hydrate(s, v);
      if (hit) {
        var again = document.elementFromPoint(ev.clientX, ev.clientY);
        var wAgain = wordOf(again);
        if (wAgain) return handleWordClick(wAgain, ev);
      }
      return;
    }
    var wordEl = wordOf(ev.target);
    if (wordEl) handleWordClick(wordEl, ev);
  });
  function handleWordClick(wordEl, ev) {
    var term = wordEl.closest("[data-ref]");
    if (term) {
      if (!pop.hidden) appendDictionary(wordEl);
      return;
    }
    ev.preventDefault();
    openWordPopover(wordEl);
  }
  /* hydrate a sentence as soon as the pointer or focus reaches it, so the first click finds words */
  document.addEventListener("pointerover", function (ev) {
    var s = ev.target.closest ? ev.target.closest(".col.zh .s") : null;
    if (s) hydrate(s, visibleVariant(s));
  });

  /* ==== 5. keyboard ========================================================================= */
  function wordsIn(s) {
    var v = visibleVariant(s);
    hydrate(s, v);
    var all = v ? v.querySelectorAll(".w") : [], out = [], seen = {};
    for (var i = 0; i < all.length; i++) {
      var n = all[i].getAttribute("data-n");
      if (!seen[n]) { seen[n] = true; out.push(all[i]); }
    }
    return out;
  }
  function focusWord(s, target) {
    var ws = s.querySelectorAll(".w[tabindex]");
    for (var i = 0; i < ws.length; i++) ws[i].removeAttribute("tabindex");
    target.setAttribute("tabindex", "0");
    s.setAttribute("tabindex", "-1");  /* roving: the word is now the sentence's one tab stop */
    target.focus();
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && wordOpener && !pop.hidden) {
      ev.preventDefault();
      ev.stopImmediatePropagation();
      closeWordPopover(true);
      return;
    }
    var t = ev.target;
    if (!t.closest) return;
    var s = t.closest(".col.zh .s");
    if (!s || (t !== s && !t.classList.contains("w"))) return;
    if (ev.key === "ArrowRight" || ev.key === "ArrowLeft" || ev.key === "Home" || ev.key === "End") {
      var ws = wordsIn(s);
      if (!ws.length) return;
      ev.preventDefault();
      var i = ws.indexOf(t.classList.contains("w") ? ws.filter(function (x) { return x.getAttribute("data-n") === t.getAttribute("data-n"); })[0] : null);
      var next;
      if (ev.key === "Home") next = 0;
      else if (ev.key === "End") next = ws.length - 1;
      else if (i < 0) next = ev.key === "ArrowRight" ? 0 : ws.length - 1;
      else next = Math.max(0, Math.min(ws.length - 1, i + (ev.key === "ArrowRight" ? 1 : -1)));
      focusWord(s, ws[next]);
    } else if ((ev.key === "Enter" || ev.key === " ") && t.classList.contains("w")) {
      ev.preventDefault();
      var term = t.closest("a[data-ref], [data-ref]");
      if (term) {
        var link = t.closest("a") || term;
        link.click();
        if (!pop.hidden) appendDictionary(t);
        /* reader.js returns focus to the link on Escape; the word keeps its place in the sentence */
      } else openWordPopover(t);
    }
  }, true);

  /* ==== 6. known and saved words ============================================================ */
  var HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
  /* Simplified keys come from the page's own words: a pasted Traditional word is matched through the
     word table (the build compares every word by its character-by-character Simplified form). */
  var keyByText = {};
  W.forEach(function (w) { keyByText[w[TEXT]] = w[KEY]; });
  function keyOf(word) { return keyByText[word] || word; }
  function parseList(text) {
    var out = [];
    text.split(/\r?\n/).forEach(function (line) {
      line = line.trim().replace(/^\ufeff/, "");
      if (!line || line.charAt(0) === "#") return;
      var field = line.split("\t")[0].replace(/<[^>]*>/g, "").replace(/^"|"$/g, "").trim();
      field.split(/[\[\]［］]/).forEach(function (f) {
        f = f.trim();
        if (f && HAN.test(f) && !/\s/.test(f)) out.push(keyOf(f));
      });
    });
    return out;
  }
  function setKnown(keys, on) {
    keys.forEach(function (k) { if (on) known[k] = true; else delete known[k]; });
    store(KNOWN_KEY, Object.keys(known));
    showCounts();
    applyOptions();
  }
  function showCounts() {
    var kc = document.getElementById("known-count"), sc = document.getElementById("saved-count");
    var n = Object.keys(known).length;
    if (kc) kc.textContent = "(" + n + ")";
    if (sc) sc.textContent = "(" + saved.length + ")";
    var list = document.getElementById("saved-list");
    if (list) {
      list.replaceChildren();
      saved.forEach(function (item) {
        var li = el("li", "");
        li.appendChild(el("span", "hw", item.word, item.script === "hans" ? "zh-Hans" : "zh-Hant-TW"));
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "py", item.pinyin, "zh-Latn-pinyin"));
        li.appendChild(document.createTextNode(" " + (item.senses.split("; ")[0] || "")));
        list.appendChild(li);
      });
    }
  }
  function savedIndex(w, wordEl) {
    for (var i = 0; i < saved.length; i++) if (saved[i].word === w[TEXT] && saved[i].pinyin === w[PINYIN]) return i;
    return -1;
  }
  function isSaved(w, wordEl) { return savedIndex(w, wordEl) >= 0; }
  function toggleSaved(w, wordEl) {
    var i = savedIndex(w, wordEl);
    if (i >= 0) saved.splice(i, 1);
    else {
      var s = wordEl.closest(".s");
      saved.push({
        word: w[TEXT], pinyin: w[PINYIN], senses: w[SENSES].join("; "), level: LEVEL_LABEL(w[LEVEL]),
        sentence: s ? sentenceText(s) : "", translation: s ? englishOf(s) : "", title: D.title, script: script()
      });
    }
    store(SAVED_KEY, saved);
    showCounts();
  }
  var FIELDS = ["word", "pinyin", "senses", "level", "sentence", "translation", "title"];
  function csvCell(v) { v = String(v); return /[",\n\r]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; }
  function exportText(kind) {
    if (kind === "csv") {
      return [FIELDS.join(",")].concat(saved.map(function (it) {
        return FIELDS.map(function (f) { return csvCell(it[f] || ""); }).join(",");
      })).join("\r\n") + "\r\n";
    }
    var head = "#separator:tab\n#html:false\n#columns:Word\tPinyin\tMeaning\tLevel\tSentence\tTranslation\tSource\n";
    return head + saved.map(function (it) {
      return FIELDS.map(function (f) { return String(it[f] || "").replace(/[\t\r\n]+/g, " "); }).join("\t");
    }).join("\n") + "\n";
  }
  function download(name, text, type) {
    var blob = new Blob([text], { type: type + ";charset=utf-8" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
  }
  function on(id, type, fn) { var e = document.getElementById(id); if (e) e.addEventListener(type, fn); }
  on("known-add", "click", function () {
    var ta = document.getElementById("known-paste");
    setKnown(parseList(ta.value), true);
    ta.value = "";
  });
  on("known-file", "change", function (ev) {
    var f = ev.target.files && ev.target.files[0];
    if (!f) return;
    f.text().then(function (t) { setKnown(parseList(t), true); ev.target.value = ""; });
  });
  on("known-clear", "click", function () { setKnown(Object.keys(known), false); });
  on("export-csv", "click", function () { download((D.slug || "words") + "-saved.csv", exportText("csv"), "text/csv"); });
  on("export-tsv", "click", function () { download((D.slug || "words") + "-saved.txt", exportText("tsv"), "text/tab-separated-values"); });
  on("saved-clear", "click", function () { saved = []; store(SAVED_KEY, saved); showCounts(); });
  on("lv-level", "change", function (ev) { opts.level = +ev.target.value; saveOptions(); applyOptions(); });
  on("lv-style", "change", function (ev) { opts.style = ev.target.value; saveOptions(); applyOptions(); });
  on("py-mode", "change", function (ev) { opts.pinyin = ev.target.value; saveOptions(); applyOptions(); });
  on("tone-colours", "change", function (ev) {
    opts.tones = ev.target.checked;
    saveOptions();
    var rts = document.querySelectorAll(".col.zh .w rt");
    for (var i = 0; i < rts.length; i++) rts[i].replaceChildren();  /* rebuilt by decorate */
    applyOptions();
  });
  var lvSource = document.getElementById("lv-source");
  if (lvSource) lvSource.textContent = "Levels: " + D.levels + ". Senses: " + D.dictionary;

  /* the toolbar's Words and Search buttons open their panels */
  function panelToggle(buttonId, panelId, focusId) {
    on(buttonId, "click", function (ev) {
      var b = ev.currentTarget, p = document.getElementById(panelId), open = p.hidden;
      p.hidden = !open;
      b.setAttribute("aria-expanded", String(open));
      if (open && focusId) document.getElementById(focusId).focus();
    });
  }
  panelToggle("words-toggle", "learner", "lv-level");
  panelToggle("search-toggle", "search", "search-q");

  /* ==== 7. read aloud ======================================================================= */
  var synth = window.speechSynthesis || null;
  var speakBtn = null, voices = { zh: null, en: null };
  function pickVoices() {
    voices = { zh: null, en: null };
    if (!synth) return;
    var all = synth.getVoices() || [];
    all.forEach(function (v) {
      if (!v.localService) return;  /* never a network voice: the edition makes no request */
      var l = (v.lang || "").toLowerCase();
      if (!voices.zh && l.indexOf("zh") === 0) voices.zh = v;
      if (!voices.en && l.indexOf("en") === 0) voices.en = v;
    });
    var any = !!(voices.zh || voices.en);
    root.classList.toggle("can-speak", any);
    var hint = document.getElementById("tts-hint");
    if (hint) hint.hidden = any;
    if (!any && speakBtn) speakBtn.hidden = true;
  }
  function speakSentence(s) {
    if (!synth) return;
    synth.cancel();
    var queue = [];
    if (voices.zh) queue.push([s, sentenceText(s), voices.zh]);
    if (voices.en) (s.getAttribute("data-links") || "").split(/\s+/).forEach(function (id) {
      var e = id && document.getElementById(id);
      if (e) queue.push([e, e.textContent.replace(/\s+/g, " ").trim(), voices.en]);
    });
    queue.forEach(function (q) {
      var u = new SpeechSynthesisUtterance(q[1]);
      u.voice = q[2];
      u.lang = q[2].lang;
      u.onstart = function () { q[0].classList.add("speaking"); };
      u.onend = u.onerror = function () { q[0].classList.remove("speaking"); };
      synth.speak(u);
    });
  }
  function attachSpeak(s) {
    if (!root.classList.contains("can-speak")) return;
    if (!speakBtn) {
      speakBtn = el("button", "speak", "▶");
      speakBtn.type = "button";
      speakBtn.setAttribute("lang", "en");
      speakBtn.addEventListener("click", function (ev) {
        ev.stopPropagation();
        var target = speakBtn.previousElementSibling;
        if (target) speakSentence(target);
      });
    }
    if (speakBtn.previousElementSibling === s) return;
    speakBtn.setAttribute("aria-label", "Read this sentence aloud");
    s.insertAdjacentElement("afterend", speakBtn);
    speakBtn.hidden = false;
  }
  document.addEventListener("focusin", function (ev) {
    var s = ev.target.closest && ev.target.closest(".col.zh .s");
    if (s) attachSpeak(s);
  });
  document.addEventListener("pointerover", function (ev) {
    var s = ev.target.closest && ev.target.closest(".col.zh .s");
    if (s) attachSpeak(s);
  });
  if (synth) {
    pickVoices();
    if (synth.addEventListener) synth.addEventListener("voiceschanged", pickVoices);
  } else pickVoices();

  /* ==== 8. study by sentence ================================================================ */
  var revealed = {};
  (function () {
    var list = load(STUDY_KEY, []);
    if (Array.isArray(list)) list.forEach(function (id) { if (typeof id === "string") revealed[id] = true; });
  })();
  function studyKey(s) { return s.id || (s.closest(".unit") || {}).id || ""; }
  function setupStudy() {
    if (!root.classList.contains("study")) return;
    var ss = document.querySelectorAll(".col.en .s");
    for (var i = 0; i < ss.length; i++) {
      var s = ss[i], k = studyKey(s);
      var b = s.previousElementSibling && s.previousElementSibling.classList.contains("sreveal") ? s.previousElementSibling : null;
      if (!b) {
        b = el("button", "sreveal", null);
        b.type = "button";
        if (s.id) b.setAttribute("aria-controls", s.id);
        s.insertAdjacentElement("beforebegin", b);
      }
      var shown = !!revealed[k];
      s.classList.toggle("veiled", !shown);
      b.setAttribute("aria-expanded", String(shown));
      b.textContent = shown ? "Hide" : "Show sentence";
      b.setAttribute("aria-label", (shown ? "Hide" : "Show") + " English sentence " + (i + 1));
    }
  }
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest ? ev.target.closest("button.sreveal") : null;
    if (b) {
      var s = b.nextElementSibling, k = s ? studyKey(s) : "";
      if (!k) return;
      if (revealed[k]) delete revealed[k]; else revealed[k] = true;
      store(STUDY_KEY, Object.keys(revealed));
      setupStudy();
      return;
    }
    var unitBtn = ev.target.closest ? ev.target.closest("button.reveal") : null;
    if (unitBtn) {  /* reader.js reveals the unit; every sentence in it counts as revealed */
      var unit = document.getElementById(unitBtn.getAttribute("aria-controls"));
      if (unit) unit.querySelectorAll(".s").forEach(function (s) { revealed[studyKey(s)] = true; });
      store(STUDY_KEY, Object.keys(revealed));
      setupStudy();
    }
  });
  new MutationObserver(setupStudy).observe(root, { attributes: true, attributeFilter: ["class"] });
  setupStudy();

  /* ==== 9. search =========================================================================== */
  var index = null;
  function buildIndex() {
    index = [];
    var ss = document.querySelectorAll(".col .s");
    for (var i = 0; i < ss.length; i++) {
      var s = ss[i], zh = s.closest(".col.zh"), item = { s: s, text: "", py: "" };
      if (zh) {
        item.text = variants(s).map(function (v) {
          return textNodes(v).map(function (n) { return n.nodeValue; }).join("");
        }).join("\n");
        var entry = S[sentenceKey(s)];
        if (entry) {
          var flat = entry[0], py = [];
          for (var j = 0; j < flat.length; j += 2) if (flat[j + 1] >= 0) py.push(toneless(W[flat[j + 1]][PINYIN]));
          item.py = py.join("");
        }
      } else item.text = s.textContent.toLowerCase();
      index.push(item);
    }
  }
  function search(q) {
    if (!index) buildIndex();
    q = q.trim();
    var out = [];
    if (!q) return out;
    var han = HAN.test(q), pyq = han ? "" : toneless(q.replace(/v/g, "u")), lower = q.toLowerCase();
    index.forEach(function (it) {
      var zh = !!it.py || it.s.closest(".col.zh");
      if (han ? zh && it.text.indexOf(q) >= 0 : (zh ? pyq && it.py.indexOf(pyq) >= 0 : it.text.indexOf(lower) >= 0)) out.push(it.s);
    });
    return out;
  }
  function anchorOf(s) { return s.id || (s.closest(".unit") || {}).id || ""; }
  var searchTimer = null;
  on("search-q", "input", function (ev) {
    clearTimeout(searchTimer);
    var q = ev.target.value;
    searchTimer = setTimeout(function () {
      var hits = search(q), list = document.getElementById("search-results"), status = document.getElementById("search-status");
      list.replaceChildren();
      hits.slice(0, 100).forEach(function (s) {
        var li = el("li", ""), a = el("a", "", null), zh = s.closest(".col.zh");
        a.href = "#" + anchorOf(s);
        var text = zh ? sentenceText(s) : s.textContent.replace(/\s+/g, " ").trim();
        a.textContent = text.length > 90 ? text.slice(0, 88) + "…" : text;
        if (zh) a.setAttribute("lang", zhLang());
        li.appendChild(a);
        list.appendChild(li);
      });
      status.textContent = q.trim() ? hits.length + (hits.length === 1 ? " sentence" : " sentences") + " found" + (hits.length > 100 ? " (first 100 shown)" : "") : "";
    }, 120);
  });

  showCounts();
  applyOptions();
})();
