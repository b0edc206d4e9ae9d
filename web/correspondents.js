// The correspondents view: /correspondents?<the search's parameters>&limit=N.
// Who writes to whom among the emails of the search on screen
// (/api/correspondents): a graph (graph.js) and the same pairs as a table,
// every pair and address a link to the search narrowed to it.

import { t, tCount, fmtNumber } from "./i18n.js";
import { h, clear, revealBidi } from "./dom.js";
import { getJson } from "./api.js";
import { navigate, showError, withProgress, viewTabs } from "./nav.js";
import { parseState, searchUrl, correspondentsUrl, apiCorrespondentsUrl, withPageReset } from "./state.js";
import { chips, quotesToggle } from "./facets.js";
import { drawGraph } from "./graph.js";

/** Pairs asked for unless the URL says otherwise, and the choices offered. */
const DEFAULT_LIMIT = 100;
const LIMITS = [50, 100, 250, 500, 1000];

function parseLimit(raw) {
  const n = parseInt(raw || "", 10);
  return Number.isSafeInteger(n) && n >= 1 && n <= 1000 ? n : DEFAULT_LIMIT;
}

/** The limit of the page on screen, for the header's search form. */
export function currentLimit() {
  return parseLimit(new URLSearchParams(location.search).get("limit"));
}

/** The view's URL for a state, keeping the limit out when it is the default. */
export function correspondentsPath(state, limit = DEFAULT_LIMIT) {
  return correspondentsUrl(state, limit === DEFAULT_LIMIT ? null : limit);
}

// The pair's own addresses replace the search's sender and recipient
// filters: the pair already matched them, and keeping them would OR them in.
function pairSearch(state, pair) {
  return searchUrl(withPageReset(state, (next) => {
    next.filters.from = [pair.from];
    next.filters.to = [pair.to];
  }));
}

// Filters cannot say "sender OR recipient": an address that sent is
// searched as sender, one that only received as recipient.
function addressSearch(state, address, role) {
  return searchUrl(withPageReset(state, (next) => {
    next.filters[role] = [address];
  }));
}

function summary(data) {
  const parts = [tCount("corrEmails", data.emails)];
  if (data.truncated) {
    parts.push(tCount("corrShowing", data.pairs.length, { total: fmtNumber(data.total_pairs) }));
  } else {
    parts.push(tCount("corrPairs", data.total_pairs));
  }
  return h(
    "p",
    {
      id: "correspondents-summary",
      class: "total",
      role: "status",
      "aria-live": "polite",
      dataset: {
        emails: String(data.emails),
        pairs: String(data.pairs.length),
        totalPairs: String(data.total_pairs),
        truncated: String(!!data.truncated),
      },
    },
    parts.join(", "),
  );
}

function warnings(data) {
  if (!data.warnings || !data.warnings.length) return null;
  return h(
    "div",
    { class: "warnings", role: "note" },
    h("p", null, t("warnings")),
    h("ul", null, data.warnings.map((w) => h("li", null, w))),
  );
}

function controls(state, limit, fit) {
  const select = h(
    "select",
    { id: "corr-limit", name: "limit" },
    [...new Set([...LIMITS, limit])].sort((a, b) => a - b).map((n) => h("option", { value: String(n) }, fmtNumber(n))),
  );
  select.value = String(limit);
  select.addEventListener("change", () => navigate(correspondentsPath(state, parseLimit(select.value))));
  return h(
    "div",
    { class: "toolbar-right corr-controls" },
    h("label", { class: "sort-label", for: "corr-limit" }, t("corrLimit")),
    select,
    quotesToggle(state, (next) => navigate(correspondentsPath(next, limit))),
    fit,
  );
}

function pairsTable(data, state) {
  const body = h("tbody");
  for (const pair of data.pairs) {
    const from = revealBidi(pair.from);
    const to = revealBidi(pair.to);
    body.append(
      h(
        "tr",
        { dataset: { from: pair.from, to: pair.to, count: String(pair.count) } },
        h("td", null, h("a", { class: "corr-from", href: addressSearch(state, pair.from, "from") }, from)),
        h("td", null, h("a", { class: "corr-to", href: addressSearch(state, pair.to, "to") }, to)),
        h(
          "td",
          { class: "num" },
          h(
            "a",
            { class: "pair-link", href: pairSearch(state, pair), "aria-label": tCount("corrPairLink", pair.count, { from, to }) },
            fmtNumber(pair.count),
          ),
        ),
      ),
    );
  }
  return h(
    "table",
    { id: "pairs-table", class: "corr-table" },
    h("caption", null, t("corrPairsCaption")),
    h(
      "thead",
      null,
      h(
        "tr",
        null,
        h("th", { scope: "col" }, t("corrSender")),
        h("th", { scope: "col" }, t("corrRecipient")),
        h("th", { scope: "col", class: "num" }, t("corrCount")),
      ),
    ),
    body,
  );
}

function addressesTable(data, state) {
  const body = h("tbody");
  const countLink = (n, address, role, key) =>
    n > 0
      ? h("a", { class: `corr-${role}-count`, href: addressSearch(state, address, role), "aria-label": tCount(key, n, { address: revealBidi(address) }) }, fmtNumber(n))
      : fmtNumber(n);
  for (const a of data.addresses || []) {
    body.append(
      h(
        "tr",
        { dataset: { address: a.address } },
        h("th", { scope: "row" }, revealBidi(a.address)),
        h("td", { class: "num" }, countLink(a.sent, a.address, "from", "corrSentLink")),
        h("td", { class: "num" }, countLink(a.received, a.address, "to", "corrReceivedLink")),
      ),
    );
  }
  return h(
    "details",
    { id: "addresses", class: "more corr-addresses" },
    h("summary", null, tCount("corrAddresses", (data.addresses || []).length)),
    h(
      "table",
      { id: "addresses-table", class: "corr-table" },
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          h("th", { scope: "col" }, t("corrAddress")),
          h("th", { scope: "col", class: "num" }, t("corrSent")),
          h("th", { scope: "col", class: "num" }, t("corrReceived")),
        ),
      ),
      body,
    ),
  );
}

export async function renderCorrespondents(main, ctx) {
  const state = parseState(ctx.params);
  const limit = parseLimit(ctx.params.get("limit"));
  const input = document.getElementById("q");
  if (input) input.value = state.q;
  const q = state.q.trim();
  document.title = q ? `${t("correspondentsTitle")} · ${revealBidi(q)} — Fouille` : `${t("correspondentsTitle")} — Fouille`;

  let data = null;
  let error = null;
  try {
    data = await withProgress(getJson(apiCorrespondentsUrl(state, limit), { signal: ctx.signal, useCache: ctx.useCache }));
  } catch (err) {
    if (err && err.name === "AbortError") return;
    error = err;
  }
  if (!ctx.isCurrent()) return;

  const fit = h("button", { type: "button", id: "graph-fit", class: "button-small", hidden: true }, t("corrFit"));
  const help = h("p", { id: "graph-help", class: "muted small" }, t("corrGraphHelp"));
  const hasPairs = !!(data && data.pairs && data.pairs.length);
  const graph = hasPairs
    ? h("div", {
      id: "graph",
      class: "graph",
      role: "img",
      "aria-label": t("corrGraphLabel", { nodes: fmtNumber((data.addresses || []).length), edges: fmtNumber(data.pairs.length) }),
      "aria-describedby": "graph-help",
    })
    : null;

  clear(main);
  main.append(
    h(
      "section",
      { id: "correspondents", class: "correspondents", "aria-labelledby": "correspondents-title" },
      h("h1", { id: "correspondents-title", class: "visually-hidden" }, t("correspondentsTitle")),
      viewTabs(state, "correspondents"),
      chips(state, (next) => navigate(correspondentsPath(next, limit))),
      h("div", { class: "toolbar" }, data ? summary(data) : h("p", { class: "total" }), controls(state, limit, fit)),
      data ? warnings(data) : null,
      data && !hasPairs ? h("p", { id: "correspondents-empty", class: "note" }, t("corrNone")) : null,
      hasPairs ? [graph, help, pairsTable(data, state), addressesTable(data, state)] : null,
    ),
  );
  if (error) showError(error);
  if (!hasPairs) return;

  try {
    const cy = await drawGraph(graph, data, {
      signal: ctx.signal,
      onPair: (pair) => navigate(pairSearch(state, pair)),
      onAddress: (node) => navigate(addressSearch(state, node.id, node.sent > 0 ? "from" : "to")),
    });
    if (!cy) return;
    graph.dataset.ready = "true";
    fit.hidden = false;
    fit.addEventListener("click", () => cy.fit(undefined, 24));
  } catch (err) {
    if (!ctx.isCurrent()) return;
    console.error(err);
    graph.replaceWith(h("p", { class: "note graph-failed" }, t("corrGraphFailed")));
  }
}
