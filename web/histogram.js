// The search page's histogram of results per month: a bar per month, with a
// click, a drag, a tap or the keyboard to filter the search to a period.

import { t, tCount, fmtMonth, fmtMonthName } from "./i18n.js";
import { h } from "./dom.js";
import { goToSearch } from "./nav.js";
import { monthRange, monthsBetween, withPageReset } from "./state.js";

/** The months of `data`'s month facet, the period of `state` highlighted; null without months. */
export function histogram(data, state) {
  const raw = ((data && data.facets && data.facets.month) || []).filter((m) => /^\d{4}-\d{2}$/.test(m.value));
  if (!raw.length) return null;
  const counts = new Map(raw.map((m) => [m.value, m.count]));
  const sorted = [...counts.keys()].sort();
  const months = monthsBetween(sorted[0], sorted[sorted.length - 1]);
  const max = Math.max(1, ...counts.values());

  const inRange = (ym) => {
    if (!state.after && !state.before) return false;
    const [first, last] = monthRange(ym);
    return (!state.after || last >= state.after) && (!state.before || first <= state.before);
  };

  const apply = (a, b) => {
    const [start, end] = a <= b ? [a, b] : [b, a];
    goToSearch(withPageReset(state, (next) => {
      next.after = monthRange(start)[0];
      next.before = monthRange(end)[1];
    }));
  };

  const bars = h("div", {
    id: "histogram",
    class: "histogram",
    role: "group",
    "aria-label": t("histogram"),
    "aria-describedby": "histogram-help",
  });
  if (months.length > 36) bars.classList.add("dense");
  const showMonths = months.length <= 18;
  const axis = h("div", { class: showMonths ? "histogram-axis with-months" : "histogram-axis", "aria-hidden": "true" });

  months.forEach((ym, i) => {
    const count = counts.get(ym) || 0;
    const label = tCount("histogramBar", count, { month: fmtMonth(ym) });
    const fill = h("span", { class: "bar-fill" });
    fill.style.height = count ? `${Math.max(3, (count / max) * 100)}%` : "0";
    const bar = h(
      "button",
      {
        type: "button",
        class: `bar${count ? "" : " empty"}${inRange(ym) ? " in-range" : ""}`,
        dataset: { month: ym, count: String(count) },
        title: label,
        "aria-label": label,
      },
      fill,
    );
    // One tab stop for the whole histogram; arrow keys move between months.
    bar.tabIndex = -1;
    bars.append(bar);
    const [y, m] = ym.split("-");
    const year = i === 0 || m === "01" ? y : "";
    axis.append(
      h(
        "span",
        { class: "tick" },
        showMonths ? h("span", { class: "tick-month" }, fmtMonthName(ym, "short")) : null,
        h("span", { class: "tick-year" }, year || "\u00a0"),
      ),
    );
  });

  const barList = [...bars.querySelectorAll(".bar")];
  const entry = barList.find((bar) => bar.classList.contains("in-range")) || barList[barList.length - 1];
  if (entry) entry.tabIndex = 0;
  bars.addEventListener("keydown", (event) => {
    const index = barList.indexOf(document.activeElement);
    if (index < 0) return;
    const step = { ArrowLeft: -1, ArrowRight: 1, Home: -index, End: barList.length - 1 - index }[event.key];
    if (step === undefined) return;
    event.preventDefault();
    const next = barList[Math.min(barList.length - 1, Math.max(0, index + step))];
    barList[index].tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });

  // Click one bar: that month. Drag from one bar to another: the span between.
  let dragStart = null;
  const barAt = (event) => {
    const direct = event.target instanceof Element ? event.target.closest(".bar") : null;
    if (direct && bars.contains(direct)) return direct;
    const el = document.elementFromPoint(event.clientX, event.clientY);
    const bar = el ? el.closest(".bar") : null;
    return bar && bars.contains(bar) ? bar : null;
  };
  const paintDrag = (a, b) => {
    const [start, end] = a <= b ? [a, b] : [b, a];
    for (const bar of bars.querySelectorAll(".bar")) {
      bar.classList.toggle("dragging", bar.dataset.month >= start && bar.dataset.month <= end);
    }
  };
  const onUp = (event) => {
    document.removeEventListener("mouseup", onUp, true);
    if (dragStart === null) return;
    const start = dragStart;
    dragStart = null;
    bars.classList.remove("is-dragging");
    const bar = barAt(event);
    if (!bar) {
      paintDrag("9999", "9999");
      return;
    }
    apply(start, bar.dataset.month);
  };
  bars.addEventListener("mousedown", (event) => {
    if (event.button !== 0) return;
    const bar = barAt(event);
    if (!bar) return;
    event.preventDefault();
    dragStart = bar.dataset.month;
    bars.classList.add("is-dragging");
    paintDrag(dragStart, dragStart);
    document.addEventListener("mouseup", onUp, true);
  });
  bars.addEventListener("mouseover", (event) => {
    if (dragStart === null) return;
    const bar = barAt(event);
    if (bar) paintDrag(dragStart, bar.dataset.month);
  });
  // Keyboard activation (and synthetic clicks): mouse clicks were handled on mouseup.
  bars.addEventListener("click", (event) => {
    const bar = event.target instanceof Element ? event.target.closest(".bar") : null;
    if (!bar || event.detail !== 0) return;
    apply(bar.dataset.month, bar.dataset.month);
  });
  // Touch: a tap picks its month; a swipe (scrolling the histogram) does not.
  let touchStart = null;
  bars.addEventListener(
    "touchstart",
    (event) => {
      const touch = event.touches && event.touches[0];
      touchStart = touch ? { x: touch.clientX, y: touch.clientY } : null;
    },
    { passive: true },
  );
  bars.addEventListener("touchend", (event) => {
    const touch = event.changedTouches && event.changedTouches[0];
    const start = touchStart;
    touchStart = null;
    if (!touch || !start) return;
    if (Math.abs(touch.clientX - start.x) > 10 || Math.abs(touch.clientY - start.y) > 10) return;
    const el = document.elementFromPoint(touch.clientX, touch.clientY);
    const bar = el ? el.closest(".bar") : null;
    if (bar && bars.contains(bar)) {
      event.preventDefault();
      apply(bar.dataset.month, bar.dataset.month);
    }
  });

  return h(
    "section",
    { class: "histogram-box", "aria-labelledby": "histogram-title" },
    h(
      "div",
      { class: "histogram-head" },
      h("h2", { id: "histogram-title" }, t("histogram")),
      h("p", { id: "histogram-help", class: "muted small" }, t("histogramHelp")),
    ),
    h("div", { class: "histogram-scroll" }, bars, axis),
  );
}
