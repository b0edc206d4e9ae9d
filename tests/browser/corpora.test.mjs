// The web UI on the real corpora (Enron + the OCaml list), served at
// FOUILLE_CORPORA_URL by server/tests/it/browser.rs when ../shared/corpora
// exists; skipped otherwise.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { apiJson, launchChromium } from './support.mjs';

const BASE = process.env.FOUILLE_CORPORA_URL;
let browser;

before(async () => {
  if (!BASE) return;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const api = (path) => apiJson(BASE, path);

const shownIds = (page) => page.locator('#results article.hit').evaluateAll((nodes) => nodes.map((node) => node.dataset.id));

async function waitForTotal(page, total) {
  await page.waitForFunction(
    (expected) => document.querySelector('#total')?.dataset.total === String(expected),
    total,
  );
}

test('search, facet, histogram drag, reader and thread on Enron and the OCaml list', { skip: !BASE }, async () => {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const outside = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(BASE) && !url.startsWith('data:') && !url.startsWith('about:')) outside.push(url);
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${BASE}/?q=california%20power`);
  const search = await api('/api/search?q=california%20power&per_page=20');
  await waitForTotal(page, search.total);
  assert.deepEqual(await shownIds(page), search.hits.map((hit) => hit.id));

  const sender = search.facets.from[0].value;
  await page.click(`section.facet[data-facet="from"] button.facet-value[data-value="${sender}"]`);
  await page.waitForURL(/from=/);
  const bySender = await api(`/api/search?q=california%20power&from=${encodeURIComponent(sender)}`);
  await waitForTotal(page, bySender.total);

  // Drag across the histogram from the first bar to the third.
  await page.goto(`${BASE}/?q=california`);
  await page.waitForSelector('#histogram .bar');
  const bars = page.locator('#histogram .bar');
  const first = await bars.nth(0).boundingBox();
  const third = await bars.nth(2).boundingBox();
  const firstMonth = await bars.nth(0).getAttribute('data-month');
  const thirdMonth = await bars.nth(2).getAttribute('data-month');
  await page.mouse.move(first.x + first.width / 2, first.y + first.height / 2);
  await page.mouse.down();
  await page.mouse.move(third.x + third.width / 2, third.y + third.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.waitForURL(/after=/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('after'), `${firstMonth}-01`);
  assert.ok(url.searchParams.get('before').startsWith(thirdMonth));
  const span = await api(`/api/search?${url.searchParams.toString()}`);
  await waitForTotal(page, span.total);

  // Open a French message of the OCaml list, then its thread.
  await page.goto(`${BASE}/?q=typage&lang=fr`);
  const french = await api('/api/search?q=typage&lang=fr');
  await waitForTotal(page, french.total);
  const hit = french.hits[0];
  await page.click(`#results article.hit[data-id="${hit.id}"] a.hit-link`);
  await page.waitForSelector('#reader #subject');
  if (hit.subject.trim()) assert.equal((await page.innerText('#subject')).trim(), hit.subject.trim());
  await page.click('#view-thread');
  await page.waitForSelector('#thread details.thread-message');
  const thread = await api(`/api/threads/${hit.thread_id}`);
  assert.equal(await page.locator('#thread details.thread-message').count(), thread.messages.length);

  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(errors, []);
  await context.close();
});
