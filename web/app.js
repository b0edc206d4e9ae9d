// Fouille's browser UI: router (History API, a table of routes), header,
// language switch and keyboard shortcuts. Views live in search.js (with
// facets.js, histogram.js and results.js), correspondents.js (with
// graph.js), reader.js, thread.js, document.js and batch.js; the header's
// saved-searches menu in saved.js.

import { t, setLang, getLang, initialLang, storeLang } from "./i18n.js";
import { h, clear, isTyping } from "./dom.js";
import { setRouter, navigate, goBack, clearError, saveViewState } from "./nav.js";
import { renderSearch, currentSearchState } from "./search.js";
import { moveSelection, openSelection, hasSelection, clearSelection } from "./results.js";
import { renderReader } from "./reader.js";
import { renderThread } from "./thread.js";
import { renderDocument } from "./document.js";
import { renderBatch } from "./batch.js";
import { renderCorrespondents, correspondentsPath, currentLimit } from "./correspondents.js";
import { initSavedMenu, refreshSavedMenu, closeSavedMenu } from "./saved.js";
import { cloneState, emptyState, searchUrl } from "./state.js";

const main = document.getElementById("main");
let routeToken = 0;
let controller = null;
let currentView = "search";

// ---------- static text ----------

function applyStaticText() {
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll("[data-i18n-aria]")) el.setAttribute("aria-label", t(el.dataset.i18nAria));
  for (const el of document.querySelectorAll("[data-i18n-title]")) el.setAttribute("title", t(el.dataset.i18nTitle));
  for (const el of document.querySelectorAll("[data-i18n-placeholder]")) {
    el.setAttribute("placeholder", t(el.dataset.i18nPlaceholder));
  }
  const table = document.getElementById("syntax-table");
  if (table) {
    clear(table);
    const body = h("tbody");
    for (const [example, meaning] of t("syntaxRows")) {
      const code = h("button", { type: "button", class: "syntax-example", title: example }, h("code", null, example));
      code.addEventListener("click", () => insertExample(example));
      body.append(h("tr", null, h("td", null, code), h("td", null, meaning)));
    }
    table.append(body);
  }
  const lang = getLang();
  for (const code of ["fr", "en"]) {
    const button = document.getElementById(`lang-${code}`);
    if (button) {
      button.setAttribute("aria-pressed", String(code === lang));
      button.classList.toggle("active", code === lang);
    }
  }
}

function insertExample(example) {
  const input = document.getElementById("q");
  if (!input) return;
  const value = input.value.trim();
  input.value = value ? `${value} ${example}` : example;
  input.focus();
}

// ---------- routing ----------

// The views: a path and what draws it, the path's captures coming as
// arguments after the route's context. Ids are hexadecimal: anything else is
// not a view's page (and is never decoded, so a malformed escape cannot
// break the page). A path matching none is a page that does not exist.
const ROUTES = [
  { view: "search", path: /^\/(?:index\.html)?$/, render: (ctx) => renderSearch(main, ctx) },
  { view: "correspondents", path: /^\/correspondents\/?$/, render: (ctx) => renderCorrespondents(main, ctx) },
  { view: "reader", path: /^\/messages\/([0-9a-f]{32})\/?$/, render: (ctx, id) => renderReader(main, id, ctx) },
  { view: "thread", path: /^\/threads\/([0-9a-f]{16})\/?$/, render: (ctx, id) => renderThread(main, id, ctx.params.get("open"), ctx) },
  { view: "document", path: /^\/documents\/([0-9a-f]{32})\/?$/, render: (ctx, id) => renderDocument(main, id, ctx) },
  { view: "batch", path: /^\/batch\/?$/, render: (ctx) => renderBatch(main, ctx) },
];

function renderNotFound() {
  clear(main);
  document.title = "Fouille";
  main.append(
    h(
      "section",
      { class: "not-found" },
      h("h1", null, t("notFoundPage")),
      h("p", null, h("a", { href: "/" }, t("goHome"))),
    ),
  );
}

function route({ pushed = false, useCache = false } = {}) {
  routeToken += 1;
  const token = routeToken;
  if (controller) controller.abort();
  controller = new AbortController();
  clearError();
  if (!useCache) closeSavedMenu();
  const restore = history.state && typeof history.state === "object" ? history.state : {};
  const ctx = {
    signal: controller.signal,
    isCurrent: () => token === routeToken,
    useCache,
    pushed,
    restore,
    restoring: !pushed && typeof restore.scrollY === "number",
    params: new URLSearchParams(location.search),
  };
  let done;
  const found = ROUTES.find((r) => r.path.test(location.pathname));
  if (found) {
    currentView = found.view;
    done = found.render(ctx, ...found.path.exec(location.pathname).slice(1));
  } else {
    currentView = "notfound";
    done = renderNotFound();
  }
  document.body.dataset.view = currentView;
  Promise.resolve(done)
    .catch((err) => {
      // A view never throws on purpose; keep the page alive whatever happens.
      console.error(err);
    })
    .then(() => {
      if (token !== routeToken || useCache) return;
      if (!pushed && typeof restore.scrollY === "number") {
        window.scrollTo(0, restore.scrollY);
      } else if (pushed && currentView !== "thread") {
        window.scrollTo(0, 0);
      }
      // After moving to another page, start keyboard and screen reader users at its content.
      if (pushed && currentView !== "search" && !isTyping(document.activeElement)) {
        main.focus({ preventScroll: true });
      }
    });
}

setRouter(route);

// ---------- language ----------

function switchLang(lang) {
  storeLang(lang);
  setLang(lang);
  // An explicit choice replaces a ?ui= override in the address.
  const url = new URL(location.href);
  if (url.searchParams.has("ui")) {
    url.searchParams.delete("ui");
    history.replaceState(history.state, "", url.pathname + url.search + url.hash);
  }
  applyStaticText();
  refreshSavedMenu();
  saveViewState({ scrollY: window.scrollY });
  route({ useCache: true });
}

// ---------- events ----------

function isPlainLeftClick(event) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}

// In-app links navigate with the History API; /api links (downloads) and
// links to elsewhere are left to the browser.
document.addEventListener("click", (event) => {
  if (event.defaultPrevented || !isPlainLeftClick(event)) return;
  const a = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!a) return;
  if (a.hasAttribute("download") || (a.target && a.target !== "_self")) return;
  const raw = a.getAttribute("href") || "";
  if (raw.startsWith("#")) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin) return;
  if (url.pathname === "/api" || url.pathname.startsWith("/api/")) return;
  event.preventDefault();
  if (a.classList.contains("hit-link")) {
    const article = a.closest("article.hit");
    if (article) saveViewState({ selected: article.dataset.id });
  }
  navigate(url.pathname + url.search + url.hash);
});

window.addEventListener("popstate", () => route({ pushed: false }));

const form = document.getElementById("search-form");
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const input = document.getElementById("q");
  // On a view of a search (its results, its correspondents) a new query
  // keeps the filters and the sort, and the view; elsewhere it starts afresh.
  const keep = currentView === "search" || currentView === "correspondents";
  const state = keep ? cloneState(currentSearchState()) : emptyState();
  state.q = input.value;
  state.page = 1;
  const help = document.getElementById("syntax-help");
  if (help) help.open = false;
  navigate(currentView === "correspondents" ? correspondentsPath(state, currentLimit()) : searchUrl(state));
});

document.getElementById("lang-fr").addEventListener("click", () => switchLang("fr"));
document.getElementById("lang-en").addEventListener("click", () => switchLang("en"));

document.addEventListener("keydown", (event) => {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = isTyping(event.target);
  const key = event.key;

  if (key === "Escape") {
    if (typing) {
      if (event.target instanceof HTMLElement) event.target.blur();
      return;
    }
    const help = document.getElementById("syntax-help");
    if (help && help.open) {
      help.open = false;
      return;
    }
    if (closeSavedMenu()) {
      document.querySelector("#saved-menu summary")?.focus();
      return;
    }
    if (currentView !== "search") {
      event.preventDefault();
      goBack();
    } else if (hasSelection()) {
      clearSelection();
    }
    return;
  }
  if (typing) return;

  if (key === "/") {
    const input = document.getElementById("q");
    if (input) {
      event.preventDefault();
      input.focus();
      input.select();
    }
    return;
  }
  if (currentView !== "search") return;
  if (key === "j" || key === "k") {
    if (moveSelection(key === "j" ? 1 : -1)) event.preventDefault();
    return;
  }
  if (key === "Enter" && hasSelection()) {
    const active = document.activeElement;
    // A focused hit link opens itself (native Enter → click); other controls keep Enter.
    if (active && active !== document.body && active.closest("a, button, summary, select, input, textarea")) return;
    event.preventDefault();
    openSelection();
  }
});

// ---------- start ----------

if ("scrollRestoration" in history) history.scrollRestoration = "manual";
const startParams = new URLSearchParams(location.search);
{
  // ?ui=fr|en is an explicit choice, like the switch: it is remembered.
  const ui = (startParams.get("ui") || "").trim().toLowerCase();
  if (ui === "fr" || ui === "en") storeLang(ui);
  setLang(initialLang(ui));
}
applyStaticText();
initSavedMenu();
if (!history.state || typeof history.state.n !== "number") {
  history.replaceState({ ...(history.state || {}), n: 0 }, "", location.href);
}
route({ pushed: false });
