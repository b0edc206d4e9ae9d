// Browser tests of Fouille's web UI, in headless Chromium driven by
// playwright-core. Run by server/tests/it/browser.rs, which serves an
// archive of tests/fixtures (eml, mbox, demo, hostile) at FOUILLE_URL.
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

async function open(path, { locale = 'en-US', width = 1280, height = 860 } = {}) {
  const context = await browser.newContext({ locale, viewport: { width, height }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(BASE + path);
  return { context, page, errors };
}

const hits = (page) => page.locator('#results article.hit');

async function totalShown(page) {
  await page.waitForSelector('#results article.hit, #total');
  return (await page.locator('#total').innerText()).replace(/\s/g, '');
}

function digits(text) {
  return text.replace(/[^0-9]/g, '');
}

test('a search shows its hits, total and highlighted snippets', async () => {
  const expected = await api('/api/search?q=%C3%A9lection');
  const { context, page, errors } = await open('/');
  await page.fill('#q', 'élection');
  await page.press('#q', 'Enter');
  await page.waitForURL(/q=%C3%A9lection|q=élection/);
  // The page showed every message before: wait for this search's render.
  await page.waitForFunction(
    (total) => document.querySelector('#total')?.dataset.total === String(total)
      && document.querySelectorAll('#results article.hit').length === Math.min(total, 20),
    expected.total,
  );
  assert.equal(await hits(page).count(), Math.min(expected.total, 20));
  assert.ok(digits(await totalShown(page)).startsWith(String(expected.total)));
  const ids = await hits(page).evaluateAll((nodes) => nodes.map((node) => node.dataset.id));
  assert.deepEqual(ids, expected.hits.map((hit) => hit.id));
  assert.ok(await page.locator('#results mark').count() > 0, 'matches are marked');
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'search.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('clicking a facet value and a histogram bar filters, and the URL keeps the view', async () => {
  const { context, page } = await open('/?q=');
  await page.waitForSelector('section.facet[data-facet="lang"] button.facet-value[data-value="fr"]');
  await page.click('section.facet[data-facet="lang"] button.facet-value[data-value="fr"]');
  await page.waitForURL(/lang=fr/);
  const french = await api('/api/search?lang=fr');
  await page.waitForFunction((total) => document.querySelector('#total')?.dataset.total === String(total), french.total);
  assert.equal(await page.locator('.chip[data-param="lang"][data-value="fr"]').count(), 1);

  const bar = page.locator('#histogram .bar').first();
  const month = await bar.getAttribute('data-month');
  await bar.click();
  await page.waitForURL(/after=/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('after'), `${month}-01`);
  assert.ok(url.searchParams.get('before').startsWith(month));
  const filtered = await api(`/api/search?${url.searchParams.toString()}`);
  await page.waitForFunction((total) => document.querySelector('#total')?.dataset.total === String(total), filtered.total);
  const shownIds = await hits(page).evaluateAll((nodes) => nodes.map((node) => node.dataset.id));
  assert.deepEqual(shownIds, filtered.hits.map((hit) => hit.id));

  // The same URL in a new page restores the same view.
  const again = await open(url.pathname + url.search);
  await again.page.waitForSelector('#results article.hit');
  const restoredIds = await hits(again.page).evaluateAll((nodes) => nodes.map((node) => node.dataset.id));
  assert.deepEqual(restoredIds, shownIds);
  assert.equal(await again.page.locator('.chip[data-param="lang"][data-value="fr"]').count(), 1);
  assert.equal(await again.page.inputValue('#q'), '');

  // Removing the chip removes the filter; back brings it back.
  await again.page.click('.chip[data-param="lang"] .chip-remove');
  await again.page.waitForURL((u) => !u.searchParams.has('lang'));
  await again.page.goBack();
  await again.page.waitForURL(/lang=fr/);
  await again.context.close();
  await context.close();
});

test('a message opens in the reader, then its thread', async () => {
  const search = await api('/api/search?q=threadrootword');
  const id = search.hits[0].id;
  const thread = await api(`/api/threads/${search.hits[0].thread_id}`);
  const { context, page, errors } = await open('/?q=threadrootword');
  await page.click(`#results article.hit[data-id="${id}"] a.hit-link`);
  await page.waitForURL(new RegExp(`/messages/${id}`));
  await page.waitForSelector('#reader #subject');
  assert.equal((await page.innerText('#subject')).trim(), search.hits[0].subject);
  assert.ok((await page.innerText('#text-body')).includes('threadrootword'));
  assert.equal(await page.getAttribute('#view-source', 'href'), `/api/messages/${id}/raw`);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'reader.png') });
  await page.click('#view-thread');
  await page.waitForSelector('#thread details.thread-message');
  const shown = await page.locator('#thread details.thread-message').evaluateAll((nodes) => nodes.map((node) => node.dataset.id));
  assert.deepEqual(shown, thread.messages.map((message) => message.id));
  assert.equal(await page.locator(`#thread details.thread-message[data-id="${id}"]`).getAttribute('open'), '');
  await page.waitForSelector(`#thread details.thread-message[data-id="${id}"] .thread-message-actions`);
  assert.ok(!/\bnull\b|undefined/.test(await page.innerText('#thread')), 'no null or undefined shown');
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'thread.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('an attachment downloads with its name', async () => {
  const search = await api('/api/search?q=alternativeword');
  const { context, page } = await open(`/messages/${search.hits[0].id}`);
  await page.waitForSelector('#attachments a.attachment');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('#attachments a.attachment'),
  ]);
  assert.equal(download.suggestedFilename(), 'budget-2017.csv');
  await context.close();
});

test('the interface follows a French browser and switches to English', async () => {
  const { context, page } = await open('/', { locale: 'fr-FR' });
  await page.waitForSelector('#results article.hit');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  const french = await page.innerText('body');
  await page.click('#lang-en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  const english = await page.innerText('body');
  assert.notEqual(french, english, 'labels change with the language');
  if (SHOTS) {
    await page.click('#lang-fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    await page.screenshot({ path: join(SHOTS, 'search-fr.png') });
  }
  await context.close();
});

test('no hostile HTML mail runs anything or loads anything from outside', async () => {
  // tests/fixtures/hostile: one mail per family of attack (scripts, event
  // handlers, SVG, javascript:/data: URLs, CSS url(), <base> and <meta
  // refresh>, forms and frames, tracking pixels, encoding tricks, mutation
  // XSS, hostile attachments), each with the word hostilemarker.
  const search = await api('/api/search?q=hostilemarker&kind=email&per_page=100');
  assert.ok(search.total >= 11, `${search.total} hostile mails`);
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  const dialogs = [];
  for (const hit of search.hits) {
    const page = await context.newPage();
    page.on('dialog', async (dialog) => {
      dialogs.push(`${hit.subject}: ${dialog.message()}`);
      await dialog.dismiss();
    });
    await page.goto(`${BASE}/messages/${hit.id}`);
    const frameElement = await page.waitForSelector('iframe#html-body');
    assert.equal(await frameElement.getAttribute('sandbox'), '', `${hit.subject}: sandboxed, without allow-scripts`);
    const frame = await frameElement.contentFrame();
    await frame.waitForSelector('text=hostilemarker');
    await page.waitForTimeout(400);
    assert.equal(await page.evaluate(() => window.hacked), undefined, hit.subject);
    assert.equal(
      await frame.locator('script, iframe, frame, object, embed, applet, form, link, meta[http-equiv], base, portal').count(),
      0,
      `${hit.subject}: no active element survives`,
    );
    if (SHOTS && hit === search.hits[0]) await page.screenshot({ path: join(SHOTS, 'hostile.png') });
    await page.close();
  }
  const outside = requests.filter((url) => !url.startsWith(BASE) && !url.startsWith('data:') && url !== 'about:blank' && url !== 'about:srcdoc');
  assert.deepEqual(outside, [], 'no request leaves the server');
  assert.deepEqual(dialogs, [], 'no script ran');
  await context.close();
});

test('keyboard: / focuses search, j and Enter open a result, Escape goes back', async () => {
  const { context, page } = await open('/?q=');
  await page.waitForSelector('#results article.hit');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('/');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q');
  await page.keyboard.press('Escape');
  await page.keyboard.press('j');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/messages\//);
  await page.waitForSelector('#reader');
  await page.keyboard.press('Escape');
  await page.waitForSelector('#results article.hit');
  await context.close();
});

test('the page works on a phone-sized screen', async () => {
  const { context, page, errors } = await open('/?q=', { width: 390, height: 800 });
  await page.waitForSelector('#results article.hit');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `no horizontal scrolling (${overflow}px)`);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'phone.png') });
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile text: bidi tricks are shown, a pathological URL does not stall, bad URLs do not break the page', async () => {
  const search = await api('/api/search?q=hostiletextmarker');
  assert.equal(search.total, 1);
  const { context, page, errors } = await open('/');
  const started = Date.now();
  await page.goto(`${BASE}/messages/${search.hits[0].id}`);
  await page.waitForSelector('#text-body');
  assert.ok(Date.now() - started < 5000, 'rendered in under 5 s');
  const name = await page.innerText('#attachments .attachment-name');
  assert.ok(name.includes('⟨U+202E⟩'), name);
  assert.ok((await page.innerText('#reader')).includes('⟨U+202E⟩Bank'));
  await page.goto(`${BASE}/messages/%ZZ`);
  await page.waitForLoadState('networkidle');
  assert.ok((await page.innerText('main')).trim().length > 0, 'a not-found page, not a blank one');
  await page.goto(`${BASE}/?q=hostiletextmarker&page=7`);
  await page.waitForURL((url) => !url.searchParams.has('page') || url.searchParams.get('page') === '1');
  await page.waitForSelector('#results article.hit');
  assert.deepEqual(errors, []);
  await context.close();
});

test('hostile subject: a bidi override is shown as a marker in results, snippets, thread, reader and title', async () => {
  // tests/fixtures/hostile/hostile-bidi-subject.eml: Subject and body hold
  // "Invoice \u202Egpj.exe", which would read "Invoice exe.jpg".
  const RLO = '\u202E';
  const MARKER = '⟨U+202E⟩';
  const search = await api('/api/search?q=bidisubjectmarker');
  assert.equal(search.total, 1);
  const [hit] = search.hits;
  assert.ok(hit.subject.includes(RLO), 'the API keeps the subject as it is');
  const shows = (text, where) => {
    assert.ok(text.includes(`Invoice ${MARKER}gpj.exe`), `${where}: ${text}`);
    assert.ok(!text.includes(RLO), `${where}: no raw U+202E`);
  };
  const { context, page, errors } = await open('/?q=bidisubjectmarker');
  const article = page.locator(`#results article.hit[data-id="${hit.id}"]`);
  await article.waitFor();
  shows(await article.locator('a.hit-link').innerText(), 'result title');
  shows(await article.locator('.hit-snippet').innerText(), 'result snippet');
  assert.ok(await article.locator('.hit-snippet mark').count() > 0, 'the snippet keeps its highlight');
  assert.ok(!(await page.innerText('#results')).includes(RLO), 'no raw U+202E in the results');

  await article.locator('a.hit-link').click();
  await page.waitForURL(new RegExp(`/messages/${hit.id}`));
  await page.waitForSelector('#reader #subject');
  shows(await page.innerText('#subject'), 'reader heading');
  shows(await page.title(), 'reader title');

  await page.click('#view-thread');
  await page.waitForSelector(`#thread details.thread-message[data-id="${hit.id}"]`);
  shows(await page.innerText('#thread-title'), 'thread heading');
  shows(await page.title(), 'thread title');
  const summary = page.locator(`#thread details.thread-message[data-id="${hit.id}"] > summary`);
  shows(await summary.locator('.tm-subject').innerText(), 'thread summary subject');
  // Hidden while the message is open: read its text, not its rendering.
  shows(await summary.locator('.tm-snippet').textContent(), 'thread summary snippet');
  await page.waitForSelector(`#thread details.thread-message[data-id="${hit.id}"] .thread-message-actions`);
  // The body is the sender's text, shown as it is; the heading and the
  // summary lines are not.
  const outline = await page.locator('#thread .thread-header, #thread details.thread-message > summary')
    .evaluateAll((nodes) => nodes.map((node) => node.textContent).join('\n'));
  assert.ok(!outline.includes(RLO), 'no raw U+202E in the thread heading and summaries');
  assert.deepEqual(errors, []);
  await context.close();
});
