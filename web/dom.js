// Small DOM helpers. Nothing here ever assigns HTML from the network to
// innerHTML: text goes in as text nodes, and the server's snippet HTML is
// parsed inert in a <template> and rebuilt from text and <mark> only.

import { t, tCount } from "./i18n.js";

/**
 * Creates an element: h("a", {href: "/", class: "x", onclick: fn}, "text", child…).
 * Attributes starting with "on" become listeners; `dataset` and `style` take objects;
 * `false`/`null`/`undefined` attributes are skipped; `true` sets an empty attribute.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) {
      if (value === false || value === null || value === undefined) continue;
      if (name.startsWith("on") && typeof value === "function") {
        el.addEventListener(name.slice(2), value);
      } else if (name === "dataset") {
        Object.assign(el.dataset, value);
      } else if (name === "style") {
        Object.assign(el.style, value);
      } else if (name === "class") {
        el.className = value;
      } else if (value === true) {
        el.setAttribute(name, "");
      } else {
        el.setAttribute(name, String(value));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// ---------- text chosen by the sender ----------

/** Bidirectional control characters, which can make text display as other
 * text (`invoice\u202Efdp.exe` shows as "invoiceexe.pdf"). */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with bidi controls shown as visible markers, for text that must
 * not lie: addresses, senders, file names, subjects, snippets. */
export function revealBidi(text) {
  return String(text).replace(
    BIDI_CONTROLS,
    (c) => `⟨U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}⟩`,
  );
}

/** A subject for display (lists, headings, page titles): bidi controls
 * made visible, or "(no subject)" when it is empty. */
export function subjectText(subject) {
  return subject && String(subject).trim() ? revealBidi(subject) : t("noSubject");
}

/**
 * The server's snippet ("escaped text with <mark>…</mark>") as safe DOM:
 * parsed in an inert <template>, then rebuilt keeping only text nodes and
 * <mark> elements (whose own content is filtered the same way). Anything else
 * is dropped, its text content kept as text. Bidi controls in the text are
 * made visible (the markup is never touched: it is rebuilt, not copied).
 */
export function safeSnippet(html) {
  const template = document.createElement("template");
  template.innerHTML = typeof html === "string" ? html : "";
  const out = document.createDocumentFragment();
  const copy = (from, to) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) {
        to.append(document.createTextNode(revealBidi(node.nodeValue)));
      } else if (node.nodeType === Node.ELEMENT_NODE && node.localName === "mark") {
        const mark = document.createElement("mark");
        copy(node, mark);
        to.append(mark);
      }
      // every other node (elements, comments…) is dropped
    }
  };
  copy(template.content, out);
  return out;
}

// ---------- plain text bodies ----------

// Bounded length, and no bidi controls: a URL cannot be made to display as
// another (U+202E) or to stall the page.
const URL_RE = /\bhttps?:\/\/[^\s<>"'`{}|\\^\u00a0\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]{1,2048}/gi;

/** Cuts trailing punctuation that is more likely prose than URL. Brackets
 * are counted once, then adjusted as characters are cut (linear time). */
function trimUrl(url) {
  const pairs = { ")": "(", "]": "[", ">": "<" };
  const count = {};
  for (const c of url) count[c] = (count[c] || 0) + 1;
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1];
    const open = pairs[c];
    const unbalanced = open && (count[c] || 0) > (count[open] || 0);
    if (!".,;:!?'\"»”’*".includes(c) && !unbalanced) break;
    count[c] -= 1;
    end -= 1;
  }
  return url.slice(0, end);
}

/** Appends `text` to `parent`, turning http(s) URLs into links (DOM only). */
export function appendLinkified(parent, text) {
  let last = 0;
  URL_RE.lastIndex = 0;
  let m;
  while ((m = URL_RE.exec(text)) !== null) {
    const url = trimUrl(m[0]);
    if (!/^https?:\/\/[^/?#\s]/i.test(url)) continue;
    if (m.index > last) parent.append(document.createTextNode(text.slice(last, m.index)));
    const a = document.createElement("a");
    a.href = url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    a.dir = "ltr";
    a.textContent = url;
    parent.append(a);
    last = m.index + url.length;
    URL_RE.lastIndex = last;
  }
  if (last < text.length) parent.append(document.createTextNode(text.slice(last)));
}

const SEPARATOR_RE =
  /^\s*(?:-{2,}\s*(?:original message|message d['’]origine|message original|forwarded message|message transf[ée]r[ée]|mensaje original|urspr[üu]ngliche nachricht)\s*-{2,}|begin forwarded message\s*:|d[ée]but du message r[ée]exp[ée]di[ée]\s*:|_{20,})\s*$/i;
const WROTE_END_RE = /(?:a\s+[ée]crit|wrote)\s*:\s*$/i;
const WROTE_START_RE = /^\s*(?:le|on)\s+\S/i;

/** Index of the line where the quoted tail starts (separator or "On … wrote:"), or -1. */
function quotedTailStart(lines) {
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i];
    if (SEPARATOR_RE.test(line)) return i;
    // "On Mon, 2 Oct 2017 … wrote:" / "Le 2 oct. 2017 … a écrit :" (a date, so a digit)
    if (WROTE_START_RE.test(line) && /\d/.test(line)) {
      if (WROTE_END_RE.test(line)) return i;
      // an attribution wrapped over two lines
      const next = lines[i + 1];
      if (next !== undefined && line.length > 20 && !/^\s*>/.test(next) && WROTE_END_RE.test(`${line} ${next.trim()}`)) {
        return i;
      }
    }
  }
  return -1;
}

function quotedBlock(text, label = t("quotedText")) {
  const details = document.createElement("details");
  details.className = "quoted";
  const summary = document.createElement("summary");
  summary.textContent = label;
  details.append(summary);
  const body = document.createElement("div");
  body.className = "quoted-text";
  appendLinkified(body, text);
  details.append(body);
  return details;
}

/**
 * Renders a plain-text body into `container`: URLs as links, runs of lines
 * starting with ">" and everything from an "Original Message" / "On … wrote:"
 * line onwards folded into <details>.
 */
export function renderPlainText(container, text) {
  clear(container);
  const source = (text || "").replace(/\r\n?/g, "\n").replace(/\s+$/, "");
  if (!source) {
    container.append(h("span", { class: "muted" }, t("emptyBody")));
    return container;
  }
  const lines = source.split("\n");
  const tail = quotedTailStart(lines);
  const head = tail >= 0 ? lines.slice(0, tail) : lines;

  let buffer = [];
  const flushText = () => {
    if (!buffer.length) return;
    const chunk = buffer.join("\n").replace(/\n+$/, "");
    if (chunk.trim()) {
      const span = document.createElement("div");
      span.className = "text-chunk";
      appendLinkified(span, chunk);
      container.append(span);
    }
    buffer = [];
  };

  let i = 0;
  while (i < head.length) {
    if (/^\s*>/.test(head[i])) {
      const start = i;
      while (i < head.length && (/^\s*>/.test(head[i]) || (head[i].trim() === "" && i + 1 < head.length && /^\s*>/.test(head[i + 1])))) {
        i += 1;
      }
      flushText();
      container.append(quotedBlock(head.slice(start, i).join("\n")));
    } else {
      buffer.push(head[i]);
      i += 1;
    }
  }
  flushText();
  if (tail >= 0) {
    container.append(quotedBlock(lines.slice(tail).join("\n")));
  }
  return container;
}

/**
 * Renders a plain-text body the server already cut into the message's own
 * text and quoted text (`parts`: `[{quoted, text}]`, in order): own text as
 * it is, each quoted part folded into a <details> saying how many lines it
 * holds. URLs become links, as in renderPlainText.
 */
export function renderParts(container, parts) {
  clear(container);
  for (const part of parts) {
    const text = String((part && part.text) || "").replace(/\r\n?/g, "\n").replace(/^\n+/, "").replace(/\s+$/, "");
    if (!text.trim()) continue;
    if (part.quoted) {
      const lines = text.split("\n").length;
      const block = quotedBlock(text, tCount("quotedLines", lines));
      block.dataset.lines = String(lines);
      container.append(block);
    } else {
      const chunk = document.createElement("div");
      chunk.className = "text-chunk";
      appendLinkified(chunk, text);
      container.append(chunk);
    }
  }
  if (!container.firstChild) container.append(h("span", { class: "muted" }, t("emptyBody")));
  return container;
}

/** True when the focus is in a place where keys are typed. */
export function isTyping(target) {
  const el = target instanceof Element ? target : document.activeElement;
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = el.localName;
  if (tag === "textarea" || tag === "select") return true;
  if (tag === "input") {
    const type = (el.getAttribute("type") || "text").toLowerCase();
    return !["button", "submit", "reset", "checkbox", "radio", "range", "color", "file", "image"].includes(type);
  }
  return false;
}

/**
 * "Name <address>" as DOM: name in <span class="addr-name">, address after;
 * with `link: "from"` (or "to") the address links to a search on it.
 */
export function addressNode(addr, { link = null } = {}) {
  const name = addr && addr.name ? revealBidi(addr.name) : "";
  const address = addr && addr.address ? addr.address : "";
  const wrap = h("span", { class: "addr" });
  if (name) wrap.append(h("span", { class: "addr-name" }, name));
  if (address) {
    if (name) wrap.append(" ");
    const shown = revealBidi(address);
    const text = name ? `<${shown}>` : shown;
    if (link) {
      wrap.append(
        h("a", { class: "addr-address", href: `/?${link}=${encodeURIComponent(address)}` }, text),
      );
    } else {
      wrap.append(h("span", { class: "addr-address" }, text));
    }
  }
  if (!name && !address) wrap.append(h("span", { class: "muted" }, t("unknownSender")));
  return wrap;
}

export function addressList(list, opts) {
  const out = [];
  (list || []).forEach((addr, i) => {
    if (i > 0) out.push(", ");
    out.push(addressNode(addr, opts));
  });
  return out;
}
