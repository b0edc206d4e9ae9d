// The search page's list of results: a card per hit (an email, or an
// attachment or document with where it was found), opening a hit, and the
// j/k selection in the list.

import { t, tCount, fmtDateTime, langName, kindName } from "./i18n.js";
import { h, safeSnippet, revealBidi, subjectText } from "./dom.js";
import { navigate, saveViewState } from "./nav.js";
import { messagePath } from "./message.js";
import { documentPath, containerName, fileBadge, extractionBadge, fileName } from "./file.js";
import { verdictBadge } from "./provenance.js";
import { hitMarks, hitStar } from "./workspace.js";

let selected = -1;


// ---------- cards ----------

function senderNodes(from, { quietWhenUnknown = false } = {}) {
  const sender = [];
  if (from.name) sender.push(h("span", { class: "hit-from-name" }, revealBidi(from.name)));
  if (from.address) {
    const address = revealBidi(from.address);
    sender.push(h("span", { class: "hit-from-address" }, from.name ? `<${address}>` : address));
  }
  if (!sender.length && !quietWhenUnknown) sender.push(h("span", { class: "muted" }, t("unknownSender")));
  return sender;
}

/** Sender, date, language and paper clip: one line under the title. */
function hitMeta(hit, { file = false } = {}) {
  // A loose document has no sender nor date: say nothing rather than "unknown".
  const sender = senderNodes(hit.from || {}, { quietWhenUnknown: file });
  const showDate = !file || !!hit.date;
  const n = (hit.attachments || []).length;
  return h(
    "div",
    { class: "hit-meta" },
    // A file found on its own, outside any email: say so, the line is otherwise bare.
    file && hit.kind === "document" && !hit.parent_id ? h("span", { class: "hit-kind" }, kindName(hit.kind)) : null,
    sender.length ? h("span", { class: "hit-from" }, sender) : null,
    sender.length && showDate ? h("span", { class: "sep", "aria-hidden": "true" }, "·") : null,
    showDate ? h("time", { class: "hit-date", datetime: hit.date || null }, fmtDateTime(hit.date)) : null,
    h("span", { class: "badge lang", title: langName(hit.lang) }, hit.lang || "und"),
    n
      ? h("span", { class: "clip", title: tCount("hasAttachments", n), role: "img", "aria-label": tCount("hasAttachments", n) })
      : null,
    hitMarks(hit),
  );
}

/**
 * Where an attachment or document sits: "in: <parent subject>" (the email
 * carrying the attachment) or "in: dossier.zip" (the loose archive holding a
 * document), and its path through containers when it says more than its name.
 */
function hitContext(hit, file) {
  const parts = [];
  if (hit.parent_id) {
    const isEmail = hit.kind === "attachment";
    const label = isEmail ? subjectText(file.parent_subject) : revealBidi(containerName(file.path) || hit.parent_id);
    parts.push(
      h(
        "span",
        { class: "hit-parent" },
        t("hitIn"),
        " ",
        h(
          "a",
          {
            class: "hit-parent-link",
            href: isEmail ? messagePath(hit.parent_id) : documentPath(hit.parent_id),
            dataset: { parentId: hit.parent_id },
          },
          label,
        ),
      ),
    );
  }
  if (file.path && file.path !== file.name) parts.push(h("code", { class: "hit-path" }, revealBidi(file.path)));
  return parts.length ? h("div", { class: "hit-context" }, parts) : null;
}

function fileHitArticle(hit) {
  const file = hit.file || {};
  const name = fileName(file.name || hit.subject, t("unnamedFile"));
  const link = h("a", { class: "hit-link", href: documentPath(hit.id) }, name);
  return h(
    "article",
    { class: `hit hit-file kind-${hit.kind}`, dataset: { id: hit.id, kind: hit.kind }, "aria-labelledby": `hit-${hit.id}` },
    h(
      "h3",
      { class: "hit-title", id: `hit-${hit.id}` },
      fileBadge(file.filetype),
      " ",
      link,
      " ",
      extractionBadge(file.extraction, file.reason),
    ),
    hitContext(hit, file),
    hitMeta(hit, { file: true }),
    hit.snippet ? h("p", { class: "hit-snippet" }, safeSnippet(hit.snippet)) : null,
  );
}

function emailHitArticle(hit) {
  const link = h("a", { class: "hit-link", href: messagePath(hit.id) }, subjectText(hit.subject));
  return h(
    "article",
    { class: "hit", dataset: { id: hit.id, kind: hit.kind || "email" }, "aria-labelledby": `hit-${hit.id}` },
    h(
      "h3",
      { class: hit.subject && hit.subject.trim() ? "hit-title" : "hit-title no-subject", id: `hit-${hit.id}` },
      link,
      hit.dkim && verdictBadge(hit.dkim) ? [" ", verdictBadge(hit.dkim)] : null,
    ),
    // A forwarded message is indexed on its own: say where it was found.
    hit.parent_id
      ? h(
        "div",
        { class: "hit-context" },
        h(
          "span",
          { class: "hit-parent" },
          t("forwardedInside"),
          " ",
          h("a", { class: "hit-parent-link", href: messagePath(hit.parent_id), dataset: { parentId: hit.parent_id } }, t("openCarrying")),
        ),
      )
      : null,
    hitMeta(hit),
    h("p", { class: "hit-snippet" }, safeSnippet(hit.snippet)),
  );
}

function hitArticle(hit) {
  // Attachments and documents open in the document view, emails in the reader.
  const isFile = hit.kind === "attachment" || hit.kind === "document";
  const article = isFile ? fileHitArticle(hit) : emailHitArticle(hit);
  const star = hitStar(hit);
  if (star) {
    article.classList.add("has-star");
    article.append(star);
  }
  // The whole card opens the hit, unless text is being selected.
  article.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.target instanceof Element && event.target.closest("a, button")) return;
    const sel = window.getSelection();
    if (sel && String(sel).length > 0) return;
    openHit(article, { newTab: event.metaKey || event.ctrlKey });
  });
  return article;
}

function openHit(article, { newTab = false } = {}) {
  const link = article.querySelector("a.hit-link");
  if (!link) return;
  if (newTab) {
    window.open(link.href, "_blank", "noopener");
    return;
  }
  saveViewState({ selected: article.dataset.id });
  navigate(link.getAttribute("href"));
}

/** The hits of a page of results, or the words saying there are none. */
export function resultList(data) {
  const hits = (data && data.hits) || [];
  const results = h("div", { id: "results", class: "results" });
  for (const hit of hits) results.append(hitArticle(hit));
  if (data && !hits.length) results.append(h("p", { class: "no-results" }, t("noResults")));
  return results;
}

// ---------- selection (j/k) ----------

function hitsInPage() {
  return [...document.querySelectorAll("#results article.hit")];
}

function paintSelection({ scroll = true } = {}) {
  const hits = hitsInPage();
  hits.forEach((el, i) => {
    const on = i === selected;
    el.classList.toggle("selected", on);
    if (on) el.setAttribute("aria-current", "true");
    else el.removeAttribute("aria-current");
  });
  const el = hits[selected];
  if (el && scroll) {
    el.scrollIntoView({ block: "nearest" });
    const link = el.querySelector("a.hit-link");
    if (link) link.focus({ preventScroll: true });
  }
}

export function moveSelection(delta) {
  const hits = hitsInPage();
  if (!hits.length) return false;
  if (selected < 0) selected = delta > 0 ? 0 : hits.length - 1;
  else selected = Math.min(hits.length - 1, Math.max(0, selected + delta));
  paintSelection();
  return true;
}

export function openSelection() {
  const el = hitsInPage()[selected];
  if (!el) return false;
  openHit(el);
  return true;
}

export function hasSelection() {
  return selected >= 0 && !!hitsInPage()[selected];
}

export function clearSelection() {
  selected = -1;
  paintSelection({ scroll: false });
}

/** The list was drawn again: select nothing, or the hit `id` again if it is there (back from it). */
export function restoreSelection(id) {
  selected = -1;
  if (!id) return;
  const idx = hitsInPage().findIndex((el) => el.dataset.id === id);
  if (idx >= 0) {
    selected = idx;
    paintSelection({ scroll: false });
  }
}
