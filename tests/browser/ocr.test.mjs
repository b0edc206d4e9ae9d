// Text recognised in pixels, in the UI: a scanned letter's document view
// says its text came from OCR and how surely, in French, with the text
// itself; a photograph is "image without text" in the extraction facet.
// Needs tests/fixtures/ocr in the archive served at FOUILLE_URL, indexed
// with Tesseract there (server/tests/it/browser.rs; CI installs it); each
// test skips itself otherwise.
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

async function open(path, locale) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(BASE + path);
  return { context, page, errors };
}

test('a scanned letter shows its recognised text and the confidence', async (t) => {
  const search = await apiJson(BASE, `/api/search?q=${encodeURIComponent('préfecture filename:lettre.png')}`);
  const hit = search.hits.find((h) => h.file && h.file.extraction === 'ocr');
  if (!hit) return t.skip('tests/fixtures/ocr was not read by OCR in the served archive');
  const confidence = hit.file.ocr.confidence;
  assert.ok(confidence >= 60, `confidence ${confidence}`);

  const { context, page, errors } = await open(`/documents/${hit.id}`, 'fr-FR');
  await page.waitForSelector('#document-text');
  assert.equal((await page.innerText('#extraction')).trim(), 'texte reconnu (OCR)');
  assert.equal(
    (await page.innerText('.ocr-note')).trim(),
    `Texte reconnu par OCR dans les pixels (confiance moyenne ${confidence} %) : il peut contenir des erreurs de lecture.`,
  );
  assert.match(await page.innerText('#document-text'), /Préfecture/);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'document-ocr.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a photograph is an image without text in the extraction facet', async (t) => {
  const search = await apiJson(BASE, `/api/search?q=${encodeURIComponent('filename:paysage.jpg')}`);
  if (!search.hits.some((h) => h.file && h.file.extraction === 'no-text')) {
    return t.skip('tests/fixtures/ocr was not read by OCR in the served archive');
  }
  const { context, page, errors } = await open(`/?q=${encodeURIComponent('filename:paysage.jpg')}`, 'en-US');
  await page.waitForSelector('.hit');
  await page.waitForFunction(() => document.body.innerText.includes('image without text'));
  assert.deepEqual(errors, []);
  await context.close();
});
