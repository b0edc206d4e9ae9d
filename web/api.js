// JSON API access. Errors come back as ApiError with the server's code and
// message ({"error":{"code","message"}}), or "network"/"http" codes.

export class ApiError extends Error {
  constructor(code, message, status = 0) {
    super(message || code);
    this.code = code;
    this.status = status;
  }
}

// A few recent answers, so that switching the interface language re-renders
// the view without asking the server again.
const recent = new Map();
const RECENT_MAX = 40;

function remember(url, data) {
  recent.delete(url);
  recent.set(url, data);
  while (recent.size > RECENT_MAX) recent.delete(recent.keys().next().value);
}

/** Fetches `url` and reads its JSON answer; a 204 answers null. */
async function request(url, init) {
  let response;
  try {
    // Never from the browser's cache: a history navigation may otherwise
    // answer with what the page showed before the team's last writes.
    response = await fetch(url, { credentials: "same-origin", cache: "no-store", ...init });
  } catch (err) {
    if (err && err.name === "AbortError") throw err;
    throw new ApiError("network", String(err && err.message ? err.message : err));
  }
  let body = null;
  const type = response.headers.get("content-type") || "";
  if (type.includes("json")) {
    try {
      body = await response.json();
    } catch (err) {
      if (err && err.name === "AbortError") throw err;
      body = null;
    }
  }
  if (!response.ok) {
    if (body && body.error && typeof body.error === "object") {
      throw new ApiError(String(body.error.code || "http"), String(body.error.message || ""), response.status);
    }
    throw new ApiError("http", "", response.status);
  }
  if (response.status === 204) return null;
  if (body === null) throw new ApiError("http", "", response.status);
  return body;
}

/**
 * GET a JSON endpoint. `signal` aborts it (rejects with an AbortError);
 * `useCache` answers from the recent answers when possible.
 */
export async function getJson(url, { signal, useCache = false } = {}) {
  if (useCache && recent.has(url)) return recent.get(url);
  const body = await request(url, { signal, headers: { Accept: "application/json" } });
  remember(url, body);
  return body;
}

/**
 * A write (PUT, POST, PATCH, DELETE) to the workspace. The body goes as
 * JSON unless `type` names another (a batch's CSV); the server refuses a
 * write without a JSON content type (415), so even an empty one says JSON.
 * Answers the JSON answer, or null for 204.
 */
export async function sendJson(method, url, body, { type = "application/json", signal } = {}) {
  // The recent answers may hold what this write changes.
  recent.clear();
  const init = { method, signal, headers: { Accept: "application/json", "Content-Type": type } };
  if (body !== undefined) init.body = type === "application/json" ? JSON.stringify(body) : body;
  return request(url, init);
}

export function messageUrl(id) {
  return `/api/messages/${encodeURIComponent(id)}`;
}

/** A thread's messages, a page at a time (`page` from 1). */
export function threadUrl(threadId, { page, perPage } = {}) {
  const base = `/api/threads/${encodeURIComponent(threadId)}`;
  if (!page && !perPage) return base;
  const params = new URLSearchParams();
  if (page) params.set("page", String(page));
  if (perPage) params.set("per_page", String(perPage));
  return `${base}?${params}`;
}

export function documentUrl(id) {
  return `/api/documents/${encodeURIComponent(id)}`;
}
