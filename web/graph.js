// The correspondents graph, drawn on a canvas by Cytoscape.js (vendored in
// web/vendor/, loaded only when the graph is shown): an address is a node
// sized by the emails it sent and received, a sender → recipient pair an
// arrow as wide as its count. Addresses come from the archive: they are
// drawn as canvas text, never put into HTML.
//
// The page's Content-Security-Policy refuses inline styles: Cytoscape's
// own <style> element (`position: relative` on its container) is never
// created, because index.html's correspondents.css link carries the id
// Cytoscape looks for, and that stylesheet has the rule instead.

import { tCount, t, fmtNumber } from "./i18n.js";
import { revealBidi } from "./dom.js";

let library = null;

/** Cytoscape's module, imported once. */
function loadCytoscape() {
  if (!library) {
    library = import("./vendor/cytoscape.esm.min.mjs").then((module) => module.default).catch((err) => {
      library = null;
      throw err;
    });
  }
  return library;
}

/** Above this many addresses the force-directed layout is slow: rings by degree instead. */
const FORCE_LAYOUT_MAX = 300;

function cssColor(name, fallback) {
  const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return value || fallback;
}

/** Nodes and edges for Cytoscape; sizes scale with the square root of the counts. */
function elements(data) {
  const addresses = data.addresses || [];
  const pairs = data.pairs || [];
  const maxTotal = Math.max(1, ...addresses.map((a) => a.sent + a.received));
  const maxCount = Math.max(1, ...pairs.map((p) => p.count));
  const nodes = addresses.map((a) => ({
    group: "nodes",
    data: {
      id: a.address,
      label: revealBidi(a.address),
      sent: a.sent,
      received: a.received,
      size: Math.round(14 + 36 * Math.sqrt((a.sent + a.received) / maxTotal)),
    },
  }));
  const known = new Set(addresses.map((a) => a.address));
  const edges = pairs
    .filter((p) => known.has(p.from) && known.has(p.to))
    .map((p, i) => ({
      group: "edges",
      data: {
        id: `pair-${i}`,
        source: p.from,
        target: p.to,
        count: p.count,
        label: fmtNumber(p.count),
        width: 1.5 + 6.5 * Math.sqrt(p.count / maxCount),
      },
    }));
  return [...nodes, ...edges];
}

function graphStyle() {
  const accent = cssColor("--accent", "#1f5fa8");
  const text = cssColor("--text", "#1b1f24");
  const muted = cssColor("--muted", "#5a6370");
  const surface = cssColor("--surface", "#ffffff");
  const bar = cssColor("--bar", "#5b8fd0");
  const font = "system-ui, sans-serif";
  return [
    {
      selector: "node",
      style: {
        width: "data(size)",
        height: "data(size)",
        "background-color": bar,
        "border-width": 1,
        "border-color": accent,
        label: "data(label)",
        "font-family": font,
        "font-size": 10,
        color: text,
        "text-valign": "bottom",
        "text-margin-y": 3,
        "text-background-color": surface,
        "text-background-opacity": 0.8,
        "text-background-padding": 1,
        "min-zoomed-font-size": 7,
      },
    },
    {
      selector: "edge",
      style: {
        width: "data(width)",
        "line-color": muted,
        "line-opacity": 0.75,
        "curve-style": "bezier",
        "target-arrow-shape": "triangle",
        "target-arrow-color": muted,
        "arrow-scale": 1,
        label: "data(label)",
        "font-family": font,
        "font-size": 9,
        color: text,
        "text-background-color": surface,
        "text-background-opacity": 0.9,
        "text-background-padding": 1,
        "min-zoomed-font-size": 7,
      },
    },
    {
      selector: "node.hover, edge.hover",
      style: { "line-color": accent, "target-arrow-color": accent, "background-color": accent, "line-opacity": 1 },
    },
  ];
}

function layoutOptions(nodeCount) {
  if (nodeCount > FORCE_LAYOUT_MAX) {
    return { name: "concentric", animate: false, concentric: (node) => node.degree(), levelWidth: () => 2, minNodeSpacing: 6 };
  }
  return { name: "cose", animate: false, randomize: true, nodeDimensionsIncludeLabels: true, padding: 24, numIter: 1500 };
}

/**
 * Draws `data` (an /api/correspondents answer) into `container`, which must
 * be in the page. `onPair(pair)` runs when an arrow is clicked, `onAddress(address)`
 * when a node is. The graph is destroyed when `signal` aborts (the next
 * page). Answers the Cytoscape instance.
 */
export async function drawGraph(container, data, { onPair, onAddress, signal }) {
  const cytoscape = await loadCytoscape();
  if (signal && signal.aborted) return null;
  const items = elements(data);
  const nodeCount = items.filter((e) => e.group === "nodes").length;
  const cy = cytoscape({
    container,
    elements: items,
    style: graphStyle(),
    layout: layoutOptions(nodeCount),
    minZoom: 0.1,
    maxZoom: 4,
    boxSelectionEnabled: false,
    autoungrabify: false,
    selectionType: "single",
  });
  if (signal) signal.addEventListener("abort", () => cy.destroy(), { once: true });

  cy.on("tap", "edge", (event) => {
    const edge = event.target;
    onPair({ from: edge.data("source"), to: edge.data("target"), count: edge.data("count") });
  });
  cy.on("tap", "node", (event) => onAddress(event.target.data()));
  cy.on("mouseover", "node, edge", (event) => {
    const el = event.target;
    el.addClass("hover");
    container.classList.add("pointing");
    container.title = el.isEdge()
      ? tCount("corrEdgeTitle", el.data("count"), { from: revealBidi(el.data("source")), to: revealBidi(el.data("target")) })
      : t("corrNodeTitle", {
        address: el.data("label"),
        sent: fmtNumber(el.data("sent")),
        received: fmtNumber(el.data("received")),
      });
  });
  cy.on("mouseout", "node, edge", (event) => {
    event.target.removeClass("hover");
    container.classList.remove("pointing");
    container.removeAttribute("title");
  });
  return cy;
}
