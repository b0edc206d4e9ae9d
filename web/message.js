// Pieces of a message shared by the reader and the thread view: header
// fields, the body (sandboxed HTML or plain text), the attachments with their
// extracted text, and the messages forwarded inside it.

import { t, fmtDateTimeLong, fmtSize, langName } from "./i18n.js";
import { h, addressList, addressNode, renderPlainText, renderParts, revealBidi, subjectText } from "./dom.js";
import { documentPath, fileBadge, extractionBadge, fileName, metadataSection } from "./file.js";

export function messagePath(id) {
  return `/messages/${encodeURIComponent(id)}`;
}

export function threadPath(threadId, openId) {
  const base = `/threads/${encodeURIComponent(threadId)}`;
  return openId ? `${base}?open=${encodeURIComponent(openId)}` : base;
}

/** <time> with the UTC date shown in the browser's zone; `date_header` in the tooltip. */
export function timeNode(iso, dateHeader, format = fmtDateTimeLong) {
  const attrs = { class: "date" };
  if (iso) attrs.datetime = iso;
  if (dateHeader) attrs.title = t("dateAsWritten", { d: dateHeader });
  return h("time", attrs, format(iso));
}

/** The header fields (From, To, Cc, Bcc, Reply-To, Date, Language) as a <dl>. */
export function headerFields(msg, { withLang = true } = {}) {
  const dl = h("dl", { class: "header-fields" });
  const row = (label, ...value) => {
    dl.append(h("dt", null, label), h("dd", null, ...value));
  };
  row(t("from"), addressNode(msg.from, { link: "from" }));
  if (msg.to && msg.to.length) row(t("to"), addressList(msg.to, { link: "to" }));
  if (msg.cc && msg.cc.length) row(t("cc"), addressList(msg.cc, { link: "to" }));
  if (msg.bcc && msg.bcc.length) row(t("bcc"), addressList(msg.bcc, { link: "to" }));
  if (msg.reply_to && msg.reply_to.length) row(t("replyTo"), addressList(msg.reply_to));
  const time = timeNode(msg.date, msg.date_header);
  row(t("date"), time, msg.date_header ? h("span", { class: "date-header muted" }, msg.date_header) : null);
  if (withLang) {
    row(t("language"), h("span", { class: "badge lang", title: msg.lang || "und" }, langName(msg.lang)));
  }
  return dl;
}

/**
 * The body: the sanitized HTML in a sandboxed iframe (no scripts, no same
 * origin) with a toggle to the plain text, or the plain text alone, its
 * quoted parts folded. With `primary` the elements get the reader's ids
 * (html-body, text-body).
 */
export function bodySection(msg, { primary = false } = {}) {
  const section = h("section", { class: "message-body" });
  const text = h("div", { class: "text-body", id: primary ? "text-body" : null });
  // The server's cut between own and quoted text when it gives one; else
  // the text as it is, quotes guessed from its lines.
  if (Array.isArray(msg.parts) && msg.parts.length) renderParts(text, msg.parts);
  else renderPlainText(text, msg.text);

  if (msg.html && msg.html.trim()) {
    const frame = h("iframe", {
      class: "html-body",
      id: primary ? "html-body" : null,
      sandbox: "",
      src: `/api/messages/${encodeURIComponent(msg.id)}/html`,
      title: t("htmlFrameTitle"),
      referrerpolicy: "no-referrer",
    });
    text.hidden = true;
    const toggle = h(
      "button",
      { type: "button", class: "body-toggle", id: primary ? "toggle-body" : null, "aria-pressed": "false" },
      t("showPlainText"),
    );
    toggle.addEventListener("click", () => {
      const showText = text.hidden;
      text.hidden = !showText;
      frame.hidden = showText;
      toggle.setAttribute("aria-pressed", String(showText));
      toggle.textContent = showText ? t("showHtml") : t("showPlainText");
    });
    section.append(h("div", { class: "body-tools" }, toggle), frame, text);
  } else {
    if (msg.html_omitted) {
      section.append(h("p", { class: "note" }, t("htmlOmitted", { reason: msg.html_omitted })));
    }
    section.append(text);
  }
  return section;
}

const NO_TEXT_KEYS = {
  empty: "noTextEmpty",
  encrypted: "noTextEncrypted",
  failed: "noTextFailed",
  unsupported: "noTextUnsupported",
  "ocr-pending": "noTextOcrPending",
  "no-text": "noTextNoText",
};

/** Says that a text was read from pixels, and how surely. */
export function ocrNote(ocr) {
  const confidence = ocr && Number.isFinite(ocr.confidence) ? ocr.confidence : null;
  return h("p", { class: "note ocr-note" }, t("ocrNote", { confidence }));
}

/** Why a file shows no text, for people ("This file is encrypted…"). */
export function noTextMessage(extraction, reason) {
  const key = NO_TEXT_KEYS[extraction] || "noTextEmpty";
  return reason ? `${t(key)} (${reason})` : t(key);
}

/**
 * The extracted text of an attachment, or of a member of an attached
 * archive, folded: the reader stays short, the text is one click away. The
 * text is untrusted and goes in as text only.
 */
function attachmentText(doc) {
  const name = fileName(doc.path || doc.name, t("unnamedFile"));
  const body = [];
  if (doc.text) {
    if (doc.extraction === "ocr") body.push(ocrNote(doc.ocr));
    body.push(h("pre", { class: "attachment-text-body" }, doc.text));
  } else {
    body.push(h("p", { class: "note" }, noTextMessage(doc.extraction, doc.reason)));
  }
  if (doc.text_cut) body.push(h("p", { class: "note text-cut" }, t("textCut")));
  body.push(metadataSection(doc.metadata));
  return h(
    "details",
    { class: "attachment-text", dataset: { id: doc.id, extraction: doc.extraction || "" } },
    h(
      "summary",
      null,
      h("span", { class: "attachment-text-label" }, t("attachmentText")),
      " ",
      fileBadge(doc.filetype),
      " ",
      h("span", { class: "attachment-text-path" }, name),
      " ",
      extractionBadge(doc.extraction, doc.reason),
    ),
    body,
    h(
      "p",
      { class: "attachment-text-actions" },
      h("a", { class: "open-document", href: documentPath(doc.id), "aria-label": t("openDocumentLabel", { name }) }, t("openDocument")),
    ),
  );
}

/** The attachments as download links, or null when there are none. */
export function attachmentsSection(msg, { primary = false } = {}) {
  const list = msg.attachments || [];
  if (!list.length) return null;
  const ul = h("ul", { class: "attachment-list", id: primary ? "attachments" : null });
  list.forEach((att, i) => {
    const index = typeof att.index === "number" ? att.index : i;
    const name = att.name || `${msg.id}-attachment-${index}`;
    ul.append(
      h(
        "li",
        null,
        h(
          "a",
          {
            class: "attachment",
            href: `/api/messages/${encodeURIComponent(msg.id)}/attachments/${index}`,
            download: name,
            "aria-label": t("download", { name: revealBidi(name) }),
          },
          h("span", { class: "attachment-icon", "aria-hidden": "true" }),
          h("span", { class: "attachment-name" }, revealBidi(name)),
        ),
        h("span", { class: "attachment-meta muted" }, [att.mime || "application/octet-stream", " · ", fmtSize(att.size)]),
        (att.documents || []).map((doc) => attachmentText(doc)),
      ),
    );
  });
  const headingId = primary ? "attachments-heading" : null;
  return h(
    "section",
    { class: "attachments", "aria-labelledby": headingId },
    h("h2", { id: headingId }, t("attachments"), " ", h("span", { class: "count" }, String(list.length))),
    ul,
  );
}

/**
 * Messages forwarded inside this one (attached messages, Outlook .msg),
 * each indexed as an email of its own; null when there are none.
 */
export function carriedSection(msg, { primary = false } = {}) {
  const list = msg.carried || [];
  if (!list.length) return null;
  const headingId = primary ? "carried-heading" : null;
  const ul = h("ul", { class: "carried-list" });
  for (const carried of list) {
    ul.append(
      h(
        "li",
        null,
        h("a", { class: "carried-link", href: messagePath(carried.id), dataset: { id: carried.id } }, subjectText(carried.subject)),
        carried.entry ? h("span", { class: "carried-entry muted" }, revealBidi(carried.entry)) : null,
      ),
    );
  }
  return h(
    "section",
    { class: "carried", id: primary ? "carried" : null, "aria-labelledby": headingId },
    h("h2", { id: headingId }, t("carried"), " ", h("span", { class: "count" }, String(list.length))),
    ul,
  );
}

/** "Forwarded inside another message: open the carrying message", or null. */
export function carrierNote(msg, { primary = false } = {}) {
  if (!msg.parent_id) return null;
  return h(
    "p",
    { class: "note carrier-note" },
    t("forwardedInside"),
    " ",
    h("a", { id: primary ? "parent-link" : null, class: "parent-link", href: messagePath(msg.parent_id) }, t("openCarrying")),
  );
}
