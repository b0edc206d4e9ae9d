// The team workspace in the UI: who the user is and whether the workspace
// takes writes (GET /api/me), a message's star and tags (the reader's bar
// and the results' cards), and the suggestions of existing tags. Notes are
// in notes.js, "tag all N results" in tagall.js, saved searches in
// saved.js, batch searches in batch.js.

import { t, tCount, fmtNumber } from "./i18n.js";
import { h, clear, revealBidi } from "./dom.js";
import { getJson, sendJson } from "./api.js";
import { showError } from "./nav.js";

// ---------- who, and whether writes are possible ----------

let me = null;
let meLoading = null;

/** Asks the server once who the user is and whether there is a workspace. */
export function loadMe() {
  if (!meLoading) {
    meLoading = getJson("/api/me").then(
      (answer) => {
        me = {
          user: typeof answer.user === "string" ? answer.user : "",
          workspace: answer.workspace === true,
          reason: typeof answer.workspace_error === "string" ? answer.workspace_error : "",
        };
        return me;
      },
      (err) => {
        // A server without the route has no workspace; any other failure
        // is asked again at the next page.
        me = { user: "", workspace: false, reason: err && err.code !== "not_found" ? err.message : "" };
        meLoading = null;
        return me;
      },
    );
  }
  return meLoading;
}

/** Whether tags, stars, notes and saved searches can be written. */
export function canWrite() {
  return !!me && me.workspace;
}

export function currentUser() {
  return me ? me.user : "";
}

/** Why the write controls are missing, or null when they are there. */
export function unavailableNote() {
  if (canWrite()) return null;
  return h(
    "p",
    { class: "note workspace-unavailable" },
    t("workspaceUnavailable"),
    me && me.reason ? ` (${me.reason})` : "",
  );
}

/** `/api/messages/{id}/…`: the workspace routes of one message or document. */
export function messageApi(id, ...rest) {
  return [`/api/messages/${encodeURIComponent(id)}`, ...rest.map((part) => encodeURIComponent(part))].join("/");
}

// ---------- tag suggestions ----------

/**
 * A <datalist> of the archive's tags, most used first, filled the first
 * time `fill` is called (when an input using it gets the focus).
 */
export function tagSuggestions() {
  const list = h("datalist", { id: "tag-suggestions" });
  let filled = false;
  const fill = async () => {
    if (filled) return;
    filled = true;
    try {
      const answer = await getJson("/api/tags");
      clear(list);
      for (const tag of (answer.tags || []).slice(0, 500)) list.append(h("option", { value: String(tag.name) }));
    } catch {
      filled = false; // suggestions are a help: without them the input still works
    }
  };
  return { list, fill, refresh: () => { filled = false; } };
}

/** A tag as a link to the search of everything carrying it. */
export function tagLink(name, className = "tag") {
  return h("a", { class: className, href: `/?tag=${encodeURIComponent(name)}`, dataset: { tag: name } }, revealBidi(name));
}

// ---------- star ----------

function paintStar(button, starred, compact) {
  const label = starred ? t("unstar") : t("star");
  button.setAttribute("aria-pressed", String(starred));
  button.setAttribute("title", label);
  button.classList.toggle("starred", starred);
  clear(button).append(
    h("span", { class: "star-icon", "aria-hidden": "true" }, starred ? "★" : "☆"),
    compact ? h("span", { class: "visually-hidden" }, t("star")) : h("span", { class: "star-label" }, starred ? t("starred") : t("star")),
  );
}

/**
 * The star toggle of message `id` (private to the user). `compact` shows
 * the star alone (results). Null without a workspace.
 */
export function starButton(id, starred, { elementId = null, compact = false } = {}) {
  if (!canWrite()) return null;
  const button = h("button", { type: "button", id: elementId, class: compact ? "star-toggle compact" : "star-toggle" });
  let state = starred === true;
  paintStar(button, state, compact);
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const answer = await sendJson(state ? "DELETE" : "PUT", messageApi(id, "star"));
      state = answer && answer.starred === true;
      paintStar(button, state, compact);
    } catch (err) {
      showError(err);
    } finally {
      button.disabled = false;
    }
  });
  return button;
}

// ---------- tags of one message ----------

function tagChip(name, onRemove) {
  return h(
    "li",
    { class: "tag-chip", dataset: { tag: name } },
    tagLink(name, "tag-chip-link"),
    onRemove
      ? h(
        "button",
        {
          type: "button",
          class: "chip-remove tag-remove",
          "aria-label": t("removeTag", { tag: revealBidi(name) }),
          title: t("removeTag", { tag: revealBidi(name) }),
          onclick: onRemove,
        },
        "×",
      )
      : null,
  );
}

function addTagForm(onAdd, suggestions) {
  const input = h("input", {
    id: "add-tag-input",
    type: "text",
    list: "tag-suggestions",
    maxlength: 64,
    autocomplete: "off",
    placeholder: t("addTagPlaceholder"),
  });
  input.addEventListener("focus", suggestions.fill);
  const form = h(
    "form",
    { id: "add-tag", class: "add-tag" },
    h("label", { for: "add-tag-input", class: "visually-hidden" }, t("addTag")),
    input,
    h("button", { type: "submit", class: "button-small" }, t("addTagButton")),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    if (await onAdd(name)) input.value = "";
    input.focus();
  });
  return form;
}

/** The tags of message `id` as chips, each removable, and a form adding one. */
function tagEditor(id, initial) {
  let tags = [...initial];
  const list = h("ul", { id: "tag-list", class: "tag-list", "aria-label": t("tags") });
  const status = h("span", { class: "visually-hidden", role: "status", "aria-live": "polite" });
  const suggestions = tagSuggestions();
  const change = async (method, name) => {
    try {
      const answer = await sendJson(method, messageApi(id, "tags", name));
      tags = Array.isArray(answer && answer.tags) ? answer.tags : tags;
      draw();
      status.textContent = t(method === "PUT" ? "tagAdded" : "tagRemoved", { tag: name });
      suggestions.refresh();
      return true;
    } catch (err) {
      showError(err);
      return false;
    }
  };
  const draw = () => {
    clear(list);
    if (!tags.length) list.append(h("li", { class: "muted tag-none" }, t("noTags")));
    for (const name of tags) {
      list.append(tagChip(name, canWrite() ? async () => {
        await change("DELETE", name);
        document.getElementById("add-tag-input")?.focus();
      } : null));
    }
  };
  draw();
  return h(
    "div",
    { class: "tag-editor" },
    h("span", { class: "tag-editor-label" }, t("tags")),
    list,
    canWrite() ? [addTagForm((name) => change("PUT", name), suggestions), suggestions.list] : null,
    status,
  );
}

/**
 * The reader's workspace bar: the star, the tags and the form adding one,
 * or, without a workspace, the tags alone and why nothing can be changed.
 */
export function workspaceBar(doc) {
  const ws = (doc && doc.workspace) || {};
  return h(
    "section",
    { id: "workspace", class: "workspace-bar", "aria-label": t("workspace") },
    starButton(doc.id, ws.starred === true, { elementId: "star-toggle" }),
    tagEditor(doc.id, Array.isArray(ws.tags) ? ws.tags : []),
    unavailableNote(),
  );
}

// ---------- results ----------

/** A hit's tags and number of notes, for its meta line (empty when it has neither). */
export function hitMarks(hit) {
  const tags = Array.isArray(hit.tags) ? hit.tags : [];
  const notes = typeof hit.notes === "number" && hit.notes > 0 ? hit.notes : 0;
  const label = notes ? tCount("noteCount", notes) : "";
  return [
    tags.length ? h("span", { class: "hit-tags", "aria-label": t("tags") }, tags.map((name) => tagLink(name))) : null,
    notes
      ? h("span", { class: "hit-notes", title: label, role: "img", "aria-label": label }, h("span", { "aria-hidden": "true" }, "✎ "), fmtNumber(notes))
      : null,
  ];
}

/** A hit's star toggle, or null without a workspace. */
export function hitStar(hit) {
  return starButton(hit.id, hit.starred === true, { compact: true });
}
