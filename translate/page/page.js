// glossmt review pages: tooltips, the filter and keyboard navigation. The page's only script: it reads
// data-* attributes and writes text with textContent, never markup.
(() => {
  "use strict";
  const tip = document.getElementById("tip");
  const statusBar = document.getElementById("filter-status");
  const statusText = document.getElementById("filter-text");
  let filter = null; // {attr, value} while a filter is on
  let hovered = null; // the mark under the mouse

  // --- tooltips and pairs -------------------------------------------------------------------
  const markOf = (node) => (node && node.closest ? node.closest("[data-tip]") : null);
  function showTip(el) {
    tip.textContent = el.getAttribute("data-tip");
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const w = tip.offsetWidth, h = tip.offsetHeight;
    const x = Math.max(8, Math.min(r.left, window.innerWidth - w - 8));
    let y = r.bottom + 6;
    if (y + h > window.innerHeight - 8) y = Math.max(8, r.top - h - 6);
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function partners(el) {
    const occ = el.getAttribute("data-occ");
    return occ ? document.querySelectorAll('[data-occ="' + CSS.escape(occ) + '"]') : [el];
  }
  function pair(el, on) {
    for (const p of partners(el)) p.classList.toggle("pair", on);
  }
  function sentencePair(node, on) {
    const s = node && node.closest ? node.closest(".s[data-s]") : null;
    if (!s) return;
    const row = s.closest(".row");
    for (const t of row.querySelectorAll('.s[data-s="' + CSS.escape(s.getAttribute("data-s")) + '"]')) {
      t.classList.toggle("pair", on);
    }
  }
  document.addEventListener("mouseover", (e) => {
    sentencePair(e.target, true);
    const m = markOf(e.target);
    if (m) { hovered = m; showTip(m); pair(m, true); }
  });
  document.addEventListener("mouseout", (e) => {
    sentencePair(e.target, false);
    const m = markOf(e.target);
    if (m && markOf(e.relatedTarget) !== m) {
      hovered = null;
      pair(m, false);
      const focused = markOf(document.activeElement);
      if (focused) showTip(focused); else tip.hidden = true;
    }
  });
  document.addEventListener("focusin", (e) => {
    const m = markOf(e.target);
    if (m) { showTip(m); pair(m, true); }
  });
  document.addEventListener("focusout", (e) => {
    const m = markOf(e.target);
    if (m) { pair(m, false); tip.hidden = true; }
  });
  window.addEventListener("scroll", () => {
    const shown = hovered || markOf(document.activeElement);
    if (shown) showTip(shown); else tip.hidden = true;
  }, { passive: true });

  // --- the filter: only the lines holding one concept (or one check) ---------------------------
  function setFilter(attr, value, label) {
    for (const el of document.querySelectorAll("mark.sel")) el.classList.remove("sel");
    for (const b of document.querySelectorAll("[data-filter-value]")) {
      const on = value !== null && b.getAttribute("data-filter-attr") === attr && b.getAttribute("data-filter-value") === value;
      b.setAttribute("aria-pressed", String(on));
    }
    const rows = document.querySelectorAll(".row");
    if (value === null) {
      filter = null;
      for (const r of rows) r.hidden = false;
      statusBar.hidden = true;
      return;
    }
    filter = { attr, value };
    const selector = "[data-" + attr + '="' + CSS.escape(value) + '"]';
    let lines = 0;
    for (const r of rows) {
      const on = r.querySelector(selector) !== null;
      r.hidden = !on;
      lines += on;
    }
    const marks = document.querySelectorAll("mark" + selector);
    for (const m of marks) m.classList.add("sel");
    statusText.textContent = label + ": " + marks.length + " marks on " + lines + (lines === 1 ? " line" : " lines");
    statusBar.hidden = false;
  }
  document.addEventListener("click", (e) => {
    const b = e.target.closest ? e.target.closest("[data-filter-value]") : null;
    if (!b) return;
    const attr = b.getAttribute("data-filter-attr"), value = b.getAttribute("data-filter-value");
    const same = filter && filter.attr === attr && filter.value === value;
    setFilter(attr, same ? null : value, b.getAttribute("data-filter-label") || value);
  });
  document.getElementById("filter-clear").addEventListener("click", () => setFilter(null, null, ""));

  // --- keyboard: next and previous mark -------------------------------------------------------
  function stops() {
    const all = document.querySelectorAll(filter ? "[data-nav].sel" : "[data-nav]");
    return Array.prototype.filter.call(all, (el) => !el.closest("[hidden]"));
  }
  function firstBelowTop(list) { // binary search: the marks are in reading order
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].getBoundingClientRect().top < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function go(el) {
    el.scrollIntoView({ block: "center" });
    el.focus({ preventScroll: true });
  }
  function step(delta) {
    const list = stops();
    if (!list.length) return;
    let i = list.indexOf(markOf(document.activeElement));
    if (i < 0) i = firstBelowTop(list) - (delta > 0 ? 1 : 0);
    go(list[Math.max(0, Math.min(list.length - 1, i + delta))]);
  }
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === "n" || e.key === "j") { step(1); e.preventDefault(); }
    else if (e.key === "p" || e.key === "k") { step(-1); e.preventDefault(); }
    else if (e.key === "Escape") { setFilter(null, null, ""); tip.hidden = true; }
  });

  // --- links to marks (the findings list): show the mark, even under a filter -------------------
  function followHash() {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id && document.getElementById(id);
    if (!el) return;
    if (el.closest("[hidden]")) setFilter(null, null, "");
    go(el);
  }
  window.addEventListener("hashchange", followHash);
  if (location.hash) followHash();
})();
