// A word-level diff of two texts (Myers' O((N+M)D) algorithm), for
// comparing a document with one of its versions. Pure functions, no DOM:
// the reader turns the runs into <ins>/<del> elements.

/** Most words per text compared: beyond, the reader says so instead. */
export const DIFF_MAX_WORDS = 20000;
/**
 * Most word insertions and deletions looked for: the search keeps one row
 * per edit (about D² numbers in all, 64 MB at 4,000) and costs (N+M)·D
 * steps, so two texts that differ more are said to differ too much.
 */
export const DIFF_MAX_EDITS = 4000;

/**
 * The words of `text`, each with the spaces that follow it (a leading run
 * of spaces goes with the first word), so that joining them gives the text
 * back and its line breaks survive the diff.
 */
export function words(text) {
  return String(text || "").match(/^\s*\S+\s*|\S+\s*/g) || [];
}

/** Myers' forward search; the rows of furthest x per diagonal, one per edit, or null past `maxEdits`. */
function search(a, b, maxEdits) {
  const n = a.length;
  const m = b.length;
  const limit = Math.min(n + m, maxEdits);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace = [];
  for (let d = 0; d <= limit; d += 1) {
    // The row as it was before edit d, for diagonals -d..d.
    trace.push(v.slice(offset - d, offset + d + 1));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x += 1;
        y += 1;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return trace;
    }
  }
  return null;
}

/** Walks the rows back from the end: the edit script as [kind, indexA, indexB] steps, in order. */
function backtrack(trace, n, m) {
  const steps = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d -= 1) {
    const row = trace[d];
    const at = (k) => row[k + d];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x -= 1;
      y -= 1;
      steps.push(["same", x, y]);
    }
    if (down) steps.push(["ins", x, prevY]);
    else steps.push(["del", prevX, y]);
    x = prevX;
    y = prevY;
  }
  while (x > 0 && y > 0) {
    x -= 1;
    y -= 1;
    steps.push(["same", x, y]);
  }
  return steps.reverse();
}

/**
 * The word diff of `before` and `after`: runs of {kind: "same" | "del" |
 * "ins", text}, deletions before insertions where words were replaced.
 * Words are compared without the spaces around them; the text of a "same"
 * run is `after`'s. `{tooLong: words}` when a text has more than
 * `maxWords` words; `{tooDifferent: true}` past `maxEdits` edits.
 */
export function diffWords(before, after, { maxWords = DIFF_MAX_WORDS, maxEdits = DIFF_MAX_EDITS } = {}) {
  const a = words(before);
  const b = words(after);
  if (a.length > maxWords || b.length > maxWords) return { tooLong: Math.max(a.length, b.length) };
  const ka = a.map((word) => word.trim());
  const kb = b.map((word) => word.trim());
  // The common start and end cost nothing to the search.
  let start = 0;
  while (start < ka.length && start < kb.length && ka[start] === kb[start]) start += 1;
  let endA = ka.length;
  let endB = kb.length;
  while (endA > start && endB > start && ka[endA - 1] === kb[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const trace = search(ka.slice(start, endA), kb.slice(start, endB), maxEdits);
  if (!trace) return { tooDifferent: true };
  const runs = [];
  const push = (kind, text) => {
    const last = runs[runs.length - 1];
    if (last && last.kind === kind) last.text += text;
    else runs.push({ kind, text });
  };
  for (let i = 0; i < start; i += 1) push("same", b[i]);
  let pendingIns = "";
  for (const [kind, i, j] of backtrack(trace, endA - start, endB - start)) {
    if (kind === "same") {
      if (pendingIns) push("ins", pendingIns);
      pendingIns = "";
      push("same", b[start + j]);
    } else if (kind === "del") {
      push("del", a[start + i]);
    } else {
      pendingIns += b[start + j];
    }
  }
  if (pendingIns) push("ins", pendingIns);
  for (let j = endB; j < b.length; j += 1) push("same", b[j]);
  return { runs };
}
