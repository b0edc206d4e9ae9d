// The search page: fetches the search and lays the page out (the histogram,
// filter chips, total, sort and exports, the results and the pager); the
// parts live in facets.js, histogram.js and results.js.

import { t, tCount, fmtNumber } from "./i18n.js";
import { h, clear, revealBidi } from "./dom.js";
import { getJson } from "./api.js";
import { goToSearch, showError, withProgress, rememberSearch, viewTabs } from "./nav.js";
import {
  PER_PAGE,
  MAX_PAGE,
  parseState,
  cloneState,
  searchUrl,
  apiSearchUrl,
  exportUrl,
} from "./state.js";
import { sidebar, chips, filtersToggle, quotesToggle } from "./facets.js";
import { histogram } from "./histogram.js";
import { resultList, restoreSelection } from "./results.js";
import { loadMe } from "./workspace.js";
import { tagAllControl } from "./tagall.js";

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
    goToSearch(s);
  });
  next.addEventListener("click", () => {
    const s = cloneState(state);
    s.page = Math.min(last, state.page + 1);
    goToSearch(s);
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
    goToSearch(s);
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
    data ? tCount("total", data.total, { ms: fmtNumber(data.took_ms) }) : "",
  );
  return h(
    "div",
    { class: "toolbar" },
    h("div", { class: "toolbar-left" }, total, tagAllControl(data, state)),
    h(
      "div",
      { class: "toolbar-right" },
      quotesToggle(state),
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

function layout(data, state, monthsData) {
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
      viewTabs(state, "search"),
      histogram(monthsData, state),
      chips(state),
      toolbar(data, state),
      warnings,
      resultList(data),
      pager(data, state),
    ),
  );
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
    [data, monthsSource] = await withProgress(Promise.all([primary, context, loadMe()]));
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

  restoreSelection((ctx.restore || {}).selected);
}

/** The state of the search on screen (for the header's search form). */
export function currentSearchState() {
  return parseState(location.search);
}
