// The thread view on long threads: /api/threads/{id} answers a page at a
// time ({thread_id, total, page, per_page, messages}); the view shows the
// first page, the count, and a button appending the next. The fixtures have
// only small threads, so the API is stubbed here with a synthetic thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './support.mjs';

const BASE = process.env.FOUILLE_URL;
const THREAD = '00000000000000ab';
const TOTAL = 250;
let browser;
sharedBrowser((launched) => {
  browser = launched;
});

const messageId = (i) => i.toString(16).padStart(32, '0');

function message(i) {
  return {
    id: messageId(i),
    thread_id: THREAD,
    kind: 'email',
    subject: i === 0 ? 'Synthetic long thread' : 'Re: Synthetic long thread',
    from: { name: `Sender ${i}`, address: `sender${i}@example.org` },
    to: [{ name: 'Desk', address: 'desk@example.org' }],
    date: new Date(Date.UTC(2017, 0, 1) + i * 3_600_000).toISOString(),
    lang: 'en',
    snippet: `Message number ${i}`,
    attachments: [],
  };
}

/** A page with the thread API stubbed: paged (the default) or, with
 * `paged: false`, the older answer with every message and no total. */
async function openStubbed(path, { total = TOTAL, paged = true } = {}) {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  const asked = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(/\/api\/threads\/[0-9a-f]+(\?.*)?$/, async (route) => {
    const url = new URL(route.request().url());
    asked.push(url.search);
    const all = Array.from({ length: total }, (_, i) => message(i));
    if (!paged) {
      await route.fulfill({ json: { thread_id: THREAD, messages: all } });
      return;
    }
    const number = Number(url.searchParams.get('page') || 1);
    const perPage = Number(url.searchParams.get('per_page') || 100);
    await route.fulfill({
      json: {
        thread_id: THREAD,
        total,
        page: number,
        per_page: perPage,
        messages: all.slice((number - 1) * perPage, number * perPage),
      },
    });
  });
  await page.route(/\/api\/messages\/[0-9a-f]{32}$/, async (route) => {
    const id = new URL(route.request().url()).pathname.split('/').pop();
    const base = message(parseInt(id, 16));
    await route.fulfill({ json: { ...base, text: `The body of ${base.snippet}.`, headers: [], sources: [] } });
  });
  await page.goto(BASE + path);
  return { context, page, errors, asked };
}

const shown = (page) => page.locator('#thread details.thread-message');

test('a long thread shows its first page, its total and a button appending the next pages', async () => {
  const { context, page, errors, asked } = await openStubbed(`/threads/${THREAD}`);
  await page.waitForSelector('#thread details.thread-message');
  assert.equal(await shown(page).count(), 100);
  assert.deepEqual(asked, ['?page=1&per_page=100']);
  assert.match(await page.innerText('#thread-count'), /100 of 250 messages/);
  assert.match(await page.innerText('#thread-more'), /Show 100 more messages/);
  assert.equal(await page.innerText('#thread-title'), 'Synthetic long thread');

  await page.click('#thread-more');
  await page.waitForFunction(() => document.querySelectorAll('#thread details.thread-message').length === 200);
  assert.match(await page.innerText('#thread-count'), /200 of 250 messages/);
  assert.match(await page.innerText('#thread-more'), /Show 50 more messages/);

  await page.click('#thread-more');
  await page.waitForFunction(() => document.querySelectorAll('#thread details.thread-message').length === 250);
  assert.ok(!(await page.isVisible('#thread-more')), 'no more button once everything is shown');
  assert.match(await page.innerText('#thread-count'), /^250 messages/);
  const ids = await shown(page).evaluateAll((nodes) => nodes.map((node) => node.dataset.id));
  assert.deepEqual(ids, Array.from({ length: TOTAL }, (_, i) => messageId(i)), 'every message once, oldest first');
  assert.deepEqual(asked, ['?page=1&per_page=100', '?page=2&per_page=100', '?page=3&per_page=100']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a long thread opened on a message beyond the first page loads up to it, opens and shows it', async () => {
  const target = messageId(180);
  const { context, page, errors } = await openStubbed(`/threads/${THREAD}?open=${target}`);
  const details = page.locator(`#thread details.thread-message[data-id="${target}"]`);
  await details.locator('.thread-message-actions').waitFor();
  assert.equal(await details.getAttribute('open'), '');
  assert.equal(await shown(page).count(), 200);
  assert.match(await page.innerText('#thread-count'), /200 of 250 messages/);
  await page.waitForFunction((id) => {
    const box = document.querySelector(`#thread details.thread-message[data-id="${id}"]`).getBoundingClientRect();
    return box.top >= 0 && box.top < window.innerHeight;
  }, target);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the French interface counts a long thread in French', async () => {
  const { context, page } = await openStubbed(`/threads/${THREAD}?ui=fr`);
  await page.waitForSelector('#thread details.thread-message');
  assert.match(await page.innerText('#thread-count'), /100 messages affichés sur 250/);
  assert.match(await page.innerText('#thread-more'), /Afficher 100 messages de plus/);
  await context.close();
});

test('a server answering without paging (no total) shows the whole thread and no button', async () => {
  const { context, page, errors } = await openStubbed(`/threads/${THREAD}`, { total: 30, paged: false });
  await page.waitForSelector('#thread details.thread-message');
  assert.equal(await shown(page).count(), 30);
  assert.ok(!(await page.isVisible('#thread-more')));
  assert.match(await page.innerText('#thread-count'), /^30 messages/);
  // The whole thread is there: its last message is the one opened.
  assert.equal(await page.locator(`#thread details.thread-message[data-id="${messageId(29)}"]`).getAttribute('open'), '');
  assert.deepEqual(errors, []);
  await context.close();
});
