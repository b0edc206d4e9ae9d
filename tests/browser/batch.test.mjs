// The batch-search page (/batch): typed queries and a CSV file run as a
// batch, its progress until done, each query's total equal to its single
// search and linking to it, and the results.csv link. Run by
// server/tests/it/browser.rs; skipped, saying why, while the server has no
// batch routes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiJson, sharedBrowser } from './support.mjs';

const BASE = process.env.FOUILLE_URL;
const SHOTS = process.env.FOUILLE_SCREENSHOTS;
const NO_ROUTE = 'the server has no batch routes (POST /api/batches answers no route)';
let browser;
sharedBrowser((launched) => {
  browser = launched;
});

const api = (path) => apiJson(BASE, path);

/** Whether the server takes batches: a route-less path answers 404, or 405 to a POST. */
async function hasBatches() {
  const response = await fetch(`${BASE}/api/batches`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ queries: [] }),
  });
  return response.status !== 404 && response.status !== 405;
}

async function open(path, locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(BASE + path);
  return { context, page, errors };
}

/** The rows of the finished batch's table: query, total, error. */
async function finishedRows(page) {
  await page.waitForURL(/\/batch\?.*id=/);
  await page.waitForSelector('#batch-status[data-status="done"]', { timeout: 60000 });
  return page.locator('#batch-rows tbody tr').evaluateAll((rows) => rows.map((row) => ({
    query: row.cells[0].textContent,
    href: row.cells[0].querySelector('a').getAttribute('href'),
    total: row.cells[1].textContent,
    error: row.cells[2].textContent,
  })));
}

async function expectedTotal(query, extra = '') {
  return (await api(`/api/search?q=${encodeURIComponent(query)}${extra}`)).total;
}

test('typed queries run as a batch whose totals are those of the single searches', async (t) => {
  if (!(await hasBatches())) return t.skip(NO_ROUTE);
  const queries = ['élection', 'threadrootword', 'from:', 'zzzznothingmatcheszzzz'];
  const { context, page, errors } = await open('/');
  await page.click('#batch-link');
  await page.waitForSelector('#batch-form');
  assert.equal((await page.innerText('#batch-title')).trim(), 'Batch search');
  await page.fill('#batch-queries', `${queries.join('\n')}\n\n`);
  await page.click('#batch-submit');
  const rows = await finishedRows(page);
  assert.deepEqual(rows.map((row) => row.query), queries);
  for (const row of rows.filter((r) => !r.error)) {
    assert.equal(row.total.replace(/\D/g, ''), String(await expectedTotal(row.query)), row.query);
    assert.equal(row.href, `/?${new URLSearchParams({ q: row.query })}`);
  }
  assert.equal((await page.innerText('#batch-count')).trim(), `Done: ${queries.length} searches.`);
  const id = new URL(page.url()).searchParams.get('id');
  assert.equal(await page.getAttribute('#batch-download', 'href'), `/api/batches/${id}/results.csv`);
  assert.equal(await page.getAttribute('#batch-progress', 'value'), String(queries.length));
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'batch.png') });

  // A row opens its search.
  await page.click('#batch-rows a.batch-query >> text=threadrootword');
  await page.waitForFunction(() => document.querySelector('#total')?.dataset.total === '1');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a CSV file with a sender filter runs in French, each row linking to its filtered search', async (t) => {
  if (!(await hasBatches())) return t.skip(NO_ROUTE);
  const sender = 'isabelle.fontaine@entreprise.example';
  const { context, page, errors } = await open('/batch', 'fr-FR');
  await page.waitForSelector('#batch-form');
  assert.equal((await page.innerText('#batch-title')).trim(), 'Recherche par lot');
  assert.equal((await page.innerText('#batch-submit')).trim(), 'Lancer le lot');
  await page.setInputFiles('#batch-file', {
    name: 'names.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('query\nbudget\n"threadrootword"\n'),
  });
  await page.fill('#batch-from', sender);
  await page.click('#batch-submit');
  const rows = await finishedRows(page);
  assert.deepEqual(rows.map((row) => row.query), ['budget', 'threadrootword']);
  const filter = `&from=${encodeURIComponent(sender)}`;
  for (const row of rows) {
    assert.equal(row.error, '');
    assert.equal(row.total.replace(/\D/g, ''), String(await expectedTotal(row.query, filter)), row.query);
    assert.ok(row.href.includes(`from=${encodeURIComponent(sender)}`), row.href);
  }
  assert.equal((await page.innerText('#batch-count')).trim(), 'Terminé : 2 recherches.');
  assert.equal((await page.innerText('#batch-download')).trim(), 'Télécharger results.csv');
  assert.deepEqual(errors, []);
  await context.close();
});
