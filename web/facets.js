// The search page's filters: the facets sidebar (a list of values with their
// counts per field, attachments, period), the chips of the active filters,
// and the button that shows the sidebar on narrow screens. The team's tags
// are a facet like the others; "starred" is a toggle like attachments.

import { t, fmtNumber, fmtMonth, fmtDay, langName, kindName, filetypeName, extractionName, dkimName } from "./i18n.js";
import { h } from "./dom.js";
import { goToSearch } from "./nav.js";
import { FILTERS, hasFilters, monthRange, withPageReset } from "./state.js";
import { canWrite } from "./workspace.js";

const FACET_LABELS = {
  iban: "facetIban",
  phone: "facetPhone",
  siren: "facetSiren",
  siret: "facetSiret",
  link: "facetLink",
  mention: "facetMention",
  from: "facetFrom",
  to: "facetTo",
  domain: "facetDomain",
  lang: "facetLang",
  kind: "facetKind",
  filetype: "facetFiletype",
  extraction: "facetExtraction",
  dkim: "facetDkim",
  author: "facetAuthor",
  software: "facetSoftware",
  client: "facetClient",
  tag: "facetTag",
};
/** Facets that only some archives fill: hidden while they have no value and no filter. */
const OPTIONAL_FACETS = new Set(["author", "software", "client", "tag", "iban", "phone", "siren", "siret", "link", "mention"]);
const CHIP_LABELS = {
  iban: "chipIban",
  phone: "chipPhone",
  siren: "chipSiren",
  siret: "chipSiret",
  link: "chipLink",
  mention: "chipMention",
  from: "chipFrom",
  to: "chipTo",
  domain: "chipDomain",
  lang: "chipLang",
  kind: "chipKind",
  filetype: "chipFiletype",
  extraction: "chipExtraction",
  dkim: "chipDkim",
  author: "chipAuthor",
  software: "chipSoftware",
  client: "chipClient",
  tag: "chipTag",
};

/** Whether the folded sidebar was opened: it stays open from one search to the next. */
let filtersExpanded = false;

function facetValueLabel(name, value) {
  if (name === "lang") return langName(value);
  if (name === "kind") return kindName(value);
  if (name === "filetype") return filetypeName(value);
  if (name === "extraction") return extractionName(value);
  if (name === "dkim") return dkimName(value);
  return value;
}

// ---------- facets ----------

function facetSection(name, values, state) {
  const active = new Set(state.filters[name].map((v) => v.toLowerCase()));
  const headingId = `facet-${name}-title`;
  const list = h("ul", { class: "facet-list" });
  for (const { value, count } of values || []) {
    const isActive = active.has(String(value).toLowerCase());
    const label = facetValueLabel(name, value);
    const button = h(
      "button",
      {
        type: "button",
        class: isActive ? "facet-value active" : "facet-value",
        dataset: { value },
        "aria-pressed": String(isActive),
        title: name === "lang" ? `${label} (${value})` : String(value),
        "aria-label": `${t("labelValue", { label: t(FACET_LABELS[name]), value: label })} (${fmtNumber(count)})`,
      },
      h("span", { class: "facet-label" }, label),
      h("span", { class: "facet-count" }, fmtNumber(count)),
    );
    button.addEventListener("click", () => {
      goToSearch(
        withPageReset(state, (next) => {
          if (isActive) {
            next.filters[name] = next.filters[name].filter((v) => v.toLowerCase() !== String(value).toLowerCase());
          } else {
            next.filters[name].push(String(value));
          }
        }),
      );
    });
    list.append(h("li", null, button));
  }
  if (!values || !values.length) list.append(h("li", { class: "muted empty" }, t("noValues")));
  return h(
    "section",
    { class: "facet", dataset: { facet: name }, "aria-labelledby": headingId },
    h("h2", { id: headingId }, t(FACET_LABELS[name])),
    list,
  );
}

function attachmentsSection(state) {
  const make = (value, label) => {
    const isActive = state.has_attachments === value;
    const button = h(
      "button",
      {
        type: "button",
        class: isActive ? "filter-toggle active" : "filter-toggle",
        dataset: { param: "has_attachments", value },
        "aria-pressed": String(isActive),
      },
      h("span", { class: "facet-label" }, label),
    );
    button.addEventListener("click", () => {
      goToSearch(withPageReset(state, (next) => {
        next.has_attachments = isActive ? "" : value;
      }));
    });
    return h("li", null, button);
  };
  return h(
    "section",
    { class: "facet-extra", dataset: { filter: "has_attachments" }, "aria-labelledby": "facet-att-title" },
    h("h2", { id: "facet-att-title" }, t("facetAttachments")),
    h("ul", { class: "facet-list" }, make("true", t("withAttachments")), make("false", t("withoutAttachments"))),
  );
}

/** Only the caller's starred messages; their stars live in the workspace. */
function starredSection(state) {
  if (!canWrite() && !state.starred) return null;
  const isActive = state.starred === "true";
  const button = h(
    "button",
    {
      type: "button",
      id: "starred-filter",
      class: isActive ? "filter-toggle active" : "filter-toggle",
      dataset: { param: "starred", value: "true" },
      "aria-pressed": String(isActive),
    },
    h("span", { class: "facet-label" }, t("starredOnly")),
  );
  button.addEventListener("click", () => {
    goToSearch(withPageReset(state, (next) => {
      next.starred = isActive ? "" : "true";
    }));
  });
  return h(
    "section",
    { class: "facet-extra", dataset: { filter: "starred" }, "aria-labelledby": "facet-starred-title" },
    h("h2", { id: "facet-starred-title" }, t("facetStarred")),
    h("ul", { class: "facet-list" }, h("li", null, button)),
  );
}

function periodSection(state) {
  const after = h("input", { type: "date", id: "after-input", name: "after", value: state.after || null });
  const before = h("input", { type: "date", id: "before-input", name: "before", value: state.before || null });
  const form = h(
    "form",
    { class: "period-form", action: "/", method: "get" },
    h("label", { for: "after-input" }, t("periodFrom")),
    after,
    h("label", { for: "before-input" }, t("periodTo")),
    before,
    h("button", { type: "submit", class: "button-small" }, t("apply")),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    goToSearch(withPageReset(state, (next) => {
      next.after = after.value || "";
      next.before = before.value || "";
    }));
  });
  return h(
    "section",
    { class: "facet-extra", dataset: { filter: "date" }, "aria-labelledby": "facet-period-title" },
    h("h2", { id: "facet-period-title" }, t("facetPeriod")),
    form,
  );
}

/** The facets of `data` with the active ones of `state` pressed, then attachments and period. */
export function sidebar(data, state) {
  const facets = (data && data.facets) || {};
  return h(
    "aside",
    {
      id: "sidebar",
      class: filtersExpanded ? "sidebar expanded" : "sidebar",
      "aria-label": t("filters"),
    },
    h(
      "nav",
      { class: "facets", "aria-label": t("filters") },
      FILTERS.filter(
        (name) => !OPTIONAL_FACETS.has(name) || (facets[name] || []).length || state.filters[name].length,
      ).map((name) => facetSection(name, facets[name], state)),
      starredSection(state),
      attachmentsSection(state),
      periodSection(state),
    ),
  );
}

// ---------- chips ----------

function chip(param, value, label, onRemove) {
  const removeLabel = t("removeFilter", { label });
  return h(
    "span",
    { class: "chip", dataset: { param, value } },
    h("span", { class: "chip-label" }, label),
    h(
      "button",
      { type: "button", class: "chip-remove", "aria-label": removeLabel, title: removeLabel, onclick: onRemove },
      "×",
    ),
  );
}

function dateLabel(after, before) {
  if (after && before) {
    const a = /^(\d{4}-\d{2})-01$/.exec(after);
    if (a && before.startsWith(a[1]) && monthRange(a[1])[1] === before) return fmtMonth(a[1]);
    return `${fmtDay(after)} – ${fmtDay(before)}`;
  }
  if (after) return t("since", { d: fmtDay(after) });
  return t("until", { d: fmtDay(before) });
}

/**
 * A chip per active filter, each removing its filter, and "clear all"; null
 * without filters. `go` shows the changed state (the search page, unless
 * another view of the search asks to stay).
 */
export function chips(state, go = goToSearch) {
  if (!hasFilters(state)) return null;
  const box = h("div", { class: "chips", role: "group", "aria-label": t("activeFilters") });
  for (const name of FILTERS) {
    for (const value of state.filters[name]) {
      const label = t("labelValue", { label: t(CHIP_LABELS[name]), value: facetValueLabel(name, value) });
      box.append(
        chip(name, value, label, () =>
          go(withPageReset(state, (next) => {
            next.filters[name] = next.filters[name].filter((v) => v !== value);
          }))),
      );
    }
  }
  if (state.after || state.before) {
    box.append(
      chip("date", `${state.after}..${state.before}`, t("labelValue", { label: t("chipDate"), value: dateLabel(state.after, state.before) }), () =>
        go(withPageReset(state, (next) => {
          next.after = "";
          next.before = "";
        }))),
    );
  }
  if (state.has_attachments) {
    box.append(
      chip(
        "has_attachments",
        state.has_attachments,
        t("labelValue", { label: t("chipAttachments"), value: state.has_attachments === "true" ? t("chipWith") : t("chipWithout") }),
        () => go(withPageReset(state, (next) => {
          next.has_attachments = "";
        })),
      ),
    );
  }
  if (state.starred) {
    box.append(
      chip("starred", "true", t("chipStarred"), () => go(withPageReset(state, (next) => {
        next.starred = "";
      }))),
    );
  }
  const clearAll = h("button", { type: "button", class: "chips-clear link-button" }, t("clearFilters"));
  clearAll.addEventListener("click", () => {
    go(withPageReset(state, (next) => {
      for (const f of FILTERS) next.filters[f] = [];
      next.after = "";
      next.before = "";
      next.has_attachments = "";
      next.starred = "";
    }));
  });
  box.append(clearAll);
  return box;
}

// ---------- quoted text ----------

/** "Ignore quoted text": words of replies' quotes and forwarded parts stop matching (`quotes=exclude`). */
export function quotesToggle(state, go = goToSearch) {
  const box = h("input", {
    type: "checkbox",
    id: "ignore-quotes",
    name: "quotes",
    value: "exclude",
    checked: state.quotes === "exclude",
  });
  box.addEventListener("change", () => {
    go(withPageReset(state, (next) => {
      next.quotes = box.checked ? "exclude" : "";
    }));
  });
  return h("label", { class: "quotes-toggle", for: "ignore-quotes", title: t("ignoreQuotesHint") }, box, " ", t("ignoreQuotes"));
}

// ---------- narrow screens ----------

/** The button showing the sidebar where it is folded away, with the number of active filters. */
export function filtersToggle(state) {
  const active =
    FILTERS.reduce((n, f) => n + state.filters[f].length, 0) +
    (state.after || state.before ? 1 : 0) +
    (state.has_attachments ? 1 : 0) +
    (state.starred ? 1 : 0);
  const button = h(
    "button",
    {
      type: "button",
      class: "filters-toggle",
      "aria-expanded": String(filtersExpanded),
      "aria-controls": "sidebar",
    },
    t("filters"),
    active ? h("span", { class: "count" }, String(active)) : null,
  );
  button.addEventListener("click", () => {
    filtersExpanded = !filtersExpanded;
    button.setAttribute("aria-expanded", String(filtersExpanded));
    const aside = document.getElementById("sidebar");
    if (aside) aside.classList.toggle("expanded", filtersExpanded);
  });
  return button;
}
