// The message reader: /messages/{id}.

import { t, fmtSize } from "./i18n.js";
import { h, clear, revealBidi, subjectText } from "./dom.js";
import { getJson, messageUrl } from "./api.js";
import { backLink, showError, withProgress } from "./nav.js";
import { loadMe, workspaceBar } from "./workspace.js";
import { notesPanel } from "./notes.js";
import { provenanceSection } from "./provenance.js";
import { entitiesSection } from "./entities.js";
import {
  headerFields,
  bodySection,
  attachmentsSection,
  carriedSection,
  carrierNote,
  messagePath,
  threadPath,
} from "./message.js";

async function copyText(text, input) {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall back below */
  }
  try {
    input.hidden = false;
    input.select();
    const ok = document.execCommand("copy");
    if (ok) input.hidden = true;
    return ok;
  } catch {
    return false;
  }
}

function actions(msg) {
  const permalink = `${location.origin}${messagePath(msg.id)}`;
  const copyField = h("input", {
    type: "text",
    class: "permalink-field",
    readonly: true,
    value: permalink,
    "aria-label": t("permalink"),
    hidden: true,
  });
  const status = h("span", { class: "copy-status", role: "status", "aria-live": "polite" });
  const copyButton = h(
    "button",
    { type: "button", id: "copy-permalink", class: "button-small", "aria-label": t("copyLabel"), title: t("copyLabel") },
    t("copy"),
  );
  copyButton.addEventListener("click", async () => {
    const ok = await copyText(permalink, copyField);
    status.textContent = ok ? t("copied") : t("copyFailed");
    setTimeout(() => {
      status.textContent = "";
    }, 2000);
  });

  const sender = msg.from && msg.from.address ? msg.from.address : null;
  return h(
    "nav",
    { class: "actions", "aria-label": t("actions") },
    h("ul", null,
      h("li", null,
        h("a", { id: "view-source", href: `/api/messages/${encodeURIComponent(msg.id)}/raw`, download: `${msg.id}.eml` }, t("viewSource"))),
      h("li", { class: "permalink" },
        h("a", { id: "permalink", href: messagePath(msg.id) }, t("permalink")),
        " ",
        copyButton,
        copyField,
        status),
      sender
        ? h("li", null,
          h("a", { id: "search-sender", href: `/?from=${encodeURIComponent(sender)}` }, t("searchSender")))
        : null,
      msg.thread_id
        ? h("li", null, h("a", { id: "view-thread", href: threadPath(msg.thread_id, msg.id) }, t("viewThread")))
        : null,
    ),
  );
}

function extraDetails(msg) {
  const out = [];
  if (msg.headers && msg.headers.length) {
    const table = h("table", { class: "raw-headers" });
    const body = h("tbody");
    for (const field of msg.headers) {
      body.append(h("tr", null, h("th", { scope: "row" }, revealBidi(field.name)), h("td", null, revealBidi(field.value))));
    }
    table.append(body);
    out.push(h("details", { class: "more" }, h("summary", null, t("allHeaders")), table));
  }
  if (msg.sources && msg.sources.length) {
    const ul = h("ul", { class: "sources" });
    // Copies merged into one message may each carry their own Message-ID.
    for (const src of msg.sources) {
      ul.append(
        h(
          "li",
          null,
          h("code", null, revealBidi(src.path)),
          src.part ? ` (#${src.part})` : null,
          src.message_id
            ? [" · ", h("code", { class: "source-msgid", title: t("sourceMessageId") }, revealBidi(src.message_id))]
            : null,
        ),
      );
    }
    out.push(
      h(
        "details",
        { class: "more" },
        h("summary", null, t("sources"), typeof msg.size === "number" ? ` · ${t("size")} ${fmtSize(msg.size)}` : ""),
        ul,
      ),
    );
  }
  return out;
}

export async function renderReader(main, id, ctx) {
  let msg;
  try {
    const fetched = getJson(messageUrl(id), { signal: ctx.signal, useCache: ctx.useCache });
    [msg] = await withProgress(Promise.all([fetched, loadMe()]));
  } catch (err) {
    if (err && err.name === "AbortError") return;
    if (!ctx.isCurrent()) return;
    clear(main);
    main.append(h("article", { id: "reader", class: "reader" }, h("nav", { class: "reader-nav" }, backLink())));
    showError(err);
    document.title = `${t("errorTitle")} — Fouille`;
    return;
  }
  if (!ctx.isCurrent()) return;

  const subject = subjectText(msg.subject);
  document.title = `${subject} — Fouille`;
  clear(main);
  const article = h(
    "article",
    { id: "reader", class: "reader", "aria-labelledby": "subject", dataset: { id: msg.id } },
    h("nav", { class: "reader-nav" }, backLink()),
    h(
      "header",
      { class: "reader-header" },
      h("h1", { id: "subject", class: msg.subject && msg.subject.trim() ? null : "muted" }, subject),
      headerFields(msg),
      carrierNote(msg, { primary: true }),
    ),
    actions(msg),
    workspaceBar(msg),
    entitiesSection(msg.entities),
    bodySection(msg, { primary: true }),
    attachmentsSection(msg, { primary: true }),
    carriedSection(msg, { primary: true }),
    notesPanel(msg.id, (msg.workspace || {}).notes),
    provenanceSection(msg),
    extraDetails(msg),
  );
  main.append(article);
}
