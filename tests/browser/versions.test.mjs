// Edited copies in the document view: "N other versions" with links, and
// the word diff against a chosen version. Needs tests/fixtures/versions in
// the archive served at FOUILLE_URL (by server/tests/it/browser.rs); each
// test skips itself when it is absent.
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
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const outside = [];
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(BASE) && !url.startsWith('data:') && !url.startsWith('about:')) outside.push(url);
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(BASE + path);
  return { context, page, errors, outside };
}

/** The contract, its edited copy and the unrelated report, or null when they are not in the archive. */
async function fixtures() {
  const contracts = await api('/api/search?q=zibeline');
  const report = await api('/api/search?q=pipistrelle');
  // By name: the metadata fixtures happen to hold the same unique word.
  const contract = contracts.hits.find((hit) => hit.file?.name === 'contrat-prestation.txt');
  const copy = contracts.hits.find((hit) => hit.file?.name === 'contrat-prestation-revise.txt');
  return contract && copy && report.hits[0] ? { contract, copy, report: report.hits[0] } : null;
}

test('a document lists its other versions and shows its differences with one, word by word', async (t) => {
  const found = await fixtures();
  if (!found) return t.skip('tests/fixtures/versions is not in the served archive');
  const { contract, copy } = found;
  const { context, page, errors, outside } = await open(`/documents/${contract.id}`, 'en-US');
  await page.waitForSelector('#versions:not([hidden]) .version-list');
  assert.equal((await page.innerText('#versions-heading')).trim(), '1 other version');
  const item = page.locator(`#versions li[data-id="${copy.id}"]`);
  assert.equal(await item.locator('a.version-link').getAttribute('href'), `/documents/${copy.id}`);
  assert.ok((await item.innerText()).includes('contrat-prestation-revise.txt'));
  assert.ok((await item.innerText()).includes('91% similar'), await item.innerText());

  await item.locator('button.compare-version').click();
  await page.waitForSelector('#version-diff-text');
  const deleted = await page.locator('#version-diff-text del').allInnerTexts();
  const inserted = await page.locator('#version-diff-text ins').allInnerTexts();
  assert.ok(deleted.some((text) => text.includes('12 500')), JSON.stringify(deleted));
  assert.ok(inserted.some((text) => text.includes('14 800')), JSON.stringify(inserted));
  assert.ok(inserted.some((text) => text.includes('Confidentialité')), JSON.stringify(inserted));
  // The whole text is there: the unchanged words too, once.
  const shown = await page.innerText('#version-diff-text');
  assert.equal(shown.split('Article 1 – Objet').length, 2);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'versions-diff.png'), fullPage: true });
  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(errors, []);
  await context.close();
});

test('in French, and an unrelated document has no versions section', async (t) => {
  const found = await fixtures();
  if (!found) return t.skip('tests/fixtures/versions is not in the served archive');
  const { copy, report } = found;
  let { context, page, errors } = await open(`/documents/${copy.id}`, 'fr-FR');
  await page.waitForSelector('#versions:not([hidden]) .version-list');
  assert.equal((await page.innerText('#versions-heading')).trim(), '1 autre version');
  assert.deepEqual(errors, []);
  await context.close();

  ({ context, page, errors } = await open(`/documents/${report.id}`, 'fr-FR'));
  await page.waitForSelector('#document #document-text');
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('#versions').getAttribute('hidden'), '');
  assert.equal(await page.locator('#versions li').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
