// Attachments and loose documents in the web UI: their search hits, the
// document view, the extracted text in the message reader, forwarded
// messages, and the file type facet. Needs tests/fixtures/attachments and
// tests/fixtures/documents in the archive served at FOUILLE_URL (by
// server/tests/it/browser.rs); each test skips itself when they are absent.
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

/** A page that records page errors and every request leaving the server. */
async function open(path, { locale = 'en-US', width = 1280, height = 860 } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height } });
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

async function waitForTotal(page, total) {
  await page.waitForFunction(
    (expected) => document.querySelector('#total')?.dataset.total === String(expected),
    total,
  );
}

const shown = (page, attribute) => page.locator('#results article.hit')
  .evaluateAll((nodes, name) => nodes.map((node) => node.dataset[name]), attribute);

/** The email of the attachments fixture, or null when it is not in the archive. */
async function piecesMessage() {
  const search = await api('/api/search?q=quetzalcoatl');
  const hit = search.hits.find((h) => h.kind === 'attachment' && h.file?.path === 'contrat.docx');
  return hit ? { search, hit } : null;
}

test('an attachment hit shows its file and email, opens its document, which leads to the email', async (t) => {
  const found = await piecesMessage();
  if (!found) return t.skip('tests/fixtures/attachments is not in the served archive');
  const { search, hit } = found;
  // The attachment itself, once: its copy inside dossier.zip has another path.
  assert.equal(search.hits.filter((h) => h.kind === 'attachment' && h.file?.path === 'contrat.docx').length, 1);

  const { context, page, errors, outside } = await open('/?q=quetzalcoatl');
  await waitForTotal(page, search.total);
  assert.deepEqual(await shown(page, 'id'), search.hits.map((h) => h.id));
  assert.deepEqual(await shown(page, 'kind'), search.hits.map((h) => h.kind));
  const article = page.locator(`#results article.hit[data-id="${hit.id}"]`);
  assert.equal(await article.getAttribute('data-kind'), 'attachment');
  const card = await article.innerText();
  assert.ok(card.includes('contrat.docx'), card);
  assert.ok(card.includes('Pièces du dossier'), card);
  assert.ok(card.toLowerCase().includes('docx'), 'the file type badge');
  assert.equal(await article.locator('a.hit-parent-link').getAttribute('href'), `/messages/${hit.parent_id}`);
  assert.ok(await article.locator('mark').count() > 0, 'the match is marked');
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'attachments-search.png') });

  await article.locator('a.hit-link').click();
  await page.waitForURL(new RegExp(`/documents/${hit.id}$`));
  await page.waitForSelector('#document #document-text');
  assert.equal((await page.innerText('#subject')).trim(), 'contrat.docx');
  assert.ok((await page.innerText('#document-text')).includes('quetzalcoatl'));
  const parent = page.locator('#parent-link');
  assert.equal(await parent.getAttribute('href'), `/messages/${hit.parent_id}`);
  assert.equal((await parent.innerText()).trim(), 'Pièces du dossier');
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'document.png') });

  await parent.click();
  await page.waitForURL(new RegExp(`/messages/${hit.parent_id}$`));
  await page.waitForSelector('#reader #subject');
  assert.equal((await page.innerText('#subject')).trim(), 'Pièces du dossier');
  // Escape goes back to the document, then to the search.
  await page.keyboard.press('Escape');
  await page.waitForSelector('#document #document-text');
  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the reader shows the extracted text of each attachment and links to its document', async (t) => {
  const found = await piecesMessage();
  if (!found) return t.skip('tests/fixtures/attachments is not in the served archive');
  const message = await api(`/api/messages/${found.hit.parent_id}`);
  const budget = message.attachments.flatMap((att) => att.documents || [])
    .find((doc) => doc.path === 'budget.xlsx');
  assert.ok(budget && budget.text.includes('tamarinier'), 'the API lists the text of budget.xlsx');

  const { context, page, errors, outside } = await open(`/messages/${message.id}`);
  await page.waitForSelector('#attachments details.attachment-text');
  const documents = message.attachments.reduce((n, att) => n + (att.documents || []).length, 0);
  assert.equal(await page.locator('#attachments details.attachment-text').count(), documents);
  const details = page.locator(`#attachments details.attachment-text[data-id="${budget.id}"]`);
  assert.ok((await details.locator('summary').innerText()).includes('budget.xlsx'));
  await details.locator('summary').click();
  assert.equal(await details.getAttribute('open'), '');
  assert.ok((await details.locator('pre').innerText()).includes('tamarinier'));
  assert.equal(await details.locator('a.open-document').getAttribute('href'), `/documents/${budget.id}`);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'reader-attachments.png'), fullPage: true });

  // The thread lists the emails; their attachments are inside them.
  const thread = await api(`/api/threads/${message.thread_id}`);
  await page.click('#view-thread');
  await page.waitForSelector(`#thread details.thread-message[data-id="${message.id}"] details.attachment-text`);
  const threadIds = await page.locator('#thread details.thread-message').evaluateAll((nodes) => nodes.map((node) => node.dataset.id));
  assert.deepEqual(threadIds, thread.messages.filter((m) => m.kind === 'email').map((m) => m.id));
  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(errors, []);
  await context.close();
});

test('forwarded messages are listed, and each links back to the one carrying it', async (t) => {
  const search = await api('/api/search?kind=email&per_page=100');
  const carried = search.hits.find((h) => h.parent_id);
  if (!carried) return t.skip('no forwarded message in the served archive');
  const carrier = await api(`/api/messages/${carried.parent_id}`);
  assert.ok(carrier.carried.length > 0);

  const { context, page, errors, outside } = await open(`/messages/${carrier.id}`);
  await page.waitForSelector('#carried a');
  const links = await page.locator('#carried a').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('href')));
  assert.deepEqual(links, carrier.carried.map((c) => `/messages/${c.id}`));
  assert.equal(await page.locator('#parent-link').count(), carrier.parent_id ? 1 : 0);

  await page.click(`#carried a[href="/messages/${carried.id}"]`);
  await page.waitForURL(new RegExp(`/messages/${carried.id}$`));
  await page.waitForSelector('#reader #parent-link');
  assert.equal(await page.getAttribute('#parent-link', 'href'), `/messages/${carrier.id}`);
  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the file type facet filters to attachments and documents, and back undoes it', async (t) => {
  const all = await api('/api/search?q=');
  if (!all.facets.filetype?.some((f) => f.value === 'pdf')) return t.skip('no PDF in the served archive');
  const pdf = await api('/api/search?filetype=pdf');

  const { context, page, errors, outside } = await open('/?q=');
  const button = 'section.facet[data-facet="filetype"] button.facet-value[data-value="pdf"]';
  await page.waitForSelector(button);
  const extraction = await page.locator('section.facet[data-facet="extraction"] button.facet-value')
    .evaluateAll((nodes) => nodes.map((node) => node.dataset.value));
  assert.deepEqual(extraction, all.facets.extraction.map((f) => f.value));
  await page.click(button);
  await page.waitForURL(/filetype=pdf/);
  await waitForTotal(page, pdf.total);
  assert.deepEqual(await shown(page, 'id'), pdf.hits.map((h) => h.id));
  const kinds = new Set(await shown(page, 'kind'));
  assert.ok([...kinds].every((kind) => kind === 'attachment' || kind === 'document'), [...kinds].join());
  assert.equal(await page.locator('.chip[data-param="filetype"][data-value="pdf"]').count(), 1);
  assert.equal(await page.getAttribute(button, 'aria-pressed'), 'true');

  // An unreadable PDF says so on its hit.
  const failed = pdf.hits.find((h) => h.file?.extraction === 'failed' || h.file?.extraction === 'encrypted');
  if (failed) {
    const badge = page.locator(`#results article.hit[data-id="${failed.id}"] .badge.extraction`);
    assert.equal(await badge.getAttribute('data-extraction'), failed.file.extraction);
  }

  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has('filetype'));
  await waitForTotal(page, all.total);
  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a loose archive lists its members, and an encrypted file says why it has no text', async (t) => {
  const zips = await api('/api/search?filetype=zip&kind=document&per_page=100');
  const views = await Promise.all(zips.hits.map((h) => api(`/api/documents/${h.id}`)));
  const archive = views.find((view) => view.children.length > 0);
  const encrypted = (await api('/api/search?extraction=encrypted&per_page=1')).hits[0];
  if (!archive || !encrypted) return t.skip('tests/fixtures/documents is not in the served archive');

  const { context, page, errors, outside } = await open(`/documents/${archive.id}`, { locale: 'fr-FR' });
  await page.waitForSelector('#members li');
  assert.equal(await page.locator('#members li').count(), archive.children.length);
  const member = await api(`/api/documents/${archive.children[0]}`);
  const link = page.locator(`#members li[data-id="${archive.children[0]}"] a`);
  // Members are named once their views are fetched.
  await page.waitForFunction(
    ([id, name]) => document.querySelector(`#members li[data-id="${id}"] a`)?.textContent.includes(name),
    [archive.children[0], member.file.name],
  );
  assert.equal(await link.getAttribute('href'), `/documents/${member.id}`);
  assert.equal(await page.getAttribute('#download', 'href'), archive.download);

  await page.goto(`${BASE}/documents/${encrypted.id}`);
  await page.waitForSelector('#document #extraction');
  assert.equal(await page.getAttribute('#extraction', 'data-extraction'), 'encrypted');
  assert.ok((await page.innerText('#document')).includes('chiffré'));
  assert.ok(!/\bnull\b|undefined/.test(await page.innerText('#document')), 'no null or undefined shown');
  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(errors, []);
  await context.close();
});
