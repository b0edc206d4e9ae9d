// "Tag all N results": tags every match of the search on screen at once
// (POST /api/tags/{tag} with the search as JSON), then draws the page again
// and says how many were tagged. The server refuses a search too broad;
// its message is shown as it is.

import { t, tCount } from "./i18n.js";
import { h } from "./dom.js";
import { sendJson } from "./api.js";
import { reload } from "./nav.js";
import { searchBody } from "./state.js";
import { canWrite, tagSuggestions } from "./workspace.js";

/** What the last bulk tagging said, shown once by the page it reloads. */
let flash = null;

function takeFlash() {
  const text = flash && flash.key === location.search ? flash.text : "";
  flash = null;
  return text;
}

function tagAllForm(state, status, onCancel) {
  const suggestions = tagSuggestions();
  const input = h("input", {
    id: "tag-all-input",
    type: "text",
    list: "tag-suggestions",
    maxlength: 64,
    autocomplete: "off",
    required: true,
    placeholder: t("addTagPlaceholder"),
  });
  input.addEventListener("focus", suggestions.fill);
  const submit = h("button", { type: "submit", id: "tag-all-submit", class: "button-small" }, t("tagAllApply"));
  const cancel = h("button", { type: "button", class: "link-button", onclick: onCancel }, t("cancel"));
  const form = h(
    "form",
    { id: "tag-all-form", class: "tag-all-form", hidden: true },
    h("label", { for: "tag-all-input", class: "visually-hidden" }, t("tagAllName")),
    input,
    suggestions.list,
    submit,
    cancel,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const tag = input.value.trim();
    if (!tag) return;
    submit.disabled = true;
    status.textContent = t("tagAllRunning");
    try {
      const answer = await sendJson("POST", `/api/tags/${encodeURIComponent(tag)}`, searchBody(state));
      flash = { key: location.search, text: tCount("tagged", Number(answer.tagged) || 0, { tag }) };
      reload();
    } catch (err) {
      submit.disabled = false;
      status.classList.add("error");
      status.setAttribute("role", "alert");
      status.textContent = err && err.message && err.message !== err.code ? err.message : t("tagAllFailed");
    }
  });
  return { form, input };
}

/** The toolbar's "tag all N results" control, or null when nothing can be tagged. */
export function tagAllControl(data, state) {
  if (!canWrite() || !data || !data.total) return null;
  const status = h("span", { id: "tag-all-status", class: "tag-all-status", role: "status", "aria-live": "polite" }, takeFlash());
  const open = h(
    "button",
    { type: "button", id: "tag-all", class: "button-small", "aria-expanded": "false", "aria-controls": "tag-all-form" },
    tCount("tagAll", data.total),
  );
  const show = (visible) => {
    form.hidden = !visible;
    open.setAttribute("aria-expanded", String(visible));
    if (visible) input.focus();
    else open.focus();
  };
  const { form, input } = tagAllForm(state, status, () => show(false));
  open.addEventListener("click", () => show(form.hidden));
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      show(false);
    }
  });
  return h("div", { class: "tag-all" }, open, form, status);
}
