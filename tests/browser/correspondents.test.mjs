// The correspondents view (/correspondents): the graph of who writes to
// whom among a search's emails and the same pairs as a table, on the
// tests/fixtures/precise mails (scoped with `folder:precise`, so that the
// other fixtures of the served archive change nothing); clicking an arrow
// of the graph, a node, or a table row lands on the search narrowed to it;
// nothing is fetched from elsewhere. Each test skips itself when the
// precise fixtures are not in the archive served at FOUILLE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiJson, openRecorded, sharedBrowser } from './support.mjs';

const BASE = process.env.FOUILLE_URL;
const SHOTS = process.env.FOUILLE_SCREENSHOTS;
let browser;
sharedBrowser((launched) => {
  browser = launched;
});

const api = (path) => apiJson(BASE, path);
const SCOPE = 'q=folder%3Aprecise';

const JEAN = 'jean.dupont@campagne.example';
const CLAIRE = 'claire.martin@journal.example';
const HUGO = 'hugo.perrot@journal.example';

/** Every pair of the ten precise mails, most emails first, then by addresses. */
const PRECISE_PAIRS = [
  [JEAN, CLAIRE, 2],
  ['agnes.morel@journal.example', HUGO, 1],
  ['audit@controle.example', JEAN, 1],
  [CLAIRE, HUGO, 1],
  [CLAIRE, JEAN, 1],
  ['dan.lee@energy.example', 'mark.bennett@partners.example', 1],
  [HUGO, 'agnes.morel@journal.example', 1],
  ['mark.bennett@partners.example', 'ops@partners.example', 1],
  ['mark.bennett@partners.example', 'sarah.connelly@energy.example', 1],
  ['sarah.connelly@energy.example', 'mark.bennett@partners.example', 1],
];

async function preciseServed() {
  const data = await api(`/api/correspondents?${SCOPE}`);
  return data.emails > 0;
}

/** A page recording its errors, console errors (CSP refusals among them) and every request. */
const open = (path, options) => openRecorded(browser, BASE, path, options);

const graphReady = (page) => page.waitForSelector('#graph[data-ready="true"]', { timeout: 30000 });

/** The rows of the pairs table as [from, to, count]. */
function tableRows(page) {
  return page.locator('#pairs-table tbody tr').evaluateAll((rows) =>
    rows.map((row) => [row.dataset.from, row.dataset.to, Number(row.dataset.count)]));
}

/**
 * What the graph drew, read through Cytoscape's instance (the library keeps
 * it on its container): nodes with their size, edges with their ends, count,
 * width, and the page coordinates of their middle and of their nodes.
 */
function drawn(page) {
  return page.evaluate(() => {
    const container = document.getElementById('graph');
    const cy = container._cyreg.cy;
    const rect = container.getBoundingClientRect();
    const at = (p) => ({ x: rect.left + container.clientLeft + p.x, y: rect.top + container.clientTop + p.y });
    return {
      nodes: cy.nodes().map((n) => ({ id: n.id(), size: n.width(), at: at(n.renderedPosition()) })),
      edges: cy.edges().map((e) => ({
        from: e.source().id(),
        to: e.target().id(),
        count: e.data('count'),
        width: parseFloat(e.style('width')),
        arrow: e.style('target-arrow-shape'),
        label: e.style('label'),
        at: at(e.renderedMidpoint()),
      })),
    };
  });
}

async function searchTotal(page) {
  await page.waitForSelector('#total[data-total]');
  return Number(await page.getAttribute('#total', 'data-total'));
}

function subjects(page) {
  return page.locator('#results article.hit .hit-title').evaluateAll((nodes) => nodes.map((n) => n.textContent.trim()).sort());
}

test('the correspondents tab draws the pairs of the search as a graph and a table', async (t) => {
  if (!(await preciseServed())) return t.skip('tests/fixtures/precise is not in the served archive');
  const expected = await api(`/api/correspondents?${SCOPE}`);
  assert.deepEqual(expected.pairs.map((p) => [p.from, p.to, p.count]), PRECISE_PAIRS);
  assert.equal(expected.emails, 10);

  const { context, page, errors, requests } = await open(`/?${SCOPE}`);
  await page.click('#tab-correspondents');
  await page.waitForURL((url) => url.pathname === '/correspondents' && url.searchParams.get('q') === 'folder:precise');
  await graphReady(page);
  assert.equal(await page.innerText('#correspondents-summary'), '10 emails, 10 pairs');
  assert.equal(await page.getAttribute('#correspondents-summary', 'data-truncated'), 'false');
  assert.deepEqual(await tableRows(page), PRECISE_PAIRS);
  assert.equal(await page.getAttribute('#tab-correspondents', 'aria-current'), 'page');
  assert.equal(await page.inputValue('#q'), 'folder:precise');

  const graph = await drawn(page);
  assert.equal(graph.nodes.length, 9);
  assert.deepEqual(
    graph.edges.map((e) => [e.from, e.to, e.count]).sort(),
    PRECISE_PAIRS.map((p) => [...p]).sort(),
  );
  for (const edge of graph.edges) {
    assert.equal(edge.arrow, 'triangle', 'arrows point from sender to recipient');
    assert.equal(edge.label, String(edge.count));
  }
  const widest = graph.edges.reduce((a, b) => (b.width > a.width ? b : a));
  assert.deepEqual([widest.from, widest.to], [JEAN, CLAIRE], 'the pair with the most emails is the widest');
  const size = Object.fromEntries(graph.nodes.map((n) => [n.id, n.size]));
  assert.ok(size[CLAIRE] > size[HUGO] && size[HUGO] > size['ops@partners.example'], 'nodes grow with sent + received');

  // The addresses' totals, folded under the table.
  await page.click('#addresses summary');
  const claire = page.locator(`#addresses-table tr[data-address="${CLAIRE}"] td`);
  assert.deepEqual(await claire.allInnerTexts(), ['2', '2']);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'correspondents.png') });

  // A row of the table (a real link) narrows the search to its pair.
  await page.click(`#pairs-table tr[data-from="${CLAIRE}"][data-to="${HUGO}"] a.pair-link`);
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('to') === HUGO);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('q'), 'folder:precise');
  assert.deepEqual(url.searchParams.getAll('from'), [CLAIRE]);
  assert.equal(await searchTotal(page), 1);
  assert.deepEqual(await subjects(page), ['Re: Réunion budget']);

  assert.deepEqual(errors, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${BASE}/`)), [], 'no request leaves the server');
  await context.close();
});

test('clicking an arrow of the graph searches its pair, clicking an address searches it', async (t) => {
  if (!(await preciseServed())) return t.skip('tests/fixtures/precise is not in the served archive');
  const scoped = `${SCOPE}&domain=campagne.example`;
  const expected = await api(`/api/correspondents?${scoped}`);
  assert.deepEqual(expected.pairs, [{ from: JEAN, to: CLAIRE, count: 2 }]);

  const { context, page, errors, requests } = await open(`/correspondents?${scoped}`);
  await graphReady(page);
  assert.equal(await page.innerText('#correspondents-summary'), '2 emails, 1 pair');
  const [edge] = (await drawn(page)).edges;
  await page.mouse.move(edge.at.x, edge.at.y);
  assert.match(await page.getAttribute('#graph', 'title'), /jean\.dupont@campagne\.example → claire\.martin@journal\.example: 2 emails/);
  await page.mouse.click(edge.at.x, edge.at.y);
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.has('to'));
  let url = new URL(page.url());
  assert.deepEqual(
    [url.searchParams.get('q'), url.searchParams.get('domain'), url.searchParams.get('from'), url.searchParams.get('to')],
    ['folder:precise', 'campagne.example', JEAN, CLAIRE],
  );
  const search = await api(`/api/search?${url.searchParams}`);
  assert.equal(search.total, 2);
  assert.equal(await searchTotal(page), 2);
  assert.deepEqual(await subjects(page), ['RE: Réunion budget', 'Réunion budget']);

  // Back to the graph; Claire only received here: her node searches her as recipient.
  await page.goBack();
  await graphReady(page);
  const claire = (await drawn(page)).nodes.find((n) => n.id === CLAIRE);
  await page.mouse.click(claire.at.x, claire.at.y);
  await page.waitForURL((u) => u.pathname === '/' && u.searchParams.has('to'));
  url = new URL(page.url());
  assert.deepEqual(url.searchParams.getAll('to'), [CLAIRE]);
  assert.equal(url.searchParams.has('from'), false);
  assert.equal(await searchTotal(page), 2);

  assert.deepEqual(errors, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${BASE}/`)), [], 'no request leaves the server');
  await context.close();
});

test('a limit keeps the most frequent pairs and says so; the URL and the header search keep the view', async (t) => {
  if (!(await preciseServed())) return t.skip('tests/fixtures/precise is not in the served archive');
  const { context, page, errors } = await open(`/correspondents?${SCOPE}&limit=3`, { locale: 'fr-FR' });
  await graphReady(page);
  assert.equal(await page.innerText('#correspondents-summary'), '10 courriels, les 3 paires les plus fréquentes sur 10');
  assert.equal(await page.getAttribute('#correspondents-summary', 'data-truncated'), 'true');
  assert.deepEqual(await tableRows(page), PRECISE_PAIRS.slice(0, 3));
  assert.equal(await page.inputValue('#corr-limit'), '3');
  assert.equal((await page.innerText('#tab-correspondents')).trim(), 'Correspondants');
  assert.equal((await drawn(page)).edges.length, 3);

  // A new query from the header stays in this view, with its limit.
  const budget = await api('/api/correspondents?q=folder%3Aprecise%20budget&limit=3');
  await page.fill('#q', 'folder:precise budget');
  await page.press('#q', 'Enter');
  await page.waitForURL((url) => url.pathname === '/correspondents' && url.searchParams.get('q') === 'folder:precise budget');
  assert.equal(new URL(page.url()).searchParams.get('limit'), '3');
  await page.waitForFunction((n) => document.querySelector('#correspondents-summary')?.dataset.emails === String(n), budget.emails);
  await graphReady(page);
  assert.deepEqual(await tableRows(page), budget.pairs.map((p) => [p.from, p.to, p.count]));

  // Choosing another limit keeps the search.
  await page.selectOption('#corr-limit', '100');
  await page.waitForURL((url) => !url.searchParams.has('limit') && url.searchParams.get('q') === 'folder:precise budget');
  await page.waitForFunction(() => document.querySelector('#correspondents-summary')?.dataset.truncated === 'false');

  // The results tab goes back to the same search's hits.
  await page.click('#tab-results');
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('q') === 'folder:precise budget');
  const hits = await api('/api/search?q=folder%3Aprecise%20budget');
  assert.equal(await searchTotal(page), hits.total);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a search without correspondents says so and draws nothing', async () => {
  const { context, page, errors } = await open('/correspondents?q=zzqxnotawordanywhere');
  await page.waitForSelector('#correspondents-empty');
  assert.equal(await page.innerText('#correspondents-summary'), '0 emails, 0 pairs');
  assert.equal(await page.locator('#graph').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
