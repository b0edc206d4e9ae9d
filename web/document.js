// The document view: /documents/{id}. An attachment or a loose document
// (PDF, Office file, archive member…): what it is, where it was found, and
// its whole extracted text. The text is untrusted and goes in as text only.

import { t, fmtSize, langName, kindName, extractionName } from "./i18n.js";
import { h, clear, addressNode, revealBidi, subjectText } from "./dom.js";
import { getJson, documentUrl, messageUrl } from "./api.js";
import { backLink, showError, withProgress } from "./nav.js";
import { loadMe, workspaceBar } from "./workspace.js";
import { notesPanel } from "./notes.js";
import { messagePath, timeNode, noTextMessage, ocrNote } from "./message.js";
import { documentPath, containerName, fileBadge, extractionBadge, fileName, metadataSection } from "./file.js";
import { versionsSection } from "./versions.js";
import { entitiesSection } from "./entities.js";

/** Members of an archive whose names are fetched; the rest are listed by id. */
const MEMBER_NAMES_MAX = 200;
/** Member look-ups in flight at once, so that a big archive does not flood the server. */
const MEMBER_FETCHES = 4;

/** Where the file was found: the email carrying it, or the archive holding it. */
function parentRows(doc, row) {
  const file = doc.file || {};
  if (doc.kind === "attachment") {
    const label = subjectText(file.parent_subject);
    row(
      t("attachedTo"),
      doc.parent_id ? h("a", { id: "parent-link", class: "parent-link", href: messagePath(doc.parent_id) }, label) : label,
    );
    const from = doc.from || {};
    if (from.name || from.address) row(t("from"), addressNode(from, { link: "from" }));
    if (doc.date) row(t("date"), timeNode(doc.date, null));
  } else if (doc.parent_id) {
    const label = revealBidi(containerName(file.path) || doc.parent_id);
    row(t("inArchive"), h("a", { id: "parent-link", class: "parent-link", href: documentPath(doc.parent_id) }, label));
  }
}

function fields(doc) {
  const file = doc.file || {};
  const dl = h("dl", { class: "header-fields" });
  const row = (label, ...value) => {
    dl.append(h("dt", null, label), h("dd", null, ...value));
  };
  parentRows(doc, row);
  row(t("fileKind"), kindName(doc.kind));
  row(
    t("fileType"),
    fileBadge(file.filetype),
    file.mime ? h("span", { class: "muted file-mime", title: t("mimeType") }, " ", file.mime) : null,
  );
  if (typeof doc.size === "number") row(t("size"), fmtSize(doc.size));
  row(
    t("extraction"),
    h("span", { id: "extraction", dataset: { extraction: file.extraction || "" } }, extractionName(file.extraction || "")),
    file.reason ? h("span", { class: "muted extraction-reason" }, ` (${file.reason})`) : null,
  );
  row(t("language"), h("span", { class: "badge lang", title: doc.lang || "und" }, langName(doc.lang)));
  if (file.path) row(t("path"), h("code", { id: "document-path", class: "document-path" }, revealBidi(file.path)));
  return dl;
}

function actions(doc, name) {
  // The server gives its own URL; anything else (another origin, a
  // javascript: URL) is not offered.
  const download = typeof doc.download === "string" && doc.download.startsWith("/api/") ? doc.download : null;
  return h(
    "nav",
    { class: "actions", "aria-label": t("actions") },
    h(
      "ul",
      null,
      download
        ? h("li", null, h("a", { id: "download", href: download, download: name }, t("downloadFile")))
        : null,
      h("li", null, h("a", { id: "permalink", href: documentPath(doc.id) }, t("permalink"))),
    ),
  );
}

function textSection(doc) {
  const file = doc.file || {};
  const notes = [];
  if (file.extraction === "ocr") notes.push(ocrNote(file.ocr));
  else if (file.extraction && file.extraction !== "text") notes.push(noTextMessage(file.extraction, file.reason));
  else if (!doc.text) notes.push(t("noTextEmpty"));
  if (file.truncated) notes.push(t("textTruncated"));
  const lang = doc.lang && doc.lang !== "und" ? doc.lang : null;
  return h(
    "section",
    { class: "document-body", "aria-labelledby": "document-text-heading" },
    h("h2", { id: "document-text-heading" }, t("extractedText")),
    notes.map((note) => (typeof note === "string" ? h("p", { class: "note" }, note) : note)),
    doc.text ? h("pre", { id: "document-text", class: "document-text", lang }, doc.text) : null,
  );
}

/** A member's link, named once its view is fetched (an archived email opens in the reader). */
async function nameMember(li, id, ctx) {
  const link = li.querySelector("a");
  try {
    const member = await getJson(documentUrl(id), { signal: ctx.signal, useCache: true });
    if (!ctx.isCurrent()) return;
    const file = member.file || {};
    clear(link).append(fileName(file.path || file.name, t("unnamedFile")));
    link.before(fileBadge(file.filetype), " ");
    const badge = extractionBadge(file.extraction, file.reason);
    if (badge) li.append(" ", badge);
  } catch (err) {
    if ((err && err.name === "AbortError") || !ctx.isCurrent()) return;
    if (!err || err.code !== "not_found") return;
    // Not a document: an email found in the archive.
    try {
      const msg = await getJson(messageUrl(id), { signal: ctx.signal, useCache: true });
      if (!ctx.isCurrent()) return;
      link.href = messagePath(id);
      clear(link).append(subjectText(msg.subject));
      link.before(fileBadge("email"), " ");
    } catch {
      /* keep the id */
    }
  }
}

async function nameMembers(items, ctx) {
  const queue = items.slice(0, MEMBER_NAMES_MAX);
  const worker = async () => {
    while (queue.length && ctx.isCurrent()) {
      const [li, id] = queue.shift();
      await nameMember(li, id, ctx);
    }
  };
  await Promise.all(Array.from({ length: MEMBER_FETCHES }, worker));
}

function membersSection(doc, ctx) {
  const children = (doc.children || []).filter((id) => /^[0-9a-f]{32}$/.test(id));
  if (!children.length) return null;
  const ul = h("ul", { class: "member-list" });
  const items = children.map((id) => {
    const li = h("li", { dataset: { id } }, h("a", { class: "member-link", href: documentPath(id) }, h("code", null, id)));
    ul.append(li);
    return [li, id];
  });
  nameMembers(items, ctx);
  return h(
    "section",
    { id: "members", class: "members", "aria-labelledby": "members-heading" },
    h("h2", { id: "members-heading" }, t("members"), " ", h("span", { class: "count" }, String(children.length))),
    ul,
  );
}

function sourcesDetails(doc) {
  if (!doc.sources || !doc.sources.length) return null;
  const ul = h("ul", { class: "sources" });
  for (const src of doc.sources) {
    ul.append(h("li", null, h("code", null, revealBidi(src.path)), src.part ? ` (#${src.part})` : null));
  }
  return h("details", { class: "more" }, h("summary", null, t("sources")), ul);
}

export async function renderDocument(main, id, ctx) {
  let doc;
  try {
    const fetched = getJson(documentUrl(id), { signal: ctx.signal, useCache: ctx.useCache });
    [doc] = await withProgress(Promise.all([fetched, loadMe()]));
  } catch (err) {
    if (err && err.name === "AbortError") return;
    if (!ctx.isCurrent()) return;
    clear(main);
    main.append(h("article", { id: "document", class: "reader" }, h("nav", { class: "reader-nav" }, backLink())));
    showError(err);
    document.title = `${t("errorTitle")} — Fouille`;
    return;
  }
  if (!ctx.isCurrent()) return;

  const file = doc.file || {};
  const name = fileName(file.name, t("unnamedFile"));
  document.title = `${name} — Fouille`;
  clear(main);
  main.append(
    h(
      "article",
      { id: "document", class: "reader document-view", "aria-labelledby": "subject", dataset: { id: doc.id, kind: doc.kind } },
      h("nav", { class: "reader-nav" }, backLink()),
      h(
        "header",
        { class: "reader-header" },
        h("p", { class: "eyebrow" }, kindName(doc.kind)),
        h("h1", { id: "subject" }, name),
        fields(doc),
      ),
      actions(doc, name),
      workspaceBar(doc),
      metadataSection(file.metadata, { id: "metadata" }),
      entitiesSection(doc.entities),
      versionsSection(doc, ctx),
      textSection(doc),
      notesPanel(doc.id, (doc.workspace || {}).notes),
      membersSection(doc, ctx),
      sourcesDetails(doc),
    ),
  );
}
