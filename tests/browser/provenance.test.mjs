// The provenance panel of the reader and the verdict badges of the results,
// on stubbed API answers: the fixtures carry no DKIM verdict, and a stub
// shows every shape the server may send (a DKIM summary, hops with a
// negative delay, an anomaly) without depending on the archive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedBrowser } from './support.mjs';

const BASE = process.env.FOUILLE_URL;
let browser;
sharedBrowser((launched) => {
  browser = launched;
});

const id = (i) => i.toString(16).padStart(32, '0');
const OUTCOMES = ['pass', 'partial', 'fail', 'nokey', 'none', null];

function hit(i) {
  return {
    id: id(i),
    thread_id: id(i).slice(16),
    kind: 'email',
    subject: `Outcome ${OUTCOMES[i]}`,
    from: { name: 'Sender', address: 'sender@example.org' },
    to: [],
    date: '2017-10-02T08:00:00Z',
    lang: 'en',
    snippet: 'text',
    attachments: [],
    ...(OUTCOMES[i] ? { dkim: OUTCOMES[i] } : {}),
  };
}

const PROVENANCE = {
  hops: [
    { from: 'pc [10.9.9.9]', by: 'smtp.relay.example', with: 'ESMTPSA', id: 'S7', time: '2017-10-02T08:00:05Z' },
    { from: 'smtp.relay.example [203.0.113.66]', by: 'mx.newsroom.example', with: 'ESMTP', time: '2017-10-02T07:20:20Z', delay_seconds: -2385 },
  ],
  client: 'Microsoft Outlook 16.0.4266.1001',
  anomalies: [
    { code: 'duplicate_header', message: 'The From header appears 2 times ("A <a@x.example>", "B <b@y.example>"), where a message has one.' },
    { code: 'some_future_code', message: 'A check this interface does not know yet.' },
  ],
  dkim: {
    outcome: 'pass',
    signatures: [{
      domain: 'journal.example', selector: 's2017', algorithm: 'rsa-sha256', key_bits: 2048, aligned: true,
      headers: ['from', 'to', 'subject', 'date'], body_total: 120, expired: false, result: 'pass', key_source: 'keys.zone',
    }],
  },
};

async function openStubbed(path, locale = 'en-US') {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.route(/\/api\/search(\?.*)?$/, (route) => route.fulfill({
    json: { total: OUTCOMES.length, took_ms: 1, hits: OUTCOMES.map((_, i) => hit(i)), facets: {}, warnings: [] },
  }));
  await page.route(/\/api\/messages\/[0-9a-f]{32}$/, (route) => route.fulfill({
    json: { ...hit(0), text: 'Body.', headers: [], sources: [], provenance: PROVENANCE },
  }));
  await page.goto(BASE + path);
  return { context, page, errors };
}

test('each email hit carries the badge of its DKIM verdict, and an unsigned one none', async () => {
  const { context, page, errors } = await openStubbed('/?q=outcome');
  await page.waitForSelector('#results article.hit');
  const badges = await page.locator('#results article.hit').evaluateAll((hits) => hits.map((article) => {
    const badge = article.querySelector('.badge.verdict');
    return badge ? [badge.textContent, badge.className, badge.getAttribute('aria-label')] : null;
  }));
  assert.deepEqual(badges, [
    ['verified', 'badge verdict verdict-verified', 'DKIM signature: verified'],
    ['partly verified', 'badge verdict verdict-partial', 'DKIM signature: partly verified'],
    ['altered', 'badge verdict verdict-altered', 'DKIM signature: altered after signing'],
    ['cannot tell', 'badge verdict verdict-unknown', 'DKIM signature: key unknown'],
    null,
    null,
  ]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the reader shows the DKIM summary, the client, the anomalies and the route', async () => {
  const { context, page, errors } = await openStubbed(`/messages/${id(0)}`);
  await page.waitForSelector('#provenance');
  assert.match(await page.innerText('#provenance-dkim'), /verified/);
  assert.match(await page.innerText('#provenance-dkim'), /journal\.example s=s2017 rsa-sha256 · 2048-bit key · same domain as the sender/);
  assert.equal(await page.innerText('#provenance-client'), 'Microsoft Outlook 16.0.4266.1001');
  const anomalies = page.locator('#anomalies li.anomaly');
  assert.equal(await anomalies.count(), 2);
  assert.match(await anomalies.nth(0).innerText(), /^A header that must appear once appears several times/);
  assert.equal(await anomalies.nth(0).getAttribute('title'), PROVENANCE.anomalies[0].message);
  // An unknown code falls back on the server's sentence.
  assert.equal(await anomalies.nth(1).innerText(), 'A check this interface does not know yet.');
  const rows = page.locator('#hops tbody tr');
  assert.equal(await rows.count(), 2);
  assert.equal(await rows.nth(0).locator('.hop-by').innerText(), 'smtp.relay.example');
  assert.equal(await rows.nth(1).locator('.hop-delay.negative').innerText(), '−40 min');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the panel speaks French to a French browser', async () => {
  const { context, page } = await openStubbed(`/messages/${id(0)}`, 'fr-FR');
  await page.waitForSelector('#provenance');
  assert.equal(await page.innerText('#provenance-heading'), 'Provenance 2');
  assert.match(await page.innerText('#anomalies'), /Un en-tête qui ne doit figurer qu’une fois/);
  assert.equal(await page.locator('#hops th').first().innerText(), 'De');
  await context.close();
});
