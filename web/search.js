// The search page: results, facets sidebar, month histogram, filter chips,
// paging, exports, and the j/k selection.

import {
  t,
  fmtNumber,
  fmtDateTime,
  fmtDay,
  fmtMonth,
  fmtMonthName,
  langName,
  kindName,
  filetypeName,
  extractionName,
} from "./i18n.js";
import { h, clear, safeSnippet, revealBidi, subjectText } from "./dom.js";
import { getJson } from "./api.js";
import { navigate, showError, withProgress, rememberSearch, saveViewState } from "./nav.js";
import {
  FILTERS,
  PER_PAGE,
  MAX_PAGE,
  parseState,
  cloneState,
  searchUrl,
  apiSearchUrl,
  exportUrl,
  hasFilters,
  monthRange,
  monthsBetween,
} from "./state.js";
import { messagePath } from "./message.js";
import { documentPath, containerName, fileBadge, extractionBadge, fileName } from "./file.js";

const FACET_LABELS = {
  from: "facetFrom",
  to: "facetTo",
  domain: "facetDomain",
  lang: "facetLang",
  kind: "facetKind",
  filetype: "facetFiletype",
  extraction: "facetExtraction",
};
const CHIP_LABELS = {
  from: "chipFrom",
  to: "chipTo",
  domain: "chipDomain",
  lang: "chipLang",
  kind: "chipKind",
  filetype: "chipFiletype",
  extraction: "chipExtraction",
};

let filtersExpanded = false;
let selected = -1;

function go(state) {
  navigate(searchUrl(state));
}

function withPageReset(state, change) {
  const next = cloneState(state);
  change(next);
  next.page = 1;
  return next;
}

function facetValueLabel(name, value) {
  if (name === "lang") return langName(value);
  if (name === "kind") return kindName(value);
  if (name === "filetype") return filetypeName(value);
  if (name === "extraction") return extractionName(value);
  return value;
}

// ---------- facets ----------

function facetSection(name, values, state) {
  const active = new Set(state.filters[name].map((v) => v.toLowerCase()));
  const headingId = `facet-${name}-title`;
  const list = h("ul", { class: "facet-list" });
  for (const { value, count } of values || []) {
    const isActive = active.has(String(value).toLowerCase());
    const label = facetValueLabel(name, value);
    const button = h(
      "button",
      {
        type: "button",
        class: isActive ? "facet-value active" : "facet-value",
        dataset: { value },
        "aria-pressed": String(isActive),
        title: name === "lang" ? `${label} (${value})` : String(value),
        "aria-label": `${t("labelValue", { label: t(FACET_LABELS[name]), value: label })} (${fmtNumber(count)})`,
      },
      h("span", { class: "facet-label" }, label),
      h("span", { class: "facet-count" }, fmtNumber(count)),
    );
    button.addEventListener("click", () => {
      go(
        withPageReset(state, (next) => {
          if (isActive) {
            next.filters[name] = next.filters[name].filter((v) => v.toLowerCase() !== String(value).toLowerCase());
          } else {
            next.filters[name].push(String(value));
          }
        }),
      );
    });
    list.append(h("li", null, button));
  }
  if (!values || !values.length) list.append(h("li", { class: "muted empty" }, t("noValues")));
  return h(
    "section",
    { class: "facet", dataset: { facet: name }, "aria-labelledby": headingId },
    h("h2", { id: headingId }, t(FACET_LABELS[name])),
    list,
  );
}

function attachmentsSection(state) {
  const make = (value, label) => {
    const isActive = state.has_attachments === value;
    const button = h(
      "button",
      {
        type: "button",
        class: isActive ? "filter-toggle active" : "filter-toggle",
        dataset: { param: "has_attachments", value },
        "aria-pressed": String(isActive),
      },
      h("span", { class: "facet-label" }, label),
    );
    button.addEventListener("click", () => {
      go(withPageReset(state, (next) => {
        next.has_attachments = isActive ? "" : value;
      }));
    });
    return h("li", null, button);
  };
  return h(
    "section",
    { class: "facet-extra", dataset: { filter: "has_attachments" }, "aria-labelledby": "facet-att-title" },
    h("h2", { id: "facet-att-title" }, t("facetAttachments")),
    h("ul", { class: "facet-list" }, make("true", t("withAttachments")), make("false", t("withoutAttachments"))),
  );
}

function periodSection(state) {
  const after = h("input", { type: "date", id: "after-input", name: "after", value: state.after || null });
  const before = h("input", { type: "date", id: "before-input", name: "before", value: state.before || null });
  const form = h(
    "form",
    { class: "period-form", action: "/", method: "get" },
    h("label", { for: "after-input" }, t("periodFrom")),
    after,
    h("label", { for: "before-input" }, t("periodTo")),
    before,
    h("button", { type: "submit", class: "button-small" }, t("apply")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    go(withPageReset(state, (next) => {
      next.after = after.value || "";
      next.before = before.value || "";
    }));
  });
  return h(
    "section",
    { class: "facet-extra", dataset: { filter: "date" }, "aria-labelledby": "facet-period-title" },
    h("h2", { id: "facet-period-title" }, t("facetPeriod")),
    form,
  );
}

function sidebar(data, state) {
  const facets = (data && data.facets) || {};
  return h(
    "aside",
    {
      id: "sidebar",
      class: filtersExpanded ? "sidebar expanded" : "sidebar",
      "aria-label": t("filters"),
    },
    h(
      "nav",
      { class: "facets", "aria-label": t("filters") },
      FILTERS.map((name) => facetSection(name, facets[name], state)),
      attachmentsSection(state),
      periodSection(state),
    ),
  );
}

// ---------- histogram ----------

function histogram(data, state) {
  const raw = ((data && data.facets && data.facets.month) || []).filter((m) => /^\d{4}-\d{2}$/.test(m.value));
  if (!raw.length) return null;
  const counts = new Map(raw.map((m) => [m.value, m.count]));
  const sorted = [...counts.keys()].sort();
  const months = monthsBetween(sorted[0], sorted[sorted.length - 1]);
  const max = Math.max(1, ...counts.values());

  const inRange = (ym) => {
    if (!state.after && !state.before) return false;
    const [first, last] = monthRange(ym);
    return (!state.after || last >= state.after) && (!state.before || first <= state.before);
  };

  const apply = (a, b) => {
    const [start, end] = a <= b ? [a, b] : [b, a];
    go(withPageReset(state, (next) => {
      next.after = monthRange(start)[0];
      next.before = monthRange(end)[1];
    }));
  };

  const bars = h("div", {
    id: "histogram",
    class: "histogram",
    role: "group",
    "aria-label": t("histogram"),
    "aria-describedby": "histogram-help",
  });
  if (months.length > 36) bars.classList.add("dense");
  const showMonths = months.length <= 18;
  const axis = h("div", { class: showMonths ? "histogram-axis with-months" : "histogram-axis", "aria-hidden": "true" });

  months.forEach((ym, i) => {
    const count = counts.get(ym) || 0;
    const label = t("histogramBar", { month: fmtMonth(ym), count: fmtNumber(count) });
    const fill = h("span", { class: "bar-fill" });
    fill.style.height = count ? `${Math.max(3, (count / max) * 100)}%` : "0";
    const bar = h(
      "button",
      {
        type: "button",
        class: `bar${count ? "" : " empty"}${inRange(ym) ? " in-range" : ""}`,
        dataset: { month: ym, count: String(count) },
        title: label,
        "aria-label": label,
      },
      fill,
    );
    // One tab stop for the whole histogram; arrow keys move between months.
    bar.tabIndex = -1;
    bars.append(bar);
    const [y, m] = ym.split("-");
    const year = i === 0 || m === "01" ? y : "";
    axis.append(
      h(
        "span",
        { class: "tick" },
        showMonths ? h("span", { class: "tick-month" }, fmtMonthName(ym, "short")) : null,
        h("span", { class: "tick-year" }, year || "\u00a0"),
      ),
    );
  });

  const barList = [...bars.querySelectorAll(".bar")];
  const entry = barList.find((bar) => bar.classList.contains("in-range")) || barList[barList.length - 1];
  if (entry) entry.tabIndex = 0;
  bars.addEventListener("keydown", (event) => {
    const index = barList.indexOf(document.activeElement);
    if (index < 0) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, Home: -index, End: barList.length - 1 - index }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = barList[Math.min(barList.length - 1, Math.max(0, index + step))];
    barList[index].tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });

  // Click one bar: that month. Drag from one bar to another: the span between.
  let dragStart = null;
  const barAt = (event) => {
    const direct = event.target instanceof Element ? event.target.closest(".bar") : null;
    if (direct && bars.contains(direct)) return direct;
    const el = document.elementFromPoint(event.clientX, event.clientY);
    const bar = el ? el.closest(".bar") : null;
    return bar && bars.contains(bar) ? bar : null;
  };
  const paintDrag = (a, b) => {
    const [start, end] = a <= b ? [a, b] : [b, a];
    for (const bar of bars.querySelectorAll(".bar")) {
      bar.classList.toggle("dragging", bar.dataset.month >= start && bar.dataset.month <= end);
    }
  };
  const onUp = (event) => {
    document.removeEventListener("mouseup", onUp, true);
    if (dragStart === null) return;
    const start = dragStart;
    dragStart = null;
    bars.classList.remove("is-dragging");
    const bar = barAt(event);
    if (!bar) {
      paintDrag("9999", "9999");
      return;
    }
    apply(start, bar.dataset.month);
  };
  bars.addEventListener("mousedown", (event) => {
    if (event.button !== 0) return;
    const bar = barAt(event);
    if (!bar) return;
    event.preventDefault();
    dragStart = bar.dataset.month;
    bars.classList.add("is-dragging");
    paintDrag(dragStart, dragStart);
    document.addEventListener("mouseup", onUp, true);
  });
  bars.addEventListener("mouseover", (event) => {
    if (dragStart === null) return;
    const bar = barAt(event);
    if (bar) paintDrag(dragStart, bar.dataset.month);
  });
  // Keyboard activation (and synthetic clicks): mouse clicks were handled on mouseup.
  bars.addEventListener("click", (event) => {
    const bar = event.target instanceof Element ? event.target.closest(".bar") : null;
    if (!bar || event.detail !== 0) return;
    apply(bar.dataset.month, bar.dataset.month);
  });
  // Touch: a tap picks its month; a swipe (scrolling the histogram) does not.
  let touchStart = null;
  bars.addEventListener(
    "touchstart",
    (event) => {
      const touch = event.touches && event.touches[0];
      touchStart = touch ? { x: touch.clientX, y: touch.clientY } : null;
    },
    { passive: true },
  );
  bars.addEventListener("touchend", (event) => {
    const touch = event.changedTouches && event.changedTouches[0];
    const start = touchStart;
    touchStart = null;
    if (!touch || !start) return;
    if (Math.abs(touch.clientX - start.x) > 10 || Math.abs(touch.clientY - start.y) > 10) return;
    const el = document.elementFromPoint(touch.clientX, touch.clientY);
    const bar = el ? el.closest(".bar") : null;
    if (bar && bars.contains(bar)) {
      event.preventDefault();
      apply(bar.dataset.month, bar.dataset.month);
    }
  });

  return h(
    "section",
    { class: "histogram-box", "aria-labelledby": "histogram-title" },
    h(
      "div",
      { class: "histogram-head" },
      h("h2", { id: "histogram-title" }, t("histogram")),
      h("p", { id: "histogram-help", class: "muted small" }, t("histogramHelp")),
    ),
    h("div", { class: "histogram-scroll" }, bars, axis),
  );
}

// ---------- chips ----------

function chip(param, value, label, onRemove) {
  const removeLabel = t("removeFilter", { label });
  return h(
    "span",
    { class: "chip", dataset: { param, value } },
    h("span", { class: "chip-label" }, label),
    h(
      "button",
      { type: "button", class: "chip-remove", "aria-label": removeLabel, title: removeLabel, onclick: onRemove },
      "×",
    ),
  );
}

function dateLabel(after, before) {
  if (after && before) {
    const a = /^(\d{4}-\d{2})-01$/.exec(after);
    if (a && before.startsWith(a[1]) && monthRange(a[1])[1] === before) return fmtMonth(a[1]);
    return `${fmtDay(after)} – ${fmtDay(before)}`;
  }
  if (after) return t("since", { d: fmtDay(after) });
  return t("until", { d: fmtDay(before) });
}

function chips(state) {
  if (!hasFilters(state)) return null;
  const box = h("div", { class: "chips", role: "group", "aria-label": t("activeFilters") });
  for (const name of FILTERS) {
    for (const value of state.filters[name]) {
      const label = t("labelValue", { label: t(CHIP_LABELS[name]), value: facetValueLabel(name, value) });
      box.append(
        chip(name, value, label, () =>
          go(withPageReset(state, (next) => {
            next.filters[name] = next.filters[name].filter((v) => v !== value);
          }))),
      );
    }
  }
  if (state.after || state.before) {
    box.append(
      chip("date", `${state.after}..${state.before}`, t("labelValue", { label: t("chipDate"), value: dateLabel(state.after, state.before) }), () =>
        go(withPageReset(state, (next) => {
          next.after = "";
          next.before = "";
        }))),
    );
  }
  if (state.has_attachments) {
    box.append(
      chip(
        "has_attachments",
        state.has_attachments,
        t("labelValue", { label: t("chipAttachments"), value: state.has_attachments === "true" ? t("chipWith") : t("chipWithout") }),
        () => go(withPageReset(state, (next) => {
          next.has_attachments = "";
        })),
      ),
    );
  }
  const clearAll = h("button", { type: "button", class: "chips-clear link-button" }, t("clearFilters"));
  clearAll.addEventListener("click", () => {
    go(withPageReset(state, (next) => {
      for (const f of FILTERS) next.filters[f] = [];
      next.after = "";
      next.before = "";
      next.has_attachments = "";
    }));
  });
  box.append(clearAll);
  return box;
}

// ---------- results ----------

function senderNodes(from, { quietWhenUnknown = false } = {}) {
  const sender = [];
  if (from.name) sender.push(h("span", { class: "hit-from-name" }, revealBidi(from.name)));
  if (from.address) {
    const address = revealBidi(from.address);
    sender.push(h("span", { class: "hit-from-address" }, from.name ? `<${address}>` : address));
  }
  if (!sender.length && !quietWhenUnknown) sender.push(h("span", { class: "muted" }, t("unknownSender")));
  return sender;
}

/** Sender, date, language and paper clip: one line under the title. */
function hitMeta(hit, { file = false } = {}) {
  // A loose document has no sender nor date: say nothing rather than "unknown".
  const sender = senderNodes(hit.from || {}, { quietWhenUnknown: file });
  const showDate = !file || !!hit.date;
  const n = (hit.attachments || []).length;
  return h(
    "div",
    { class: "hit-meta" },
    // A file found on its own, outside any email: say so, the line is otherwise bare.
    file && hit.kind === "document" && !hit.parent_id ? h("span", { class: "hit-kind" }, kindName(hit.kind)) : null,
    sender.length ? h("span", { class: "hit-from" }, sender) : null,
    sender.length && showDate ? h("span", { class: "sep", "aria-hidden": "true" }, "·") : null,
    showDate ? h("time", { class: "hit-date", datetime: hit.date || null }, fmtDateTime(hit.date)) : null,
    h("span", { class: "badge lang", title: langName(hit.lang) }, hit.lang || "und"),
    n
      ? h("span", { class: "clip", title: t("hasAttachments", { n }), role: "img", "aria-label": t("hasAttachments", { n }) })
      : null,
  );
}

/**
 * Where an attachment or document sits: "in: <parent subject>" (the email
 * carrying the attachment) or "in: dossier.zip" (the loose archive holding a
 * document), and its path through containers when it says more than its name.
 */
function hitContext(hit, file) {
  const parts = [];
  if (hit.parent_id) {
    const isEmail = hit.kind === "attachment";
    const label = isEmail ? subjectText(file.parent_subject) : revealBidi(containerName(file.path) || hit.parent_id);
    parts.push(
      h(
        "span",
        { class: "hit-parent" },
        t("hitIn"),
        " ",
        h(
          "a",
          {
            class: "hit-parent-link",
            href: isEmail ? messagePath(hit.parent_id) : documentPath(hit.parent_id),
            dataset: { parentId: hit.parent_id },
          },
          label,
        ),
      ),
    );
  }
  if (file.path && file.path !== file.name) parts.push(h("code", { class: "hit-path" }, revealBidi(file.path)));
  return parts.length ? h("div", { class: "hit-context" }, parts) : null;
}

function fileHitArticle(hit) {
  const file = hit.file || {};
  const name = fileName(file.name || hit.subject, t("unnamedFile"));
  const link = h("a", { class: "hit-link", href: documentPath(hit.id) }, name);
  return h(
    "article",
    { class: `hit hit-file kind-${hit.kind}`, dataset: { id: hit.id, kind: hit.kind }, "aria-labelledby": `hit-${hit.id}` },
    h(
      "h3",
      { class: "hit-title", id: `hit-${hit.id}` },
      fileBadge(file.filetype),
      " ",
      link,
      " ",
      extractionBadge(file.extraction, file.reason),
    ),
    hitContext(hit, file),
    hitMeta(hit, { file: true }),
    hit.snippet ? h("p", { class: "hit-snippet" }, safeSnippet(hit.snippet)) : null,
  );
}

function emailHitArticle(hit) {
  const link = h("a", { class: "hit-link", href: messagePath(hit.id) }, subjectText(hit.subject));
  return h(
    "article",
    { class: "hit", dataset: { id: hit.id, kind: hit.kind || "email" }, "aria-labelledby": `hit-${hit.id}` },
    h(
      "h3",
      { class: hit.subject && hit.subject.trim() ? "hit-title" : "hit-title no-subject", id: `hit-${hit.id}` },
      link,
    ),
    // A forwarded message is indexed on its own: say where it was found.
    hit.parent_id
      ? h(
        "div",
        { class: "hit-context" },
        h(
          "span",
          { class: "hit-parent" },
          t("forwardedInside"),
          " ",
          h("a", { class: "hit-parent-link", href: messagePath(hit.parent_id), dataset: { parentId: hit.parent_id } }, t("openCarrying")),
        ),
      )
      : null,
    hitMeta(hit),
    h("p", { class: "hit-snippet" }, safeSnippet(hit.snippet)),
  );
}

function hitArticle(hit) {
  // Attachments and documents open in the document view, emails in the reader.
  const isFile = hit.kind === "attachment" || hit.kind === "document";
  const article = isFile ? fileHitArticle(hit) : emailHitArticle(hit);
  // The whole card opens the hit, unless text is being selected.
  article.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.target instanceof Element && event.target.closest("a, button")) return;
    const sel = window.getSelection();
    if (sel && String(sel).length > 0) return;
    openHit(article, { newTab: event.metaKey || event.ctrlKey });
  });
  return article;
}

function openHit(article, { newTab = false } = {}) {
  const link = article.querySelector("a.hit-link");
  if (!link) return;
  if (newTab) {
    window.open(link.href, "_blank", "noopener");
    return;
  }
  saveViewState({ selected: article.dataset.id });
  navigate(link.getAttribute("href"));
}

function pager(data, state) {
  const total = data ? data.total : 0;
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const last = Math.min(pages, MAX_PAGE);
  if (pages <= 1 && state.page <= 1) return null;
  const prev = h(
    "button",
    { type: "button", id: "prev-page", class: "pager-button", "aria-label": t("previousPage"), disabled: state.page <= 1 },
    t("previous"),
  );
  const next = h(
    "button",
    { type: "button", id: "next-page", class: "pager-button", "aria-label": t("nextPage"), disabled: state.page >= last },
    t("next"),
  );
  prev.addEventListener("click", () => {
    const s = cloneState(state);
    s.page = Math.max(1, state.page - 1);
    go(s);
  });
  next.addEventListener("click", () => {
    const s = cloneState(state);
    s.page = Math.min(last, state.page + 1);
    go(s);
  });
  return h(
    "nav",
    { class: "pager", "aria-label": t("results") },
    prev,
    h("span", { class: "pager-status" }, t("pageOf", { page: fmtNumber(state.page), pages: fmtNumber(pages) })),
    next,
    pages > MAX_PAGE && state.page >= MAX_PAGE ? h("p", { class: "muted small" }, t("pagingLimit")) : null,
  );
}

function toolbar(data, state) {
  const sort = h(
    "select",
    { id: "sort", name: "sort", "aria-label": t("sortLabel") },
    h("option", { value: "relevance" }, t("sortRelevance")),
    h("option", { value: "newest" }, t("sortNewest")),
    h("option", { value: "oldest" }, t("sortOldest")),
  );
  sort.value = state.sort;
  sort.addEventListener("change", () => {
    const s = cloneState(state);
    s.sort = sort.value;
    s.page = 1;
    go(s);
  });
  const total = h(
    "p",
    {
      id: "total",
      class: "total",
      role: "status",
      "aria-live": "polite",
      dataset: data ? { total: String(data.total) } : null,
    },
    data ? t("total", { count: fmtNumber(data.total), ms: fmtNumber(data.took_ms) }) : "",
  );
  return h(
    "div",
    { class: "toolbar" },
    total,
    h(
      "div",
      { class: "toolbar-right" },
      h("label", { class: "sort-label", for: "sort" }, t("sortLabel")),
      sort,
      h(
        "span",
        { class: "exports", role: "group", "aria-label": t("exportLabel") },
        h("a", { id: "export-csv", class: "export", href: exportUrl(state, "csv"), download: "" }, t("exportCsv")),
        h("a", { id: "export-mbox", class: "export", href: exportUrl(state, "mbox"), download: "" }, t("exportMbox")),
      ),
    ),
  );
}

function filtersToggle(state) {
  const active =
    FILTERS.reduce((n, f) => n + state.filters[f].length, 0) +
    (state.after || state.before ? 1 : 0) +
    (state.has_attachments ? 1 : 0);
  const button = h(
    "button",
    {
      type: "button",
      class: "filters-toggle",
      "aria-expanded": String(filtersExpanded),
      "aria-controls": "sidebar",
    },
    t("filters"),
    active ? h("span", { class: "count" }, String(active)) : null,
  );
  button.addEventListener("click", () => {
    filtersExpanded = !filtersExpanded;
    button.setAttribute("aria-expanded", String(filtersExpanded));
    const aside = document.getElementById("sidebar");
    if (aside) aside.classList.toggle("expanded", filtersExpanded);
  });
  return button;
}

function layout(data, state, monthsData) {
  const hits = (data && data.hits) || [];
  const results = h("div", { id: "results", class: "results" });
  for (const hit of hits) results.append(hitArticle(hit));
  if (data && !hits.length) results.append(h("p", { class: "no-results" }, t("noResults")));

  const warnings =
    data && data.warnings && data.warnings.length
      ? h(
        "div",
        { class: "warnings", role: "note" },
        h("p", null, t("warnings")),
        h("ul", null, data.warnings.map((w) => h("li", null, w))),
      )
      : null;

  return h(
    "div",
    { class: "search-layout" },
    filtersToggle(state),
    sidebar(data, state),
    h(
      "section",
      { class: "results-column", "aria-labelledby": "results-title" },
      h("h2", { id: "results-title", class: "visually-hidden" }, t("results")),
      histogram(monthsData, state),
      chips(state),
      toolbar(data, state),
      warnings,
      results,
      pager(data, state),
    ),
  );
}

// ---------- selection (j/k) ----------

function hitsInPage() {
  return [...document.querySelectorAll("#results article.hit")];
}

function paintSelection({ scroll = true } = {}) {
  const hits = hitsInPage();
  hits.forEach((el, i) => {
    const on = i === selected;
    el.classList.toggle("selected", on);
    if (on) el.setAttribute("aria-current", "true");
    else el.removeAttribute("aria-current");
  });
  const el = hits[selected];
  if (el && scroll) {
    el.scrollIntoView({ block: "nearest" });
    const link = el.querySelector("a.hit-link");
    if (link) link.focus({ preventScroll: true });
  }
}

export function moveSelection(delta) {
  const hits = hitsInPage();
  if (!hits.length) return false;
  if (selected < 0) selected = delta > 0 ? 0 : hits.length - 1;
  else selected = Math.min(hits.length - 1, Math.max(0, selected + delta));
  paintSelection();
  return true;
}

export function openSelection() {
  const el = hitsInPage()[selected];
  if (!el) return false;
  openHit(el);
  return true;
}

export function hasSelection() {
  return selected >= 0 && !!hitsInPage()[selected];
}

export function clearSelection() {
  selected = -1;
  paintSelection({ scroll: false });
}

// ---------- view ----------

/** A selector finding again, after a re-render, the control that had focus. */
function focusSelector(element, main) {
  if (!element || !main.contains(element)) return null;
  const escape = (value) => CSS.escape(value);
  if (element.id) return `#${escape(element.id)}`;
  const data = element.dataset || {};
  if (element.classList.contains("facet-value")) {
    const facet = element.closest("section.facet")?.dataset.facet || "";
    return `section.facet[data-facet="${escape(facet)}"] button.facet-value[data-value="${escape(data.value || "")}"]`;
  }
  if (element.classList.contains("bar")) return `#histogram .bar[data-month="${escape(data.month || "")}"]`;
  return null;
}

export async function renderSearch(main, ctx) {
  const state = parseState(location.search);
  const input = document.getElementById("q");
  if (input) input.value = state.q;
  document.title = state.q.trim() ? `${revealBidi(state.q.trim())} — Fouille` : "Fouille";
  rememberSearch(searchUrl(state));

  let data = null;
  let error = null;
  // With a date filter the months facet only covers the chosen period; the
  // histogram keeps showing every month of the search without it (the
  // chosen period highlighted), so that another period can be picked.
  let monthsSource = null;
  const wide = state.after || state.before ? cloneState(state) : null;
  if (wide) {
    wide.after = "";
    wide.before = "";
    wide.page = 1;
  }
  try {
    const primary = getJson(apiSearchUrl(state), { signal: ctx.signal, useCache: ctx.useCache });
    const context = wide
      ? getJson(apiSearchUrl(wide, { perPage: 1 }), { signal: ctx.signal, useCache: ctx.useCache }).catch((err) => {
        if (err && err.name === "AbortError") throw err;
        return null;
      })
      : Promise.resolve(null);
    [data, monthsSource] = await withProgress(Promise.all([primary, context]));
  } catch (err) {
    if (err && err.name === "AbortError") return;
    error = err;
  }
  if (!ctx.isCurrent()) return;

  // A page past the last one (an old link, a shrunken archive): go to the
  // last page instead of an empty list.
  const lastPage = data ? Math.max(1, Math.ceil(data.total / PER_PAGE)) : 1;
  if (data && state.page > lastPage) {
    const fixed = cloneState(state);
    fixed.page = lastPage;
    history.replaceState(history.state, "", searchUrl(fixed));
    return renderSearch(main, ctx);
  }

  // The view is rebuilt: keep keyboard focus on the control that was used.
  const focusKey = focusSelector(document.activeElement, main);
  clear(main);
  main.append(layout(data, state, monthsSource || data));
  if (error) showError(error);
  if (focusKey) main.querySelector(focusKey)?.focus();

  selected = -1;
  const restore = ctx.restore || {};
  if (restore.selected) {
    const idx = hitsInPage().findIndex((el) => el.dataset.id === restore.selected);
    if (idx >= 0) {
      selected = idx;
      paintSelection({ scroll: false });
    }
  }
}

/** The state of the search on screen (for the header's search form). */
export function currentSearchState() {
  return parseState(location.search);
}
