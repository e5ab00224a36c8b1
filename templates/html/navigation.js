/* ==== navigation.js: the contents menu, the folded back matter, reading progress, a link and a
   citation for each sentence, and copying the visible script without pinyin ======================
   Uses window.readerPopover (glossary.js), window.readerCounterparts and window.readerShowTarget
   (reader.js). */
(function () {
  "use strict";
  var root = document.documentElement;
  var popover = window.readerPopover;

  /* ---- contents menu: a disclosure from the toolbar and the second skip link --------------- */
  var toc = document.getElementById("toc"), tocButton = document.querySelector(".toc-button");
  function setToc(open, focus) {
    if (!toc || !tocButton) return;
    toc.classList.toggle("open", open);
    tocButton.setAttribute("aria-expanded", String(open));
    if (open && focus) {
      var first = toc.querySelector("a");
      (first || toc).focus();
    }
  }
  if (tocButton) tocButton.addEventListener("click", function () { setToc(!toc.classList.contains("open"), true); });
  document.querySelectorAll("[data-open-toc]").forEach(function (a) {
    a.addEventListener("click", function (ev) { ev.preventDefault(); setToc(true, true); });
  });
  if (toc) {
    toc.addEventListener("click", function (ev) { if (ev.target.closest("a")) setToc(false, false); });
    toc.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape") { ev.preventDefault(); setToc(false); tocButton.focus(); }
    });
    document.addEventListener("click", function (ev) {
      var inside = toc.contains(ev.target) || tocButton.contains(ev.target) || ev.target.closest("[data-open-toc]");
      if (toc.classList.contains("open") && !inside) setToc(false);
    });
    document.addEventListener("focusin", function (ev) {
      if (toc.classList.contains("open") && !toc.contains(ev.target) && ev.target !== tocButton) setToc(false);
    });
  }

  /* ---- narrow screens: "More" shows the toolbar's second row ------------------------------- */
  var moreButton = document.querySelector(".more-button");
  if (moreButton) moreButton.addEventListener("click", function () {
    var bar = moreButton.closest(".toolbar"), open = !bar.classList.contains("expanded");
    bar.classList.toggle("expanded", open);
    moreButton.setAttribute("aria-expanded", String(open));
  });

  /* ---- folded back matter (glossary, about): opened by its button or by a link into it -------- */
  function setFold(fold, open) {
    fold.classList.toggle("open", open);
    var b = fold.querySelector(".fold-button");
    if (b) b.setAttribute("aria-expanded", String(open));
  }
  document.querySelectorAll(".fold-button").forEach(function (b) {
    b.addEventListener("click", function () {
      var fold = b.closest(".fold");
      setFold(fold, !fold.classList.contains("open"));
    });
  });
  function revealTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1)), target = id && document.getElementById(id);
    if (!target) return;
    var fold = target.closest(".fold");
    if (fold && !fold.classList.contains("open")) {
      setFold(fold, true);
      target.scrollIntoView();
    } else if (fold && target === fold) setFold(fold, true);
  }
  window.addEventListener("hashchange", revealTarget);
  revealTarget();

  /* ---- reading progress: how far through the text (not the back matter) the window is ------- */
  var bar = document.querySelector(".progress span"), main = document.getElementById("text"), queued = false;
  function progress() {
    queued = false;
    if (!bar || !main) return;
    var top = main.offsetTop, end = top + main.offsetHeight - window.innerHeight;
    var f = end > top ? (window.scrollY - top) / (end - top) : 1;
    f = Math.max(0, Math.min(1, f));
    bar.style.transform = "scaleX(" + f.toFixed(4) + ")";
    bar.parentNode.setAttribute("data-progress", String(Math.round(f * 100)));
  }
  function queue() { if (!queued) { queued = true; window.requestAnimationFrame(progress); } }
  window.addEventListener("scroll", queue, { passive: true });
  window.addEventListener("resize", queue);
  progress();

  /* ---- a link and a citation for each sentence -------------------------------------------- */
  var sLink = document.getElementById("s-link"), current = null;
  function sentences() { return document.querySelectorAll(".col.zh .s[id]"); }
  var roomy = window.matchMedia("(hover: hover) and (min-width: 801px)");
  function showLink(s) {  /* wide screens: in the gutter left of the sentence; else above its end */
    if (!sLink || !s || popover.isOpen()) return;
    current = s;
    sLink.hidden = false;
    var rect = s.getBoundingClientRect(), col = s.closest(".col").getBoundingClientRect();
    var size = sLink.offsetWidth, left, top;
    if (roomy.matches) {
      left = col.left - size - 6;
      top = rect.top;
    } else {
      left = col.right - size;
      top = rect.top - size - 2;
    }
    sLink.style.left = Math.max(2, left) + window.scrollX + "px";
    sLink.style.top = Math.max(0, top) + window.scrollY + "px";
  }
  document.addEventListener("mouseover", function (ev) {
    var s = roomy.matches && ev.target.closest && ev.target.closest(".col .s");
    if (s) showLink(s);
  });
  document.addEventListener("click", function (ev) {  /* a tap on a sentence (not a term) */
    var s = ev.target.closest && ev.target.closest(".col .s");
    if (s && !ev.target.closest("[data-ref], a")) showLink(s);
  });
  document.addEventListener("focusin", function (ev) {
    if (ev.target.matches && ev.target.matches(".col .s")) showLink(ev.target);
  });
  function anchorOf(s) {  /* the sentence's id, or its unit's when the unit is not divided */
    if (s.id) return s.id;
    var u = s.closest(".unit[id]");
    return u ? u.id : "";
  }
  function plain(node) {
    var copy = node.cloneNode(true);
    var hidden = root.getAttribute("data-script") === "hans" ? ".v-hant" : ".v-hans";
    copy.querySelectorAll("rt, rp, .noteref, .sr-only, " + hidden).forEach(function (n) { n.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }
  function zhOf(s) {  /* the Chinese sentence (or unit) for a sentence on either side */
    if (s.closest(".col.zh")) return s;
    return window.readerCounterparts(s).filter(function (c) { return c.closest(".col.zh"); })[0] || null;
  }
  function enOf(zh) {
    return window.readerCounterparts(zh.classList.contains("s") ? zh : zh.querySelector(".s") || zh)
      .filter(function (c) { return c.closest(".col.en"); });
  }
  function sectionOf(row) {  /* the heading row at or before a row */
    for (var r = row; r; r = r.previousElementSibling) {
      if (r.classList.contains("row-head") || r.classList.contains("row-title")) return r;
    }
    return null;
  }
  function citation(s) {
    var zh = zhOf(s) || s, row = zh.closest(".row");
    var n = Array.prototype.indexOf.call(sentences(), zh) + 1;  /* 0: an undivided unit (a heading) */
    var title = document.querySelector(".row-title");
    var head = row && sectionOf(row);
    var url = window.location.href.split("#")[0] + "#" + anchorOf(s);
    var en = enOf(zh).map(plain).join(" ");
    function both(r) { return r ? plain(r.querySelector(".col.zh")) + " / " + plain(r.querySelector(".col.en")) : ""; }
    var lines = [plain(zh)];
    if (en) lines.push(en);
    var where = [both(title)];
    if (head && head !== title) where.push(both(head));
    where.push(n ? "sentence " + n + " / 第" + n + "句" : "heading / 標題");
    lines.push("— " + where.join(", ") + ". " + url);
    return { text: lines.join("\n"), url: url, number: n };
  }
  function copy(text, status) {
    function done(ok) { status.textContent = ok ? "Copied." : "Copy failed: select the text above."; }
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.append(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      done(ok);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, fallback);
    } else fallback();
  }
  function openSentence(s, by) {
    var c = citation(s), id = anchorOf(s);
    var box = document.createElement("div");
    box.className = "pop-sentence";
    var head = document.createElement("p");
    head.className = "pop-head";
    head.textContent = c.number ? "Sentence " + c.number : "Heading";
    var link = document.createElement("p"), a = document.createElement("a");
    a.href = "#" + id;
    a.textContent = "#" + id;
    a.addEventListener("click", function () { popover.close(false); });
    link.append("Link: ", a);
    var actions = document.createElement("p");
    actions.className = "pop-actions";
    var status = document.createElement("p");
    status.className = "pop-status";
    status.setAttribute("role", "status");
    [["Copy link", c.url], ["Copy with citation", c.text]].forEach(function (pair) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = pair[0];
      b.addEventListener("click", function () { copy(pair[1], status); });
      actions.append(b);
    });
    box.append(head, link, actions, status);
    popover.open(by, [box], { label: c.number ? "Link to sentence " + c.number : "Link to this heading", anchor: s, focus: actions.querySelector("button") });
    sLink.hidden = true;
  }
  if (sLink) {
    sLink.addEventListener("click", function () { if (current) openSentence(current, current); });
  }
  document.addEventListener("keydown", function (ev) {  /* Enter on a focused sentence: its link */
    if (ev.key === "Enter" && ev.target.matches && ev.target.matches(".col .s")) {
      ev.preventDefault();
      openSentence(ev.target, ev.target);
    }
  });

  /* ---- copying: the visible script, without the pinyin ruby or hidden text -------------------- */
  document.addEventListener("copy", function (ev) {
    var sel = window.getSelection();
    if (!sel || sel.isCollapsed || !ev.clipboardData) return;
    var range = sel.getRangeAt(0), scope = range.commonAncestorContainer;
    if (scope.nodeType !== 1) scope = scope.parentNode;
    if (!scope.closest("main, .back, .popover")) return;
    var frag = range.cloneContents(), wrap = document.createElement("div");
    wrap.append(frag);
    var hidden = root.getAttribute("data-script") === "hans" ? ".v-hant" : ".v-hans";
    var layout = root.getAttribute("data-layout");
    var drop = ["rt", "rp", ".noteref", ".sr-only", ".reveal", hidden];
    if (layout === "zh") drop.push(".col.en");
    if (layout === "en") drop.push(".col.zh");
    wrap.querySelectorAll(drop.join(", ")).forEach(function (n) { n.remove(); });
    wrap.querySelectorAll(".unit, li, dd, dt, h3, .entry p").forEach(function (n) { n.append("\n"); });
    var text = wrap.textContent.replace(/[ \t]*\n[ \t\n]*/g, "\n").trim();
    ev.clipboardData.setData("text/plain", text);
    ev.clipboardData.setData("text/html", wrap.innerHTML);
    ev.preventDefault();
  });
})();
