// Navigation (History API), the error banner and the loading bar, shared by
// every view.

import { t } from "./i18n.js";
import { clear, h } from "./dom.js";
import { searchUrl, correspondentsUrl } from "./state.js";

let router = () => {};
const LAST_SEARCH_KEY = "fouille-last-search";

export function setRouter(fn) {
  router = fn;
}

/** How many in-app steps back the current history entry is from the first page. */
function depth() {
  const s = history.state;
  return s && typeof s.n === "number" ? s.n : 0;
}

/** Merges `extra` into the current history entry's state (scroll, selection). */
export function saveViewState(extra) {
  const s = history.state && typeof history.state === "object" ? history.state : { n: 0 };
  history.replaceState({ ...s, ...extra }, "", location.href);
}

/** Goes to an in-app URL: pushes (or replaces) a history entry and renders it. */
export function navigate(url, { replace = false } = {}) {
  saveViewState({ scrollY: window.scrollY });
  const target = new URL(url, location.origin);
  const href = target.pathname + target.search + target.hash;
  if (replace) {
    history.replaceState({ n: depth() }, "", href);
  } else {
    history.pushState({ n: depth() + 1 }, "", href);
  }
  router({ pushed: true });
}

/** Draws the current page again from the server (after a write changed it), keeping the scroll. */
export function reload() {
  saveViewState({ scrollY: window.scrollY });
  router({ pushed: false });
}

/** Goes to the search page showing `state`. */
export function goToSearch(state) {
  navigate(searchUrl(state));
}

export function canGoBack() {
  return depth() > 0;
}

/** Back to the previous page of the app, else to the last search (or /). */
export function goBack() {
  if (canGoBack()) {
    history.back();
  } else {
    navigate(lastSearchUrl());
  }
}

export function rememberSearch(url) {
  try {
    sessionStorage.setItem(LAST_SEARCH_KEY, url);
  } catch {
    /* ignore */
  }
}

export function lastSearchUrl() {
  try {
    const url = sessionStorage.getItem(LAST_SEARCH_KEY);
    if (url && url.startsWith("/") && !url.startsWith("//")) return url;
  } catch {
    /* ignore */
  }
  return "/";
}

/** A "← Back" link: history.back() when there is in-app history, else the last search. */
export function backLink() {
  const a = h("a", { class: "back-link", href: lastSearchUrl(), "aria-label": t("backLabel") }, t("back"));
  a.addEventListener("click", (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    event.stopPropagation();
    goBack();
  });
  return a;
}

/**
 * The tabs between the views of one search (its results, its
 * correspondents): links keeping the search's state, `current` marked.
 */
export function viewTabs(state, current) {
  const tab = (view, id, href, label) =>
    h("a", { id, class: view === current ? "view-tab active" : "view-tab", href, "aria-current": view === current ? "page" : null }, label);
  return h(
    "nav",
    { class: "view-tabs", "aria-label": t("viewTabs") },
    tab("search", "tab-results", searchUrl({ ...state, page: 1 }), t("viewResults")),
    tab("correspondents", "tab-correspondents", correspondentsUrl(state), t("viewCorrespondents")),
  );
}

// ---------- error banner ----------

export function showError(err) {
  const banner = document.getElementById("error");
  if (!banner) return;
  clear(banner);
  let title = t("errorTitle");
  let detail = "";
  if (err && err.code) {
    if (err.code === "http") {
      title = t("error_http", { status: err.status });
    } else {
      const key = `error_${err.code}`;
      const localized = t(key);
      if (localized !== key) title = localized;
    }
    detail = err.code === "network" ? "" : err.message && err.message !== err.code ? err.message : "";
  } else if (err) {
    detail = String(err.message || err);
  }
  banner.append(
    h("span", { class: "error-icon", "aria-hidden": "true" }, "⚠"),
    h(
      "p",
      { class: "error-text" },
      h("strong", null, title),
      detail ? h("span", { class: "error-detail" }, " — ", detail) : null,
    ),
    h(
      "button",
      {
        type: "button",
        class: "error-dismiss",
        "aria-label": t("dismiss"),
        title: t("dismiss"),
        onclick: () => clearError(),
      },
      "×",
    ),
  );
  banner.hidden = false;
}

export function clearError() {
  const banner = document.getElementById("error");
  if (!banner) return;
  banner.hidden = true;
  clear(banner);
}

// ---------- loading bar ----------

let pending = 0;
let timer = null;

/** Runs `promise` with a thin loading bar shown if it takes more than 150 ms. */
export async function withProgress(promise) {
  const bar = document.getElementById("progress");
  pending += 1;
  if (pending === 1 && bar) {
    timer = setTimeout(() => {
      bar.hidden = false;
      document.body.setAttribute("aria-busy", "true");
    }, 150);
  }
  try {
    return await promise;
  } finally {
    pending -= 1;
    if (pending === 0) {
      clearTimeout(timer);
      if (bar) bar.hidden = true;
      document.body.removeAttribute("aria-busy");
    }
  }
}
