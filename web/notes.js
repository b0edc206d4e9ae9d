// The reader's notes panel: the notes the user may see (shared ones, and
// their own private ones), each with its author, date and a "private"
// badge; a form adding one; edit and delete on the user's own. A note's
// text is written by a person and goes in as text, never as HTML.

import { t, fmtDateTime } from "./i18n.js";
import { h, clear, revealBidi } from "./dom.js";
import { sendJson } from "./api.js";
import { showError } from "./nav.js";
import { canWrite, currentUser, messageApi } from "./workspace.js";

/** What the server takes: a note holds at most this many characters. */
const MAX_NOTE_CHARS = 20000;

function noteApi(noteId) {
  return `/api/notes/${encodeURIComponent(noteId)}`;
}

function isOwn(note) {
  return canWrite() && !!currentUser() && note.author === currentUser();
}

/** The text area and "private" box of the add and edit forms. */
function noteFields(prefix, note) {
  const text = h("textarea", { id: `${prefix}-text`, class: "note-input", rows: 3, maxlength: MAX_NOTE_CHARS, required: true });
  text.value = note ? String(note.text || "") : "";
  const box = h("input", { id: `${prefix}-private`, type: "checkbox", checked: !!(note && note.private) });
  const privacy = h("label", { class: "note-private-label", for: `${prefix}-private` }, box, " ", t("notePrivate"));
  return { text, box, privacy };
}

function noteMeta(note) {
  const edited = note.updated && note.updated !== note.created;
  return h(
    "p",
    { class: "note-meta" },
    h("span", { class: "note-author" }, revealBidi(String(note.author || ""))),
    h("span", { class: "sep", "aria-hidden": "true" }, " · "),
    h("time", { class: "note-date", datetime: note.created || null }, fmtDateTime(note.created)),
    edited ? h("span", { class: "note-edited muted", title: fmtDateTime(note.updated) }, ` ${t("noteEdited")}`) : null,
    note.private ? [" ", h("span", { class: "badge note-private-badge" }, t("notePrivateBadge"))] : null,
  );
}

/**
 * The notes panel of message `id`, listing `initial`. Keeps its own list:
 * each write answers the note, which replaces or joins the one shown.
 */
export function notesPanel(id, initial) {
  let notes = Array.isArray(initial) ? [...initial] : [];
  const count = h("span", { class: "count" });
  const list = h("ul", { id: "note-list", class: "note-list" });
  const status = h("span", { class: "visually-hidden", role: "status", "aria-live": "polite" });

  const draw = () => {
    count.textContent = String(notes.length);
    clear(list);
    if (!notes.length) list.append(h("li", { class: "muted note-none" }, t("noNotes")));
    for (const note of notes) list.append(noteItem(note));
  };
  const replace = (note) => {
    notes = notes.map((n) => (n.id === note.id ? note : n));
    draw();
    status.textContent = t("noteSaved");
    list.querySelector(`li[data-id="${CSS.escape(String(note.id))}"] .note-edit`)?.focus();
  };
  const remove = (note) => {
    notes = notes.filter((n) => n.id !== note.id);
    draw();
    status.textContent = t("noteDeleted");
    document.getElementById("note-form-text")?.focus();
  };

  const noteItem = (note) => {
    const item = h("li", { class: "ws-note", dataset: { id: String(note.id), private: String(!!note.private) } });
    const show = () => {
      clear(item).append(
        noteMeta(note),
        h("p", { class: "note-text" }, String(note.text || "")),
        isOwn(note) ? noteActions(note, item, { edit: () => editForm(note, item, show, replace), remove }) : null,
      );
    };
    show();
    return item;
  };

  const form = canWrite()
    ? addForm(id, (note) => {
      notes = [...notes, note];
      draw();
      status.textContent = t("noteAdded");
    })
    : null;
  draw();
  return h(
    "section",
    { id: "notes", class: "notes", "aria-labelledby": "notes-heading" },
    h("h2", { id: "notes-heading" }, t("notes"), " ", count),
    list,
    form,
    status,
  );
}

/** Edit and delete, the deletion asking once more in place. */
function noteActions(note, item, { edit, remove }) {
  const box = h("div", { class: "note-actions" });
  const editButton = h("button", { type: "button", class: "link-button note-edit", onclick: edit }, t("noteEdit"));
  const deleteButton = h("button", { type: "button", class: "link-button note-delete" }, t("noteDelete"));
  deleteButton.addEventListener("click", () => {
    const confirmButton = h("button", { type: "button", class: "button-small danger note-delete-confirm" }, t("noteDeleteConfirm"));
    const cancel = h("button", { type: "button", class: "link-button note-delete-cancel" }, t("cancel"));
    cancel.addEventListener("click", () => {
      clear(box).append(editButton, deleteButton);
      deleteButton.focus();
    });
    confirmButton.addEventListener("click", async () => {
      confirmButton.disabled = true;
      try {
        await sendJson("DELETE", noteApi(note.id));
        remove(note);
      } catch (err) {
        confirmButton.disabled = false;
        showError(err);
      }
    });
    clear(box).append(h("span", { class: "note-delete-question" }, t("noteDeleteQuestion")), " ", confirmButton, cancel);
    confirmButton.focus();
  });
  box.append(editButton, deleteButton);
  return box;
}

/** Replaces the note's text by a form editing it (text and privacy). */
function editForm(note, item, show, replace) {
  const prefix = `note-edit-${note.id}`;
  const { text, box, privacy } = noteFields(prefix, note);
  const cancel = h("button", { type: "button", class: "link-button note-edit-cancel" }, t("cancel"));
  const form = h(
    "form",
    { class: "note-form note-edit-form" },
    h("label", { for: `${prefix}-text`, class: "visually-hidden" }, t("noteText")),
    text,
    h("div", { class: "note-form-row" }, privacy, h("button", { type: "submit", class: "button-small note-save" }, t("noteSave")), cancel),
  );
  cancel.addEventListener("click", () => {
    show();
    item.querySelector(".note-edit")?.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const updated = await sendJson("PATCH", noteApi(note.id), { text: text.value, private: box.checked });
      replace(updated);
    } catch (err) {
      showError(err);
    }
  });
  clear(item).append(noteMeta(note), form);
  text.focus();
}

function addForm(id, onAdded) {
  const { text, box, privacy } = noteFields("note-form");
  const form = h(
    "form",
    { id: "note-form", class: "note-form" },
    h("label", { for: "note-form-text", class: "note-form-label" }, t("noteAdd")),
    text,
    h("div", { class: "note-form-row" }, privacy, h("button", { type: "submit", id: "note-submit", class: "button-small" }, t("noteAddButton"))),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!text.value.trim()) return;
    try {
      const note = await sendJson("POST", messageApi(id, "notes"), { text: text.value, private: box.checked });
      text.value = "";
      box.checked = false;
      onAdded(note);
    } catch (err) {
      showError(err);
    }
  });
  return form;
}
