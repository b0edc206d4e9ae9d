// The team workspace in the browser: tags in the reader and the tag facet,
// stars on results and the starred filter, a private note added, edited and
// deleted, "tag all N results", a saved search in the header's menu, and
// the French labels. Run by server/tests/it/browser.rs against an archive
// of tests/fixtures whose workspace takes writes (the user is `local`);
// each test undoes what it wrote, so that the other files see the archive
// unmarked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiJson, apiSend, sharedBrowser } from './support.mjs';

const BASE = process.env.FOUILLE_URL;
const SHOTS = process.env.FOUILLE_SCREENSHOTS;
let browser;
sharedBrowser((launched) => {
  browser = launched;
});

const api = (path) => apiJson(BASE, path);
const send = (method, path, body) => apiSend(BASE, method, path, body);

async function open(path, { locale = 'en-US' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(BASE + path);
  return { context, page, errors };
}

function waitForTotal(page, total) {
  return page.waitForFunction(
    (expected) => document.querySelector('#total')?.dataset.total === String(expected),
    total,
  );
}

/** The one email holding `word`. */
async function messageWith(word) {
  const search = await api(`/api/search?q=${encodeURIComponent(word)}`);
  assert.equal(search.total, 1, word);
  return search.hits[0];
}

test('a tag added in the reader shows as a chip and in the tag facet, and is removed again', async () => {
  const hit = await messageWith('threadrootword');
  const { context, page, errors } = await open(`/messages/${hit.id}`);
  await page.waitForSelector('#workspace #add-tag-input');
  assert.equal((await page.innerText('#tag-list')).trim(), 'none');
  // Tags are normalised by the server: trimmed, lowercased, spaces collapsed.
  await page.fill('#add-tag-input', '  À Vérifier   UI ');
  await page.press('#add-tag-input', 'Enter');
  await page.waitForSelector('#tag-list li.tag-chip[data-tag="à vérifier ui"]');
  assert.equal(await page.inputValue('#add-tag-input'), '');
  assert.deepEqual((await api(`/api/messages/${hit.id}`)).workspace.tags, ['à vérifier ui']);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'workspace-reader.png') });

  await page.goto(`${BASE}/?q=threadrootword`);
  const facet = 'section.facet[data-facet="tag"] button.facet-value[data-value="à vérifier ui"]';
  await page.waitForSelector(facet);
  assert.equal((await page.innerText(`${facet} .facet-count`)).trim(), '1');
  assert.equal(await page.locator(`#results article.hit[data-id="${hit.id}"] a.tag[data-tag="à vérifier ui"]`).count(), 1);
  await page.click(facet);
  await page.waitForURL((url) => url.searchParams.get('tag') === 'à vérifier ui');
  // The total was 1 before the click too: wait for the filter's chip, which
  // only the new results bring.
  await page.waitForSelector('.chip[data-param="tag"]');
  await waitForTotal(page, 1);
  assert.equal(await page.locator('.chip[data-param="tag"]').count(), 1);

  await page.click(`#results article.hit[data-id="${hit.id}"] a.hit-link`);
  await page.waitForSelector('#tag-list li.tag-chip[data-tag="à vérifier ui"] .tag-remove');
  await page.click('#tag-list li.tag-chip[data-tag="à vérifier ui"] .tag-remove');
  await page.waitForSelector('#tag-list li.tag-chip', { state: 'detached' });
  assert.deepEqual((await api(`/api/messages/${hit.id}`)).workspace.tags, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a star put on a result finds it with the starred filter', async () => {
  const search = await api('/api/search?q=%C3%A9lection');
  assert.ok(search.total > 1);
  const id = search.hits[1].id;
  const { context, page, errors } = await open('/?q=%C3%A9lection');
  const star = page.locator(`#results article.hit[data-id="${id}"] button.star-toggle`);
  await star.waitFor();
  assert.equal(await star.getAttribute('aria-pressed'), 'false');
  await star.click();
  await page.waitForFunction(
    (hitId) => document.querySelector(`#results article.hit[data-id="${hitId}"] button.star-toggle`)?.getAttribute('aria-pressed') === 'true',
    id,
  );
  assert.equal(page.url(), `${BASE}/?q=%C3%A9lection`, 'starring does not open the hit');
  await page.click('#starred-filter');
  await page.waitForURL(/starred=true/);
  await waitForTotal(page, 1);
  assert.deepEqual(await page.locator('#results article.hit').evaluateAll((nodes) => nodes.map((n) => n.dataset.id)), [id]);
  assert.equal(await page.locator('.chip[data-param="starred"]').count(), 1);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'workspace-starred.png') });

  await page.click(`#results article.hit[data-id="${id}"] button.star-toggle`);
  await page.waitForFunction(
    (hitId) => document.querySelector(`#results article.hit[data-id="${hitId}"] button.star-toggle`)?.getAttribute('aria-pressed') === 'false',
    id,
  );
  assert.equal((await api('/api/search?q=%C3%A9lection&starred=true')).total, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a private note is added, shown as text, counted on its hit, edited and deleted', async () => {
  const hit = await messageWith('threadrootword');
  const text = 'Confirmed by phone <b>twice</b>\nsecond line';
  const { context, page, errors } = await open(`/messages/${hit.id}`);
  await page.waitForSelector('#notes #note-form-text');
  assert.equal((await page.innerText('#notes-heading .count')).trim(), '0');
  await page.fill('#note-form-text', text);
  await page.check('#note-form-private');
  await page.click('#note-submit');
  const note = page.locator('#note-list li.ws-note');
  await note.waitFor();
  assert.equal(await note.locator('.note-text').innerText(), text);
  assert.equal(await note.locator('.note-text b').count(), 0, 'a note is never HTML');
  assert.equal((await note.locator('.note-author').innerText()).trim(), 'local');
  assert.equal((await note.locator('.note-private-badge').innerText()).trim(), 'private');
  assert.equal(await page.inputValue('#note-form-text'), '');
  const [stored] = (await api(`/api/messages/${hit.id}`)).workspace.notes;
  assert.equal(stored.text, text);
  assert.equal(stored.private, true);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'workspace-notes.png') });

  await page.goto(`${BASE}/?q=threadrootword`);
  await page.waitForSelector(`#results article.hit[data-id="${hit.id}"] .hit-notes`);
  assert.equal(await page.getAttribute(`#results article.hit[data-id="${hit.id}"] .hit-notes`, 'aria-label'), '1 note');
  await page.goBack();

  await page.click('#note-list li.ws-note .note-edit');
  await page.fill(`#note-edit-${stored.id}-text`, 'Confirmed by two sources');
  await page.uncheck(`#note-edit-${stored.id}-private`);
  await page.click('#note-list .note-save');
  await page.waitForFunction(() => document.querySelector('#note-list .note-text')?.textContent === 'Confirmed by two sources');
  assert.equal(await note.locator('.note-private-badge').count(), 0);
  assert.equal(await note.getAttribute('data-private'), 'false');
  const [edited] = (await api(`/api/messages/${hit.id}`)).workspace.notes;
  assert.equal(edited.text, 'Confirmed by two sources');
  assert.equal(edited.private, false);

  await page.click('#note-list li.ws-note .note-delete');
  await page.click('#note-list li.ws-note .note-delete-confirm');
  await page.waitForSelector('#note-list li.ws-note', { state: 'detached' });
  assert.equal((await page.innerText('#notes-heading .count')).trim(), '0');
  assert.deepEqual((await api(`/api/messages/${hit.id}`)).workspace.notes, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('"tag all N results" tags every match, and a refusal shows the server\'s message', async () => {
  const search = await api('/api/search?q=%C3%A9lection&lang=fr');
  assert.ok(search.total > 1);
  const { context, page, errors } = await open('/?q=%C3%A9lection&lang=fr');
  await page.waitForSelector('#tag-all');
  assert.equal((await page.innerText('#tag-all')).trim(), `Tag all ${search.total} results…`);
  await page.click('#tag-all');
  await page.fill('#tag-all-input', 'bulk ui');
  await page.press('#tag-all-input', 'Enter');
  await page.waitForFunction(
    (n) => document.querySelector('#tag-all-status')?.textContent === `${n} results tagged “bulk ui”`,
    search.total,
  );
  const facet = 'section.facet[data-facet="tag"] button.facet-value[data-value="bulk ui"] .facet-count';
  await page.waitForSelector(facet);
  assert.equal((await page.innerText(facet)).trim(), String(search.total));
  assert.equal((await api('/api/search?tag=bulk%20ui')).total, search.total);
  assert.equal(await page.locator('#results article.hit a.tag[data-tag="bulk ui"]').count(), Math.min(search.total, 20));

  // Over the server's bound the search is refused; its message is shown.
  const message = 'the search matches 250000 documents; at most 100000 can be tagged at once: narrow it';
  await page.route('**/api/tags/*', (route) => (route.request().method() === 'POST'
    ? route.fulfill({ status: 400, contentType: 'application/json', body: JSON.stringify({ error: { code: 'too_many_matches', message } }) })
    : route.continue()));
  await page.click('#tag-all');
  await page.fill('#tag-all-input', 'too broad');
  await page.click('#tag-all-submit');
  await page.waitForFunction((text) => document.querySelector('#tag-all-status')?.textContent === text, message);
  assert.equal(await page.getAttribute('#tag-all-status', 'role'), 'alert');
  assert.deepEqual(errors, []);
  await context.close();
  assert.deepEqual(await send('DELETE', '/api/tags/bulk%20ui'), { untagged: search.total });
});

test('a saved search is listed in the menu with its new matches, opened, and deleted', async () => {
  const hit = await messageWith('threadrootword');
  const { context, page, errors } = await open('/?q=tag%3Asuivi-ui');
  await waitForTotal(page, 0);
  await page.click('#saved-menu summary');
  await page.waitForSelector('#saved-name');
  assert.equal(await page.inputValue('#saved-name'), 'tag:suivi-ui');
  await page.fill('#saved-name', 'Suivi (UI test)');
  await page.click('#save-search');
  const item = page.locator('#saved-list li.saved-item', { hasText: 'Suivi (UI test)' });
  await item.waitFor();
  const id = await item.getAttribute('data-id');
  assert.equal(await item.locator('a.saved-open').getAttribute('href'), '/?q=tag%3Asuivi-ui');
  assert.equal(await item.locator('a.saved-feed').getAttribute('href'), `/api/searches/${id}/feed.atom`);
  assert.equal(await item.locator('.saved-new').count(), 0);
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#saved-menu[open]').count(), 0);

  // Something new matches: the menu says so until the search is opened.
  await send('PUT', `/api/messages/${hit.id}/tags/suivi-ui`);
  await page.goto(`${BASE}/`);
  await page.click('#saved-menu summary');
  await item.locator('.saved-new').waitFor();
  assert.equal((await item.locator('.saved-new').innerText()).trim(), '1 new');
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'workspace-saved.png') });
  await item.locator('a.saved-open').click();
  await page.waitForURL(/q=tag%3Asuivi-ui/);
  await waitForTotal(page, 1);
  await page.click('#saved-menu summary');
  await item.waitFor();
  assert.equal(await item.locator('.saved-new').count(), 0);

  await item.locator('button.saved-delete').click();
  await item.waitFor({ state: 'detached' });
  assert.ok(!(await api('/api/searches')).searches.some((s) => String(s.id) === id));
  assert.deepEqual(errors, []);
  await context.close();
  await send('DELETE', '/api/tags/suivi-ui');
});

test('without a workspace the write controls are gone and the reader says why', async () => {
  const hit = await messageWith('threadrootword');
  const context = await browser.newContext({ locale: 'en-US' });
  // The answer of a server whose workspace could not be opened.
  await context.route('**/api/me', (route) => route.fulfill({
    contentType: 'application/json',
    body: JSON.stringify({ user: 'local', workspace: false, workspace_error: 'read-only file system' }),
  }));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${BASE}/messages/${hit.id}`);
  await page.waitForSelector('#workspace .workspace-unavailable');
  assert.ok((await page.innerText('#workspace .workspace-unavailable')).includes('(read-only file system)'));
  for (const control of ['#star-toggle', '#add-tag-input', '#note-form', '.note-edit']) {
    assert.equal(await page.locator(control).count(), 0, control);
  }
  await page.goto(`${BASE}/?q=%C3%A9lection`);
  await page.waitForSelector('#results article.hit');
  assert.equal(await page.locator('#tag-all, #starred-filter, #results button.star-toggle').count(), 0);
  await page.click('#saved-menu summary');
  await page.waitForSelector('#saved-panel .workspace-unavailable');
  assert.equal(await page.locator('#save-search').count(), 0);
  await page.goto(`${BASE}/batch`);
  await page.waitForSelector('#batch-form');
  assert.equal(await page.locator('#batch .workspace-unavailable').count(), 1);
  assert.ok(await page.locator('#batch-submit').isDisabled());
  assert.deepEqual(errors, []);
  await context.close();
});

test('the workspace controls speak French', async () => {
  const hit = await messageWith('threadrootword');
  const { context, page, errors } = await open(`/messages/${hit.id}`, { locale: 'fr-FR' });
  await page.waitForSelector('#notes #note-form-text');
  assert.equal((await page.innerText('#star-toggle')).replace(/\s+/g, ' ').trim(), '☆ Mettre en favori');
  assert.equal((await page.innerText('#workspace .tag-editor-label')).trim(), 'Étiquettes');
  assert.equal(await page.getAttribute('#add-tag-input', 'placeholder'), 'étiquette…');
  assert.equal((await page.innerText('#notes-heading')).replace(/\s+/g, ' ').trim(), 'Notes 0');
  assert.equal((await page.innerText('label[for="note-form-text"]')).trim(), 'Ajouter une note');
  assert.equal((await page.innerText('label[for="note-form-private"]')).trim(), 'Privée (visible de moi seul)');
  assert.equal((await page.innerText('#saved-menu summary')).trim(), 'Recherches enregistrées');
  assert.equal((await page.innerText('#batch-link')).trim(), 'Recherche par lot');

  await page.goto(`${BASE}/?q=%C3%A9lection`);
  const total = (await api('/api/search?q=%C3%A9lection')).total;
  await page.waitForSelector('#tag-all');
  assert.equal((await page.innerText('#tag-all')).trim(), `Étiqueter les ${total} résultats…`);
  assert.equal((await page.textContent('#facet-starred-title')).trim(), 'Favoris');
  assert.equal((await page.innerText('#starred-filter')).trim(), 'mes favoris seulement');
  assert.equal(await page.getAttribute('#results article.hit button.star-toggle >> nth=0', 'title'), 'Mettre en favori');
  assert.deepEqual(errors, []);
  await context.close();
});
