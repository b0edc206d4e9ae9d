// The search view's state, which lives entirely in the URL. Parameter names
// are exactly those of /api/search.

// `filetype` and `extraction` narrow to attachments and documents (files);
// they are repeatable like the others. `tag` is the team's own tags. The
// last six are the entities found in the text (IBANs, phone numbers, SIREN
// and SIRET numbers, hosts linked to, addresses mentioned).
export const FILTERS = [
  "from", "to", "domain", "lang", "kind", "filetype", "extraction", "dkim", "author", "software", "client", "tag",
  "iban", "phone", "siren", "siret", "link", "mention",
];
export const SORTS = ["relevance", "newest", "oldest"];
export const PER_PAGE = 20;
/** The API pages through the first 10,000 results only. */
export const MAX_PAGE = Math.floor(10000 / PER_PAGE);

function values(params, name) {
  const seen = new Set();
  const out = [];
  for (const raw of params.getAll(name)) {
    const v = raw.trim();
    if (v && !seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

export function emptyState() {
  return {
    q: "",
    filters: Object.fromEntries(FILTERS.map((f) => [f, []])),
    after: "",
    before: "",
    has_attachments: "",
    starred: "",
    // "exclude": words of quoted text (replies, forwards) do not match.
    quotes: "",
    sort: "relevance",
    page: 1,
  };
}

/** Reads a search state from URL search parameters (string or URLSearchParams). */
export function parseState(search) {
  const params = search instanceof URLSearchParams ? search : new URLSearchParams(search);
  const state = emptyState();
  state.q = params.get("q") || "";
  for (const f of FILTERS) state.filters[f] = values(params, f);
  state.after = (params.get("after") || "").trim();
  state.before = (params.get("before") || "").trim();
  const att = (params.get("has_attachments") || "").trim().toLowerCase();
  state.has_attachments = att === "true" || att === "1" ? "true" : att === "false" || att === "0" ? "false" : "";
  const starred = (params.get("starred") || "").trim().toLowerCase();
  state.starred = starred === "true" || starred === "1" ? "true" : "";
  state.quotes = (params.get("quotes") || "").trim().toLowerCase() === "exclude" ? "exclude" : "";
  const sort = (params.get("sort") || "").trim().toLowerCase();
  state.sort = SORTS.includes(sort) ? sort : "relevance";
  const page = parseInt(params.get("page") || "1", 10);
  state.page = Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1;
  return state;
}

export function cloneState(state) {
  return {
    ...state,
    filters: Object.fromEntries(FILTERS.map((f) => [f, [...(state.filters[f] || [])]])),
  };
}

/** A copy of `state` changed by `change`, back on the first page: what every filter does. */
export function withPageReset(state, change) {
  const next = cloneState(state);
  change(next);
  next.page = 1;
  return next;
}

/**
 * The state as URL parameters, in a stable order. `page: false` leaves the
 * page out (exports); `sort` is left out when it is the default unless
 * `explicitSort` is set.
 */
export function stateParams(state, { page = true, explicitSort = false } = {}) {
  const params = new URLSearchParams();
  if (state.q && state.q.trim()) params.set("q", state.q);
  for (const f of FILTERS) for (const v of state.filters[f] || []) params.append(f, v);
  if (state.after) params.set("after", state.after);
  if (state.before) params.set("before", state.before);
  if (state.has_attachments) params.set("has_attachments", state.has_attachments);
  if (state.starred) params.set("starred", "true");
  if (state.quotes === "exclude") params.set("quotes", "exclude");
  if (explicitSort || state.sort !== "relevance") params.set("sort", state.sort);
  if (page && state.page > 1) params.set("page", String(state.page));
  return params;
}

/** The search page's URL for a state. */
export function searchUrl(state) {
  const qs = stateParams(state).toString();
  return qs ? `/?${qs}` : "/";
}

export function apiSearchUrl(state, { perPage = PER_PAGE } = {}) {
  const params = stateParams(state, { page: false, explicitSort: true });
  params.set("page", String(state.page));
  params.set("per_page", String(perPage));
  return `/api/search?${params.toString()}`;
}

/** The correspondents view's URL for a state; `limit` (pairs shown) when not the default. */
export function correspondentsUrl(state, limit = null) {
  const params = stateParams(state, { page: false });
  if (limit) params.set("limit", String(limit));
  const qs = params.toString();
  return qs ? `/correspondents?${qs}` : "/correspondents";
}

export function apiCorrespondentsUrl(state, limit) {
  const params = stateParams(state, { page: false });
  params.set("limit", String(limit));
  return `/api/correspondents?${params.toString()}`;
}

export function exportUrl(state, format) {
  const params = stateParams(state, { page: false });
  params.set("format", format);
  return `/api/export?${params.toString()}`;
}

export function hasFilters(state) {
  return (
    FILTERS.some((f) => state.filters[f].length > 0) ||
    !!state.after ||
    !!state.before ||
    !!state.has_attachments ||
    !!state.starred
  );
}

/**
 * The search as the JSON body the workspace takes (`POST /api/tags/{tag}`):
 * the same fields as the URL's, booleans as booleans.
 */
export function searchBody(state) {
  const body = {};
  if (state.q && state.q.trim()) body.q = state.q;
  for (const f of FILTERS) if (state.filters[f].length) body[f] = [...state.filters[f]];
  if (state.after) body.after = state.after;
  if (state.before) body.before = state.before;
  if (state.has_attachments) body.has_attachments = state.has_attachments === "true";
  if (state.starred) body.starred = true;
  if (state.quotes === "exclude") body.quotes = "exclude";
  return body;
}

/** The search's query string without its page, as a saved search keeps it. */
export function savedQuery(state) {
  return stateParams(state, { page: false }).toString();
}

/** First and last day of a YYYY-MM month, as YYYY-MM-DD. */
export function monthRange(ym) {
  const [y, m] = ym.split("-").map((x) => parseInt(x, 10));
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [`${ym}-01`, `${ym}-${String(last).padStart(2, "0")}`];
}

/** Every month from `first` to `last` (YYYY-MM), inclusive. */
export function monthsBetween(first, last) {
  const out = [];
  let [y, m] = first.split("-").map((x) => parseInt(x, 10));
  const [ly, lm] = last.split("-").map((x) => parseInt(x, 10));
  while ((y < ly || (y === ly && m <= lm)) && out.length < 1200) {
    out.push(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}
