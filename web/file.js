// Pieces of a file (an attachment or a loose document) shared by the search
// results, the message reader and the document view: its page, its icon and
// type badge, its extraction status.

import { t, extractionName } from "./i18n.js";
import { h, revealBidi } from "./dom.js";

/** Separator of the steps of a path through containers (`dossier.zip › a.txt`). */
export const PATH_SEPARATOR = " › ";

export function documentPath(id) {
  return `/documents/${encodeURIComponent(id)}`;
}

/** The containers above a file, from its path: `dossier.zip` for `dossier.zip › notes/a.txt`. */
export function containerName(path) {
  const steps = String(path || "").split(PATH_SEPARATOR);
  return steps.length > 1 ? steps.slice(0, -1).join(PATH_SEPARATOR) : "";
}

// Families get a colour, so that a page of hits can be scanned by type.
const FAMILIES = {
  pdf: "pdf",
  doc: "word",
  docx: "word",
  odt: "word",
  rtf: "word",
  xls: "sheet",
  xlsx: "sheet",
  ods: "sheet",
  csv: "sheet",
  ppt: "slides",
  pptx: "slides",
  odp: "slides",
  zip: "archive",
  tar: "archive",
  gz: "archive",
  "tar.gz": "archive",
  "7z": "archive",
  rar: "archive",
  email: "mail",
  eml: "mail",
  msg: "mail",
};

const SVG = "http://www.w3.org/2000/svg";

function svgNode(tag, attrs) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  return el;
}

/** A sheet of paper with a folded corner (decorative: the badge says the type). */
function fileIcon() {
  const svg = svgNode("svg", { class: "file-icon", viewBox: "0 0 16 20", width: "14", height: "18", "aria-hidden": "true", focusable: "false" });
  svg.append(
    svgNode("path", { d: "M1.5 1.5h8l5 5v12h-13z", fill: "none", stroke: "currentColor", "stroke-width": "1.5", "stroke-linejoin": "round" }),
    svgNode("path", { d: "M9.5 1.5v5h5", fill: "none", stroke: "currentColor", "stroke-width": "1.5", "stroke-linejoin": "round" }),
  );
  return svg;
}

/** Icon and type badge (`PDF`, `DOCX`…) of a file. */
export function fileBadge(filetype) {
  const type = String(filetype || "").trim() || "?";
  const family = FAMILIES[type.toLowerCase()] || "other";
  return h(
    "span",
    { class: `file-badge ft-${family}`, dataset: { filetype: type }, title: t("fileIcon", { type }) },
    fileIcon(),
    h("span", { class: "file-type" }, type),
  );
}

/**
 * A badge saying why a file has no text (encrypted, failed, empty,
 * unsupported), the reason in its tooltip; null when its text was extracted.
 */
export function extractionBadge(extraction, reason) {
  if (!extraction || extraction === "text") return null;
  return h(
    "span",
    {
      class: `badge extraction extraction-${extraction}`,
      dataset: { extraction },
      title: reason ? `${extractionName(extraction)} (${reason})` : extractionName(extraction),
    },
    extractionName(extraction),
  );
}

/** A file name for display: bidi controls made visible (names are chosen by the sender). */
export function fileName(name, fallback) {
  const value = name && String(name).trim() ? String(name) : fallback;
  return revealBidi(value);
}

/** A search for `field:"value"` (quotes in the value become spaces: a phrase needs no more). */
function metadataSearchPath(field, value) {
  const phrase = String(value).replace(/"/g, " ").trim();
  return `/?q=${encodeURIComponent(`${field}:"${phrase}"`)}`;
}

/**
 * A file's own metadata (`file.metadata` of the API) as a section, or null
 * when it has none: people and software link to the searches that find
 * every document naming them. Values come from the file and are untrusted:
 * text only, bidi controls made visible.
 */
export function metadataSection(metadata, { id = null } = {}) {
  if (!metadata || typeof metadata !== "object") return null;
  const dl = h("dl", { class: "header-fields metadata-fields" });
  const text = (value) => revealBidi(String(value));
  const link = (field, label) => (value) =>
    h("a", { class: `metadata-link metadata-${field}`, href: metadataSearchPath(field, value), title: t(label, { value: text(value) }) }, text(value));
  const row = (label, values, render = text) => {
    const list = (Array.isArray(values) ? values : [values]).filter((v) => typeof v === "string" && v);
    if (!list.length) return;
    const items = [];
    list.forEach((value, i) => {
      if (i > 0) items.push(", ");
      items.push(render(value));
    });
    dl.append(h("dt", null, t(label)), h("dd", null, items));
  };
  const author = link("author", "metaSearchAuthor");
  const software = link("software", "metaSearchSoftware");
  row("metaTitle", metadata.title);
  row("metaAuthors", metadata.authors, author);
  row("metaLastEditor", metadata.last_editor, author);
  row("metaSoftware", metadata.software, software);
  row("metaCamera", metadata.camera, software);
  row("metaCompany", metadata.company);
  row("metaTemplate", metadata.template);
  row("metaRevision", metadata.revision);
  row("metaCreated", metadata.created);
  row("metaModified", metadata.modified);
  if (!dl.childNodes.length) return null;
  const headingId = id ? `${id}-heading` : null;
  return h(
    "section",
    { id, class: "metadata", "aria-labelledby": headingId },
    h("h2", { id: headingId }, t("metadata")),
    h("p", { class: "note muted" }, t("metadataNote")),
    dl,
  );
}
