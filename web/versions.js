// "N other versions" in the document view: the documents whose text is
// near-identical to this one's (GET /api/documents/{id}/similar), and a
// word-level diff against the one chosen. Archive text goes in as text
// nodes inside <ins>/<del> built with h(), never as HTML.

import { t, tCount, kindName, fmtNumber, fmtPercent } from "./i18n.js";
import { h, clear } from "./dom.js";
import { getJson, documentUrl } from "./api.js";
import { timeNode } from "./message.js";
import { documentPath, fileName } from "./file.js";
import { diffWords, DIFF_MAX_WORDS } from "./diff.js";

function similarUrl(id) {
  return `${documentUrl(id)}/similar`;
}

/** The diff of `doc`'s text against `other`'s, as a <pre> of text, <del> and <ins>. */
function diffNode(doc, other) {
  const result = diffWords(doc.text || "", other.text || "");
  if (result.tooLong) {
    return h("p", { class: "note" }, t("diffTooLong", { n: fmtNumber(result.tooLong), max: fmtNumber(DIFF_MAX_WORDS) }));
  }
  if (result.tooDifferent) return h("p", { class: "note" }, t("diffTooDifferent"));
  if (!result.runs.some((run) => run.kind !== "same")) return h("p", { class: "note" }, t("diffSame"));
  const lang = doc.lang && doc.lang !== "und" ? doc.lang : null;
  return h(
    "pre",
    { id: "version-diff-text", class: "document-text diff-text", lang },
    result.runs.map((run) => (run.kind === "same" ? run.text : h(run.kind, null, run.text))),
  );
}

/** Fetches version `entry` and shows its diff with `doc` in `panel`. */
async function compare(panel, doc, entry, ctx) {
  const name = fileName(entry.name || entry.subject, t("unnamedFile"));
  clear(panel).append(h("p", { class: "muted" }, t("diffLoading")));
  panel.hidden = false;
  let other;
  try {
    other = await getJson(documentUrl(entry.id), { signal: ctx.signal, useCache: true });
  } catch (err) {
    if ((err && err.name === "AbortError") || !ctx.isCurrent()) return;
    clear(panel).append(h("p", { class: "note" }, t("diffFailed")));
    return;
  }
  if (!ctx.isCurrent()) return;
  clear(panel).append(
    h("h3", { id: "version-diff-heading" }, t("diffHeading", { name })),
    h(
      "p",
      { class: "muted diff-legend" },
      h("del", null, t("diffLegendDel")),
      " ",
      h("ins", null, t("diffLegendIns")),
    ),
    diffNode(doc, other),
  );
}

function versionItem(entry, panel, doc, ctx) {
  const name = fileName(entry.name || entry.subject, t("unnamedFile"));
  const similarity = typeof entry.similarity === "number" ? entry.similarity : 0;
  return h(
    "li",
    { dataset: { id: entry.id, similarity: String(similarity) } },
    h("a", { class: "version-link", href: documentPath(entry.id) }, name),
    " ",
    h("span", { class: "badge" }, kindName(entry.kind)),
    entry.date ? [" ", timeNode(entry.date, null)] : null,
    " ",
    h("span", { class: "similarity" }, t("similarityShare", { p: fmtPercent(similarity) })),
    " ",
    h(
      "button",
      {
        type: "button",
        class: "compare-version",
        "aria-label": t("compareWith", { name }),
        "aria-controls": "version-diff",
        onclick: () => compare(panel, doc, entry, ctx),
      },
      t("compare"),
    ),
  );
}

/**
 * The versions section of document `doc`: empty and hidden until the list
 * arrives, and left hidden when there is none (or the lookup fails: it is
 * an aside, the document itself is shown).
 */
export function versionsSection(doc, ctx) {
  const section = h("section", { id: "versions", class: "versions", hidden: true, "aria-labelledby": "versions-heading" });
  getJson(similarUrl(doc.id), { signal: ctx.signal, useCache: ctx.useCache })
    .then((answer) => {
      if (!ctx.isCurrent()) return;
      const list = Array.isArray(answer && answer.similar) ? answer.similar : [];
      const entries = list.filter((entry) => entry && /^[0-9a-f]{32}$/.test(entry.id));
      if (!entries.length) return;
      const panel = h("div", { id: "version-diff", class: "version-diff", hidden: true, "aria-live": "polite" });
      section.append(
        h("h2", { id: "versions-heading" }, tCount("otherVersions", entries.length)),
        h("p", { class: "muted versions-hint" }, t("versionsHint")),
        h("ul", { class: "version-list" }, entries.map((entry) => versionItem(entry, panel, doc, ctx))),
        panel,
      );
      section.hidden = false;
    })
    .catch(() => {
      /* no versions shown */
    });
  return section;
}
