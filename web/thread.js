// The thread view: /threads/{thread_id}?open={id}. Every message is a
// <details>; opening one loads its whole body from /api/messages/{id}. A
// thread may hold tens of thousands of messages: they come a page at a time
// (oldest first), a "Show more" button appending the next page.

import { t, tCount, fmtNumber, fmtDateTime, langName } from "./i18n.js";
import { h, clear, append, safeSnippet, revealBidi, subjectText } from "./dom.js";
import { getJson, messageUrl, threadUrl } from "./api.js";
import { backLink, showError, withProgress, saveViewState } from "./nav.js";
import { headerFields, bodySection, attachmentsSection, carriedSection, messagePath, timeNode } from "./message.js";

/** Messages asked for at a time. */
const PER_PAGE = 100;
/** Pages loaded at once, at most, to reach the message of ?open= or to
 * restore a view (back, language switch): 5,000 messages. */
const MAX_PAGES = 50;

function senderLabel(from) {
  if (!from) return t("unknownSender");
  return revealBidi(from.name || from.address || t("unknownSender"));
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
        subjectText(hit.subject),
        hit.attachments && hit.attachments.length
          ? [
            " ",
            h(
              "span",
              { class: "clip", role: "img", title: tCount("hasAttachments", hit.attachments.length), "aria-label": tCount("hasAttachments", hit.attachments.length) },
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

/**
 * Page `page` of a thread, `loaded` messages being already there: its
 * messages, the thread's total and whether more pages follow. A server
 * without paging answers every message and no total: one page, no more.
 */
async function fetchPage(threadId, page, loaded, ctx, useCache) {
  const data = await withProgress(
    getJson(threadUrl(threadId, { page, perPage: PER_PAGE }), { signal: ctx.signal, useCache }),
  );
  const raw = Array.isArray(data.messages) ? data.messages : [];
  const count = loaded + raw.length;
  const total = Number.isSafeInteger(data.total) && data.total >= count ? data.total : count;
  return { data, raw, count, total, more: raw.length > 0 && count < total };
}

export async function renderThread(main, threadId, openId, ctx) {
  // What is loaded so far. `count` counts what the server sent (its
  // `total` counts the same); `messages` keeps the emails, oldest first: a
  // thread is a conversation of emails, attachments sharing their email's
  // thread id are shown in it, not beside it.
  const loaded = { page: 0, count: 0, total: 0, more: true, threadId };
  const messages = [];
  const seen = new Set();
  const take = (result) => {
    loaded.page += 1;
    loaded.count = result.count;
    loaded.total = result.total;
    loaded.more = result.more;
    if (result.data.thread_id) loaded.threadId = result.data.thread_id;
    const added = [];
    for (const m of result.raw) {
      if (!m || (m.kind && m.kind !== "email") || seen.has(m.id)) continue;
      seen.add(m.id);
      messages.push(m);
      added.push(m);
    }
    return added;
  };

  // As many pages as were shown before (back, language switch), and more
  // until the message of ?open= is found, within MAX_PAGES.
  const restored = Number(ctx.restore && ctx.restore.threadPages);
  const wanted = Math.min(Number.isSafeInteger(restored) && restored > 0 ? restored : 1, MAX_PAGES);
  try {
    do {
      take(await fetchPage(threadId, loaded.page + 1, loaded.count, ctx, ctx.useCache));
      if (!ctx.isCurrent()) return;
    } while (loaded.more && loaded.page < MAX_PAGES && (loaded.page < wanted || (openId && !seen.has(openId))));
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

  const first = messages[0];
  const title = subjectText(first && first.subject);
  document.title = `${title} — Fouille`;

  // The message asked for; else, the whole thread being there, its last
  // one (the latest word); else none.
  const far = openId && !seen.has(openId) && loaded.more;
  let target = null;
  if (openId && seen.has(openId)) target = openId;
  else if (!loaded.more && messages.length) target = messages[messages.length - 1].id;

  const countLine = h("p", { id: "thread-count", class: "muted" });
  const moreStatus = h("p", { class: "thread-more-status muted", role: "status", "aria-live": "polite" });
  const moreButton = h("button", { type: "button", id: "thread-more", class: "button-small" });
  const moreBox = h("div", { class: "thread-more" }, moreStatus, moreButton);
  const updateCounts = () => {
    const langs = [...new Set(messages.map((m) => m.lang).filter(Boolean))];
    const shown = loaded.more
      ? tCount("threadShown", messages.length, {
        total: fmtNumber(Math.max(loaded.total - (loaded.count - messages.length), messages.length)),
      })
      : tCount("threadCount", messages.length);
    clear(countLine).append(shown, langs.length ? ` · ${langs.map(langName).join(", ")}` : "");
    moreBox.hidden = !loaded.more;
    if (loaded.more) {
      moreStatus.textContent = shown;
      moreButton.textContent = tCount("threadShowMore", Math.min(PER_PAGE, loaded.total - loaded.count));
    }
  };

  clear(main);
  const section = h(
    "section",
    { id: "thread", class: "thread", "aria-labelledby": "thread-title", dataset: { threadId: loaded.threadId } },
    h("nav", { class: "reader-nav" }, backLink()),
    h(
      "header",
      { class: "thread-header" },
      h("p", { class: "eyebrow" }, t("thread")),
      h("h1", { id: "thread-title" }, title),
      countLine,
      far
        ? h(
          "p",
          { class: "note thread-open-far" },
          t("threadOpenFar"),
          " ",
          h("a", { id: "open-far", class: "open-message", href: messagePath(openId) }, t("openMessage")),
        )
        : null,
    ),
  );
  const list = h("div", { class: "thread-messages" });
  let openEl = null;
  for (const hit of messages) {
    const el = messageDetails(hit, hit.id === target, ctx);
    if (hit.id === target) {
      el.classList.add("current");
      openEl = el;
    }
    list.append(el);
  }
  section.append(list, moreBox);
  updateCounts();

  moreButton.addEventListener("click", async () => {
    if (moreButton.disabled || !loaded.more) return;
    moreButton.disabled = true;
    moreButton.setAttribute("aria-busy", "true");
    try {
      const added = take(await fetchPage(threadId, loaded.page + 1, loaded.count, ctx, false));
      if (!ctx.isCurrent()) return;
      const fragment = document.createDocumentFragment();
      for (const hit of added) fragment.append(messageDetails(hit, false, ctx));
      list.append(fragment);
      updateCounts();
      saveViewState({ threadPages: loaded.page });
      // The first new message takes the focus: the button may be gone.
      const next = added.length ? list.querySelector(`details.thread-message[data-id="${CSS.escape(added[0].id)}"] > summary`) : null;
      if (next && !loaded.more) next.focus();
    } catch (err) {
      if ((err && err.name === "AbortError") || !ctx.isCurrent()) return;
      showError(err);
    } finally {
      moreButton.disabled = false;
      moreButton.removeAttribute("aria-busy");
    }
  });

  main.append(section);
  if (openEl && !ctx.restoring) {
    requestAnimationFrame(() => openEl.scrollIntoView({ block: "start" }));
  }
}
