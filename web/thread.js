// The thread view: /threads/{thread_id}?open={id}. Every message is a
// <details>; opening one loads its whole body from /api/messages/{id}.

import { t, fmtDateTime, langName } from "./i18n.js";
import { h, clear, append, safeSnippet } from "./dom.js";
import { getJson, messageUrl, threadUrl } from "./api.js";
import { backLink, showError, withProgress } from "./nav.js";
import { headerFields, bodySection, attachmentsSection, carriedSection, messagePath, timeNode } from "./message.js";

function senderLabel(from) {
  if (!from) return t("unknownSender");
  return from.name || from.address || t("unknownSender");
}

async function loadBody(details, hit, ctx) {
  if (details.dataset.loaded === "true" || details.dataset.loading === "true") return;
  details.dataset.loading = "true";
  const box = details.querySelector(".thread-body");
  try {
    const msg = await withProgress(getJson(messageUrl(hit.id), { useCache: ctx.useCache }));
    if (!ctx.isCurrent()) return;
    clear(box);
    // The module's append skips null (no attachments); the DOM's would
    // print "null".
    append(box, [
      headerFields(msg),
      bodySection(msg),
      attachmentsSection(msg),
      carriedSection(msg),
      h(
        "p",
        { class: "thread-message-actions" },
        h("a", { class: "open-message", href: messagePath(msg.id) }, t("openMessage")),
      ),
    ]);
    details.dataset.loaded = "true";
  } catch (err) {
    if (!ctx.isCurrent()) return;
    clear(box);
    box.append(h("p", { class: "muted" }, safeSnippet(hit.snippet || "")));
    showError(err);
  } finally {
    delete details.dataset.loading;
  }
}

function messageDetails(hit, open, ctx) {
  const subject = hit.subject && hit.subject.trim() ? hit.subject : t("noSubject");
  const details = h(
    "details",
    { class: "thread-message", dataset: { id: hit.id }, open: open ? true : null },
    h(
      "summary",
      null,
      h("span", { class: "tm-from" }, senderLabel(hit.from)),
      h("span", { class: "tm-date" }, timeNode(hit.date, null, fmtDateTime)),
      h(
        "span",
        { class: "tm-subject" },
        subject,
        hit.attachments && hit.attachments.length
          ? [
            " ",
            h(
              "span",
              { class: "clip", role: "img", title: t("hasAttachments", { n: hit.attachments.length }), "aria-label": t("hasAttachments", { n: hit.attachments.length }) },
              "📎",
            ),
          ]
          : null,
      ),
      h("span", { class: "tm-snippet muted" }, safeSnippet(hit.snippet || "")),
    ),
    h("div", { class: "thread-body" }, h("p", { class: "muted loading-text" }, t("loading"))),
  );
  details.addEventListener("toggle", () => {
    if (details.open) loadBody(details, hit, ctx);
  });
  if (open) loadBody(details, hit, ctx);
  return details;
}

export async function renderThread(main, threadId, openId, ctx) {
  let data;
  try {
    data = await withProgress(getJson(threadUrl(threadId), { signal: ctx.signal, useCache: ctx.useCache }));
  } catch (err) {
    if (err && err.name === "AbortError") return;
    if (!ctx.isCurrent()) return;
    clear(main);
    main.append(h("section", { id: "thread", class: "thread" }, h("nav", { class: "reader-nav" }, backLink())));
    showError(err);
    document.title = `${t("errorTitle")} — Fouille`;
    return;
  }
  if (!ctx.isCurrent()) return;

  // A thread is a conversation of emails: attachments share their email's
  // thread id but are shown in it, not beside it.
  const messages = (data.messages || []).filter((m) => !m.kind || m.kind === "email");
  const first = messages[0];
  const title = first && first.subject && first.subject.trim() ? first.subject : t("noSubject");
  document.title = `${title} — Fouille`;

  const target = messages.some((m) => m.id === openId) ? openId : messages.length ? messages[messages.length - 1].id : null;
  const langs = [...new Set(messages.map((m) => m.lang).filter(Boolean))];

  clear(main);
  const section = h(
    "section",
    { id: "thread", class: "thread", "aria-labelledby": "thread-title", dataset: { threadId: data.thread_id || threadId } },
    h("nav", { class: "reader-nav" }, backLink()),
    h(
      "header",
      { class: "thread-header" },
      h("p", { class: "eyebrow" }, t("thread")),
      h("h1", { id: "thread-title" }, title),
      h(
        "p",
        { class: "muted" },
        t("threadCount", { n: messages.length }),
        langs.length ? ` · ${langs.map(langName).join(", ")}` : "",
      ),
    ),
  );
  let openEl = null;
  for (const hit of messages) {
    const el = messageDetails(hit, hit.id === target, ctx);
    if (hit.id === target) {
      el.classList.add("current");
      openEl = el;
    }
    section.append(el);
  }
  main.append(section);
  if (openEl && !ctx.restoring) {
    requestAnimationFrame(() => openEl.scrollIntoView({ block: "start" }));
  }
}
