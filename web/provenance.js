// What can be told of where an email came from: its DKIM verdict (when the
// archive verified it), the client that wrote it, the anomalies in its
// headers and the servers it went through. Also the small verdict badge of
// an email in the results. Every value from the archive goes in as text.

import { t, dkimName, fmtDateTime } from "./i18n.js";
import { h, revealBidi } from "./dom.js";

/** DKIM outcomes as the three verdicts a reader needs; `none` says nothing. */
const VERDICTS = {
  pass: "verified",
  partial: "partial",
  fail: "altered",
  nokey: "unknown",
  invalid: "unknown",
  unverifiable: "unknown",
};

const VERDICT_LABELS = {
  verified: "verdictVerified",
  partial: "verdictPartial",
  altered: "verdictAltered",
  unknown: "verdictUnknown",
};

/**
 * The verdict badge of an email's DKIM outcome ("verified", "altered",
 * "cannot tell"), or null for an unsigned email or no outcome at all.
 */
export function verdictBadge(outcome) {
  const verdict = VERDICTS[outcome];
  if (!verdict) return null;
  const title = t("dkimBadgeTitle", { outcome: dkimName(outcome) });
  return h(
    "span",
    { class: `badge verdict verdict-${verdict}`, dataset: { dkim: outcome }, title, "aria-label": title },
    t(VERDICT_LABELS[verdict]),
  );
}

/** A delay in seconds for people: "+15 s", "+3 min", "−2 h"; "" when unknown. */
function fmtDelay(seconds) {
  if (typeof seconds !== "number" || !Number.isFinite(seconds)) return "";
  const units = t("delayUnits");
  const sign = seconds < 0 ? "−" : "+";
  const abs = Math.abs(seconds);
  if (abs < 120) return `${sign}${abs} ${units[0]}`;
  if (abs < 7200) return `${sign}${Math.round(abs / 60)} ${units[1]}`;
  if (abs < 172800) return `${sign}${Math.round(abs / 3600)} ${units[2]}`;
  return `${sign}${Math.round(abs / 86400)} ${units[3]}`;
}

// ---------- DKIM (filled by the verifier when the archive has verdicts) ----------

/** One signature: who signed, with what key, and what it covers. */
function dkimSignature(sig) {
  const parts = [];
  const push = (text) => {
    if (text) parts.push(h("span", { class: "dkim-part" }, text));
  };
  push(sig.algorithm ? revealBidi(sig.algorithm) : null);
  push(typeof sig.key_bits === "number" ? t("dkimKeyBits", { n: sig.key_bits }) : null);
  push(sig.aligned ? t("dkimAligned") : t("dkimNotAligned"));
  if (sig.result) push(sig.reason ? `${dkimName(sig.result)} (${revealBidi(sig.reason)})` : dkimName(sig.result));
  if (sig.expired) push(t("dkimExpired"));
  if (typeof sig.body_total === "number") {
    const signed = typeof sig.body_signed === "number" ? sig.body_signed : sig.body_total;
    push(t("dkimBody", { signed, total: sig.body_total }));
  }
  if (sig.signed_at) push(t("dkimSignedAt", { d: fmtDateTime(sig.signed_at) }));
  if (typeof sig.signed_after_date_seconds === "number") {
    push(t("dkimAfterDate", { delay: fmtDelay(sig.signed_after_date_seconds) }));
  }
  if (sig.key_source) push(t("dkimKeySource", { source: revealBidi(sig.key_source) }));
  const headers = Array.isArray(sig.headers) ? sig.headers.map((name) => revealBidi(name)).join(", ") : "";
  return h(
    "li",
    { class: "dkim-signature", dataset: { domain: sig.domain || "" } },
    h("strong", { class: "dkim-domain" }, revealBidi(sig.domain || "?")),
    sig.selector ? h("span", { class: "dkim-selector muted" }, ` s=${revealBidi(sig.selector)}`) : null,
    " ",
    parts.flatMap((part, i) => (i ? [" · ", part] : [part])),
    headers ? h("div", { class: "dkim-headers muted" }, t("dkimHeaders", { list: headers })) : null,
  );
}

/** The DKIM summary at the top of the panel, or null when the view has none. */
function dkimSection(dkim) {
  if (!dkim || typeof dkim !== "object" || !dkim.outcome) return null;
  const signatures = Array.isArray(dkim.signatures) ? dkim.signatures : [];
  return h(
    "div",
    { class: "provenance-dkim", id: "provenance-dkim", dataset: { outcome: dkim.outcome } },
    h("span", { class: "provenance-label" }, t("dkimHeading")),
    " ",
    verdictBadge(dkim.outcome),
    " ",
    h("span", { class: "dkim-outcome" }, dkimName(dkim.outcome)),
    signatures.length ? h("ul", { class: "dkim-signatures" }, signatures.map(dkimSignature)) : null,
    arcLine(dkim.arc),
  );
}

/** The ARC chain's verdict and its sealers, or null without a chain. */
function arcLine(arc) {
  if (!arc || typeof arc !== "object" || !arc.result) return null;
  const sealers = Array.isArray(arc.sealers) ? arc.sealers.map((name) => revealBidi(name)).join(" → ") : "";
  return h(
    "div",
    { class: "dkim-arc", id: "dkim-arc", dataset: { result: arc.result } },
    t("arcHeading"),
    " ",
    h("span", { class: "dkim-outcome" }, dkimName(arc.result)),
    arc.reason ? ` (${revealBidi(arc.reason)})` : "",
    sealers ? h("span", { class: "muted" }, ` · ${t("arcSealers", { list: sealers })}`) : null,
  );
}

// ---------- headers ----------

function anomaliesList(anomalies) {
  if (!anomalies.length) return h("p", { class: "provenance-clean muted" }, t("noAnomalies"));
  return h(
    "ul",
    { class: "anomalies", id: "anomalies" },
    anomalies.map((anomaly) => {
      const key = `anomaly_${anomaly.code}`;
      const known = t(key) !== key;
      const sentence = anomaly.message ? revealBidi(anomaly.message) : "";
      // The translation names the kind; the server's sentence gives the specifics.
      return h(
        "li",
        { class: "anomaly", dataset: { code: anomaly.code || "" }, title: known ? sentence : null },
        h("strong", null, known ? t(key) : sentence || anomaly.code),
        known && sentence ? h("div", { class: "anomaly-detail muted" }, sentence) : null,
      );
    }),
  );
}

function hopsTable(hops) {
  const row = (hop) => {
    const delay = fmtDelay(hop.delay_seconds);
    return h(
      "tr",
      { title: hop.raw ? revealBidi(hop.raw) : null },
      h("td", { class: "hop-from" }, revealBidi(hop.from || "")),
      h("td", { class: "hop-by" }, revealBidi(hop.by || "")),
      h("td", { class: "hop-with" }, revealBidi(hop.with || "")),
      h("td", { class: "hop-time" }, hop.time ? h("time", { datetime: hop.time }, fmtDateTime(hop.time)) : ""),
      h("td", { class: hop.delay_seconds < 0 ? "hop-delay negative" : "hop-delay" }, delay),
    );
  };
  return h(
    "div",
    { class: "hops-wrap" },
    h(
      "table",
      { class: "hops", id: "hops" },
      h("caption", null, t("provenanceRoute")),
      h(
        "thead",
        null,
        h(
          "tr",
          null,
          ["hopFrom", "hopBy", "hopWith", "hopTime", "hopDelay"].map((key) => h("th", { scope: "col" }, t(key))),
        ),
      ),
      h("tbody", null, hops.map(row)),
    ),
  );
}

/**
 * The provenance panel of the reader: DKIM summary (when present), the
 * sending client, the anomalies, then the Received chain. Null when the
 * view carries no provenance (an older server).
 */
export function provenanceSection(msg) {
  const provenance = msg && msg.provenance;
  if (!provenance) return null;
  const hops = Array.isArray(provenance.hops) ? provenance.hops : [];
  const anomalies = Array.isArray(provenance.anomalies) ? provenance.anomalies : [];
  return h(
    "section",
    { class: "provenance", id: "provenance", "aria-labelledby": "provenance-heading" },
    h(
      "h2",
      { id: "provenance-heading" },
      t("provenance"),
      anomalies.length ? [" ", h("span", { class: "count anomaly-count" }, String(anomalies.length))] : null,
    ),
    // ---- DKIM summary: rendered from msg.provenance.dkim when the archive has it ----
    dkimSection(provenance.dkim),
    // ---- end of DKIM summary ----
    provenance.client
      ? h(
        "p",
        { class: "provenance-client" },
        h("span", { class: "provenance-label" }, t("sentWith")),
        " ",
        h("span", { id: "provenance-client" }, revealBidi(provenance.client)),
      )
      : null,
    anomaliesList(anomalies),
    hops.length ? hopsTable(hops) : h("p", { class: "note" }, t("noHops")),
    provenance.hops_left_out ? h("p", { class: "note" }, t("hopsLeftOut", { n: provenance.hops_left_out })) : null,
  );
}
