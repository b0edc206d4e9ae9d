// The header's saved-searches menu: saves the search on screen under a
// name (POST /api/searches with the page's query string), lists the user's
// saved searches with how many matches are new since they last opened
// each, opens one (its search, marked opened), deletes one, and links each
// to its Atom feed. Saved searches are private to each user.

import { t, tCount } from "./i18n.js";
import { h, clear, revealBidi } from "./dom.js";
import { getJson, sendJson } from "./api.js";
import { showError } from "./nav.js";
import { parseState, savedQuery } from "./state.js";
import { loadMe, canWrite, unavailableNote } from "./workspace.js";

/** The longest name offered; the server decides what it keeps. */
const NAME_MAX = 200;

let drawing = 0;
/** The last "opened" mark in flight: the list waits for it, so that its badge is already gone. */
let opening = Promise.resolve();

function menu() {
  return document.getElementById("saved-menu");
}

function searchApi(id, ...rest) {
  return [`/api/searches/${encodeURIComponent(id)}`, ...rest].join("/");
}

function onSearchPage() {
  return location.pathname === "/" || location.pathname === "/index.html";
}

function saveForm(onSaved) {
  const state = parseState(location.search);
  const name = h("input", { id: "saved-name", type: "text", maxlength: NAME_MAX, required: true, autocomplete: "off" });
  name.value = state.q.trim().slice(0, NAME_MAX);
  const submit = h("button", { type: "submit", id: "save-search", class: "button-small" }, t("saveSearch"));
  const form = h(
    "form",
    { id: "save-search-form", class: "save-search" },
    h("label", { for: "saved-name" }, t("savedName")),
    h("div", { class: "save-search-row" }, name, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!name.value.trim()) return;
    submit.disabled = true;
    try {
      await sendJson("POST", "/api/searches", { name: name.value.trim(), query: savedQuery(state) });
      await onSaved();
    } catch (err) {
      showError(err);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

function savedItem(saved, onDelete) {
  const id = String(saved.id);
  const query = String(saved.query || "").replace(/^\?/, "");
  const name = revealBidi(String(saved.name || ""));
  const link = h("a", { class: "saved-open", href: query ? `/?${query}` : "/" }, name);
  // The app's link handler navigates; this one marks the search opened.
  link.addEventListener("click", () => {
    opening = sendJson("POST", searchApi(id, "open")).catch(() => null);
    const details = menu();
    if (details) details.open = false;
  });
  const fresh = Number(saved.new) || 0;
  const remove = h(
    "button",
    { type: "button", class: "link-button saved-delete", "aria-label": t("savedDelete", { name }), title: t("savedDelete", { name }) },
    t("delete"),
  );
  remove.addEventListener("click", () => onDelete(id));
  return h(
    "li",
    { class: "saved-item", dataset: { id } },
    h("div", { class: "saved-line" }, link, fresh ? h("span", { class: "badge saved-new" }, tCount("savedNew", fresh)) : null),
    h(
      "div",
      { class: "saved-line small" },
      typeof saved.total === "number" ? h("span", { class: "muted saved-total" }, tCount("savedTotal", saved.total)) : null,
      h("a", { class: "saved-feed", href: searchApi(id, "feed.atom"), "aria-label": t("savedFeedOf", { name }) }, t("savedFeed")),
      remove,
    ),
  );
}

async function fillList(list, token, redraw) {
  let answer;
  try {
    await opening;
    answer = await getJson("/api/searches");
  } catch (err) {
    if (token !== drawing) return;
    clear(list).append(h("li", { class: "note" }, err.message || t("errorTitle")));
    return;
  }
  if (token !== drawing) return;
  const searches = Array.isArray(answer.searches) ? answer.searches : [];
  clear(list);
  if (!searches.length) list.append(h("li", { class: "muted saved-none" }, t("savedNone")));
  const onDelete = async (id) => {
    try {
      await sendJson("DELETE", searchApi(id));
      await redraw();
      document.getElementById("saved-name")?.focus();
    } catch (err) {
      showError(err);
    }
  };
  for (const saved of searches) list.append(savedItem(saved, onDelete));
}

/** Draws the open menu's panel: the form saving the search on screen, then the list. */
async function drawPanel() {
  const panel = document.getElementById("saved-panel");
  if (!panel) return;
  drawing += 1;
  const token = drawing;
  await loadMe();
  if (token !== drawing) return;
  clear(panel);
  if (!canWrite()) {
    panel.append(unavailableNote());
    return;
  }
  const list = h("ul", { id: "saved-list", class: "saved-list", "aria-label": t("savedSearches") });
  panel.append(
    onSearchPage() ? saveForm(() => fillList(list, drawing, drawPanel)) : h("p", { class: "muted small" }, t("savedHint")),
    list,
  );
  await fillList(list, token, drawPanel);
}

/** Wires the header's menu: drawn each time it opens. */
export function initSavedMenu() {
  const details = menu();
  if (!details) return;
  details.addEventListener("toggle", () => {
    if (details.open) {
      drawPanel();
      return;
    }
    // Closed: nothing stale to show when it opens again.
    drawing += 1;
    const panel = document.getElementById("saved-panel");
    if (panel) clear(panel);
  });
  // A click elsewhere closes it, as menus do.
  document.addEventListener("click", (event) => {
    if (details.open && event.target instanceof Node && !details.contains(event.target)) details.open = false;
  });
}

/** Draws the menu again if it is open (the language changed). */
export function refreshSavedMenu() {
  if (menu()?.open) drawPanel();
}

/** Closes the menu; true when it was open. */
export function closeSavedMenu() {
  const details = menu();
  if (!details || !details.open) return false;
  details.open = false;
  return true;
}
