// The entities found in a message's or a document's text (IBANs, phone
// numbers, SIREN and SIRET numbers, addresses mentioned, hosts linked to),
// as the reader and the document view show them: each value a link to the
// search for it (`iban:FR76…`, `phone:+336…`, `mentions:…`, `link:…`).
// Values come from the archive: text only, bidi controls shown.

import { t, fmtNumber } from "./i18n.js";
import { h, revealBidi } from "./dom.js";
import { emptyState, searchUrl } from "./state.js";

/** The kinds in the order shown, with the query field searching each. */
const KINDS = [
  ["ibans", "iban"],
  ["phones", "phone"],
  ["sirens", "siren"],
  ["sirets", "siret"],
  ["emails", "mentions"],
  ["domains", "link"],
];

/** Values shown per kind; a text full of numbers says how many more it holds. */
const SHOWN_MAX = 50;

/** The search URL for `field:value`, quoted when the value holds spaces, quotes or brackets. */
export function entitySearchUrl(field, value) {
  const clean = String(value).replace(/"/g, "");
  const term = /[\s()]/.test(clean) ? `"${clean}"` : clean;
  const state = emptyState();
  state.q = `${field}:${term}`;
  return searchUrl(state);
}

/** The "Entities" section, or null when the text holds none (or the server gives none). */
export function entitiesSection(entities, { id = "entities" } = {}) {
  if (!entities || typeof entities !== "object") return null;
  const dl = h("dl");
  for (const [kind, field] of KINDS) {
    const values = Array.isArray(entities[kind]) ? entities[kind].filter((v) => typeof v === "string" && v) : [];
    if (!values.length) continue;
    const shown = values.slice(0, SHOWN_MAX).map((value) =>
      h(
        "a",
        {
          class: "entity-link",
          href: entitySearchUrl(field, value),
          dir: "ltr",
          dataset: { kind, value },
          title: t("entitySearch", { value: `${field}:${revealBidi(value)}` }),
        },
        revealBidi(value),
      ));
    const more = values.length > SHOWN_MAX ? h("span", { class: "muted" }, `+${fmtNumber(values.length - SHOWN_MAX)}`) : null;
    dl.append(h("dt", null, t(`entity_${kind}`)), h("dd", { dataset: { kind } }, shown, more));
  }
  if (!dl.firstChild) return null;
  const headingId = `${id}-heading`;
  return h("section", { id, class: "entities", "aria-labelledby": headingId }, h("h2", { id: headingId }, t("entities")), dl);
}
