// The batch-search page, /batch: a list of queries (typed, or a .csv or
// .txt file) run against the archive in the background with the same
// filters (POST /api/batches), then its progress (GET /api/batches/{id},
// polled), each query's total with a link to its search, and the results
// as CSV. /batch?id=… shows a batch; its filters stay in the address so
// that each query links to the very search that was counted.

import { t, tCount, fmtNumber, fmtDateTime } from "./i18n.js";
import { h, clear, revealBidi } from "./dom.js";
import { getJson, sendJson } from "./api.js";
import { navigate, showError, withProgress } from "./nav.js";
import { emptyState, parseState, searchUrl, stateParams } from "./state.js";
import { loadMe, canWrite, unavailableNote } from "./workspace.js";

/** What the server takes. */
const MAX_BODY = 2 * 1024 * 1024;
const MAX_QUERIES = 10000;
/** Rows drawn on the page; the CSV has them all. */
const ROWS_SHOWN = 2000;
const POLL_MS = 600;

function batchApi(id, ...rest) {
  return [`/api/batches/${encodeURIComponent(id)}`, ...rest].join("/");
}

// ---------- the form ----------

function field(id, label, input) {
  return h("div", { class: "batch-field" }, h("label", { for: id }, label), input);
}

function filterFields() {
  return h(
    "fieldset",
    { class: "batch-filters" },
    h("legend", null, t("batchFilters")),
    field("batch-from", t("facetFrom"), h("input", { id: "batch-from", name: "from", type: "text", autocomplete: "off" })),
    field("batch-after", t("batchAfter"), h("input", { id: "batch-after", name: "after", type: "date" })),
    field("batch-before", t("batchBefore"), h("input", { id: "batch-before", name: "before", type: "date" })),
  );
}

/** The filters typed in the form, as a search state without a query. */
function formFilters(form) {
  const state = emptyState();
  const from = form.elements.from.value.trim();
  if (from) state.filters.from = [from];
  state.after = form.elements.after.value || "";
  state.before = form.elements.before.value || "";
  return state;
}

function typedQueries(text) {
  return text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line);
}

/** The request for the form: the file as it is (CSV or plain), or the typed lines as JSON. */
async function batchRequest(form, filters) {
  const file = form.elements.file.files[0];
  const params = stateParams(filters, { page: false });
  if (file) {
    if (file.size > MAX_BODY) throw new Error(t("batchTooBig"));
    const isCsv = /\.csv$/i.test(file.name) || file.type === "text/csv";
    const query = params.toString();
    return { url: query ? `/api/batches?${query}` : "/api/batches", body: await file.text(), type: isCsv ? "text/csv" : "text/plain" };
  }
  const queries = typedQueries(form.elements.queries.value);
  if (!queries.length) throw new Error(t("batchEmpty"));
  if (queries.length > MAX_QUERIES) throw new Error(t("batchTooMany", { max: fmtNumber(MAX_QUERIES) }));
  const body = { queries };
  if (filters.filters.from.length) body.from = filters.filters.from;
  if (filters.after) body.after = filters.after;
  if (filters.before) body.before = filters.before;
  return { url: "/api/batches", body, type: "application/json" };
}

function batchForm() {
  const submit = h("button", { type: "submit", id: "batch-submit", class: "button-small", disabled: !canWrite() }, t("batchRun"));
  const form = h(
    "form",
    { id: "batch-form", class: "batch-form" },
    field("batch-queries", t("batchQueries"), h("textarea", { id: "batch-queries", name: "queries", rows: 8, spellcheck: "false" })),
    field("batch-file", t("batchFile"), h("input", { id: "batch-file", name: "file", type: "file", accept: ".csv,.txt,text/csv,text/plain" })),
    h("p", { class: "muted small" }, t("batchFileHint")),
    filterFields(),
    submit,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    submit.disabled = true;
    try {
      const filters = formFilters(form);
      const { url, body, type } = await batchRequest(form, filters);
      const answer = await sendJson("POST", url, body, { type });
      const params = stateParams(filters, { page: false });
      params.set("id", String(answer.id));
      navigate(`/batch?${params}`);
    } catch (err) {
      showError(err);
      submit.disabled = false;
    }
  });
  return form;
}

// ---------- a batch's progress and rows ----------

function rowLink(query, filters) {
  const state = { ...filters, q: query, page: 1 };
  return h("a", { class: "batch-query", href: searchUrl(state) }, revealBidi(query));
}

function rowsTable() {
  const body = h("tbody");
  const table = h(
    "table",
    { id: "batch-rows", class: "batch-rows" },
    h("caption", { class: "visually-hidden" }, t("batchRowsCaption")),
    h("thead", null, h("tr", null, h("th", { scope: "col" }, t("batchQuery")), h("th", { scope: "col" }, t("batchTotal")), h("th", { scope: "col" }, t("batchError")))),
    body,
  );
  return { table, body };
}

/** Appends the rows not drawn yet (rows only ever grow while a batch runs). */
function appendRows(body, rows, filters) {
  for (let i = body.rows.length; i < Math.min(rows.length, ROWS_SHOWN); i += 1) {
    const row = rows[i] || {};
    const query = String(row.query || "");
    body.append(
      h(
        "tr",
        { class: row.error ? "batch-row failed" : "batch-row" },
        h("td", null, rowLink(query, filters)),
        h("td", { class: "batch-total" }, row.error ? "" : fmtNumber(Number(row.total) || 0)),
        h("td", { class: "batch-error" }, row.error ? String(row.error) : ""),
      ),
    );
  }
}

function paintProgress(parts, batch) {
  const done = Number(batch.done) || 0;
  const total = Number(batch.total) || 0;
  parts.bar.max = Math.max(total, 1);
  parts.bar.value = done;
  const status = batch.status === "done" || batch.status === "interrupted" ? batch.status : "running";
  const vars = { done: fmtNumber(done), total: fmtNumber(total) };
  if (status === "done") parts.count.textContent = tCount("batchDone", total);
  else parts.count.textContent = t(status === "interrupted" ? "batchInterrupted" : "batchRunning", vars);
  parts.section.dataset.status = status;
}

/** Whether the batch will not change any more (done, or cut short by a restart of the server). */
function isOver(batch) {
  return batch.status === "done" || batch.status === "interrupted";
}

async function showBatch(section, id, filters, ctx) {
  const bar = h("progress", { id: "batch-progress", max: 1, value: 0 });
  const count = h("p", { id: "batch-count", class: "batch-count", role: "status", "aria-live": "polite" });
  const { table, body } = rowsTable();
  const more = h("p", { class: "muted small", hidden: true }, t("batchRowsCut", { n: fmtNumber(ROWS_SHOWN) }));
  const download = h("a", { id: "batch-download", class: "button-small", href: batchApi(id, "results.csv"), download: "results.csv" }, t("batchDownload"));
  section.append(h("label", { for: "batch-progress", class: "visually-hidden" }, t("batchProgress")), bar, count, h("p", null, download), table, more);
  const parts = { bar, count, section };
  for (;;) {
    let batch;
    try {
      batch = await getJson(batchApi(id), { signal: ctx.signal });
    } catch (err) {
      if ((err && err.name === "AbortError") || !ctx.isCurrent()) return;
      showError(err);
      return;
    }
    if (!ctx.isCurrent()) return;
    const rows = Array.isArray(batch.rows) ? batch.rows : [];
    paintProgress(parts, batch);
    // The server keeps the batch's filters: they win over the address's.
    appendRows(body, rows, typeof batch.filters === "string" ? parseState(batch.filters) : filters);
    more.hidden = rows.length <= ROWS_SHOWN;
    if (isOver(batch)) return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    if (!ctx.isCurrent()) return;
  }
}

// ---------- the user's earlier batches ----------

async function earlierBatches(section, ctx) {
  let answer;
  try {
    answer = await getJson("/api/batches", { signal: ctx.signal });
  } catch {
    return; // the list is a convenience: the page works without it
  }
  if (!ctx.isCurrent()) return;
  const batches = Array.isArray(answer) ? answer : Array.isArray(answer.batches) ? answer.batches : [];
  if (!batches.length) return;
  const list = h("ul", { class: "batch-list" });
  for (const batch of batches.slice(0, 50)) {
    const label = `${fmtDateTime(batch.created)} · ${tCount("batchQueryCount", Number(batch.total) || 0)}`;
    list.append(h("li", null, h("a", { href: `/batch?id=${encodeURIComponent(String(batch.id))}` }, label)));
  }
  section.append(h("h2", null, t("batchEarlier")), list);
}

export async function renderBatch(main, ctx) {
  await withProgress(loadMe());
  if (!ctx.isCurrent()) return;
  document.title = `${t("batchTitle")} — Fouille`;
  const id = (ctx.params.get("id") || "").trim();
  clear(main);
  const page = h(
    "section",
    { id: "batch", class: "batch-page", "aria-labelledby": "batch-title" },
    h("h1", { id: "batch-title" }, t("batchTitle")),
    h("p", { class: "muted" }, t("batchIntro")),
    unavailableNote(),
  );
  main.append(page);
  if (id) {
    const section = h("section", { id: "batch-status", class: "batch-status", "aria-label": t("batchProgress") });
    page.append(section, h("p", null, h("a", { href: "/batch" }, t("batchNew"))));
    await showBatch(section, id, parseState(ctx.params), ctx);
    return;
  }
  page.append(batchForm());
  if (canWrite()) await earlierBatches(page, ctx);
}
