// A document's own metadata in the document view: the block in both
// languages, author and software values as links to `author:"…"` and
// `software:"…"` searches, and hostile values (a megabyte title, bidi
// overrides) shown cut and clean. Needs tests/fixtures/metadata in the
// archive served at FOUILLE_URL (by server/tests/it/browser.rs); each test
// skips itself when it is absent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiJson, sharedBrowser } from './support.mjs';

const BASE = process.env.FOUILLE_URL;
const SHOTS = process.env.FOUILLE_SCREENSHOTS;
let browser;
sharedBrowser((launched) => {
  browser = launched;
});

const api = (path) => apiJson(BASE, path);

async function open(path, locale) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(BASE + path);
  return { context, page, errors };
}

/** The loose document whose text holds `word`, or null. */
async function documentWith(word) {
  const search = await api(`/api/search?q=${word}%20kind:document`);
  return search.hits.length === 1 ? search.hits[0] : null;
}

test('the metadata block lists the values and links people and software to their searches', async (t) => {
  const hit = await documentWith('ptarmigan');
  if (!hit) return t.skip('tests/fixtures/metadata is not in the served archive');
  assert.equal(hit.file.metadata.last_editor, 'Георгий Петров');

  const { context, page, errors } = await open(`/documents/${hit.id}`, 'fr-FR');
  await page.waitForSelector('#metadata');
  assert.equal((await page.innerText('#metadata h2')).trim(), 'Métadonnées');
  const block = await page.innerText('#metadata');
  for (const value of ['Anna Ivanova', 'Георгий Петров', 'Microsoft Excel', 'En Marche', '2017-05-03T11:47:00Z']) {
    assert.ok(block.includes(value), `${value} in ${block}`);
  }
  const editor = page.locator('#metadata a.metadata-author', { hasText: 'Георгий Петров' });
  assert.equal(await editor.getAttribute('href'), `/?q=${encodeURIComponent('author:"Георгий Петров"')}`);
  assert.equal(
    await page.locator('#metadata a.metadata-software').getAttribute('href'),
    `/?q=${encodeURIComponent('software:"Microsoft Excel"')}`,
  );
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'document-metadata.png') });

  // The link runs the search: both files Георгий Петров last saved.
  const expected = await api(`/api/search?q=${encodeURIComponent('author:"Георгий Петров"')}`);
  assert.deepEqual(expected.hits.map((h) => h.file.name).sort(), ['memo-ministere.doc', 'tableau-dons.xlsx']);
  await editor.click();
  await page.waitForFunction(
    (total) => document.querySelector('#total')?.dataset.total === String(total),
    expected.total,
  );
  assert.deepEqual(
    await page.locator('#results article.hit').evaluateAll((nodes) => nodes.map((node) => node.dataset.id)),
    expected.hits.map((h) => h.id),
  );
  assert.deepEqual(errors, []);
  await context.close();

  const english = await open(`/documents/${hit.id}`, 'en-US');
  await english.page.waitForSelector('#metadata');
  assert.equal((await english.page.innerText('#metadata h2')).trim(), 'Metadata');
  assert.ok((await english.page.innerText('#metadata')).includes('Last saved by'));
  await english.context.close();
});

test('hostile metadata is shown cut and without bidi controls', async (t) => {
  const hit = await documentWith('pyrolyse');
  if (!hit) return t.skip('tests/fixtures/metadata is not in the served archive');
  const { context, page, errors } = await open(`/documents/${hit.id}`, 'en-US');
  await page.waitForSelector('#metadata');
  const block = await page.innerText('#metadata');
  assert.ok(block.includes('Facture fdp.exe'), block.slice(0, 200));
  assert.ok(!/[\u202a-\u202e\u2066-\u2069\u200b]/.test(block), 'no bidi or zero-width character');
  const title = await page.locator('#metadata dd').first().innerText();
  assert.equal(title, `${'Ω'.repeat(512)}…`);
  // The long title wraps inside the page.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px too wide`);
  assert.deepEqual(errors, []);
  await context.close();
});
