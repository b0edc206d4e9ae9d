// Quoted text and entities in the UI, on the tests/fixtures/precise mails:
// the "ignore quoted text" box (quotes=exclude) changes what a search
// finds; the reader and the thread fold the quoted parts the server cut
// out; the entities section of a message links each value to its search;
// the entity facets filter. Each test skips itself when the precise
// fixtures are not in the archive served at FOUILLE_URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { apiJson, openRecorded, sharedBrowser } from './support.mjs';

const BASE = process.env.FOUILLE_URL;
const SHOTS = process.env.FOUILLE_SCREENSHOTS;
let browser;
sharedBrowser((launched) => {
  browser = launched;
});

const api = (path) => apiJson(BASE, path);
const IBAN = 'FR7630006000011234567890189';
const PHONE = '+33612345678';

/** The id of the precise mail whose Message-ID is `<NAME@precise.fouille.test>`, or null. */
async function preciseId(name) {
  const search = await api(`/api/search?q=${encodeURIComponent(`msgid:<${name}@precise.fouille.test>`)}`);
  return search.total === 1 ? search.hits[0].id : null;
}

const open = (path, options) => openRecorded(browser, BASE, path, options);

const shownIds = (page) => page.locator('#results article.hit').evaluateAll((nodes) => nodes.map((n) => n.dataset.id).sort());

async function waitTotal(page, total) {
  await page.waitForFunction((n) => document.querySelector('#total')?.dataset.total === String(n), total);
}

test('ignoring quoted text drops the mails that only quote a word, and the URL keeps it', async (t) => {
  const [fr1, fr2, fr3] = [await preciseId('fr-1'), await preciseId('fr-2'), await preciseId('fr-3')];
  if (!fr1 || !fr2 || !fr3) return t.skip('tests/fixtures/precise is not in the served archive');
  // "vendredi" is written in fr-1 only; fr-2 (a "> " reply) and fr-3 (an
  // Outlook reply) quote it.
  const q = 'q=folder%3Aprecise%20vendredi';
  const included = await api(`/api/search?${q}`);
  const excluded = await api(`/api/search?${q}&quotes=exclude`);
  assert.deepEqual(included.hits.map((hit) => hit.id).sort(), [fr1, fr2, fr3].sort());
  assert.deepEqual(excluded.hits.map((hit) => hit.id), [fr1]);

  const { context, page, errors, requests } = await open(`/?${q}`);
  await waitTotal(page, 3);
  assert.equal(await page.isChecked('#ignore-quotes'), false);
  await page.check('#ignore-quotes');
  await page.waitForURL((url) => url.searchParams.get('quotes') === 'exclude');
  await waitTotal(page, 1);
  assert.deepEqual(await shownIds(page), [fr1]);
  assert.match(await page.getAttribute('#export-csv', 'href'), /[?&]quotes=exclude(&|$)/);

  // The correspondents of the search count the same emails.
  await page.click('#tab-correspondents');
  await page.waitForURL((url) => url.pathname === '/correspondents' && url.searchParams.get('quotes') === 'exclude');
  await page.waitForSelector('#correspondents-summary[data-emails="1"]');
  assert.equal(await page.isChecked('#ignore-quotes'), true);

  // The same URL in a new page restores the box; unticking it brings fr-2 back.
  const again = await open(`/?${q}&quotes=exclude`);
  await waitTotal(again.page, 1);
  assert.equal(await again.page.isChecked('#ignore-quotes'), true);
  await again.page.uncheck('#ignore-quotes');
  await again.page.waitForURL((url) => !url.searchParams.has('quotes'));
  await waitTotal(again.page, 3);
  await again.context.close();

  assert.deepEqual(errors, []);
  assert.deepEqual(requests.filter((u) => !u.startsWith(`${BASE}/`)), [], 'no request leaves the server');
  await context.close();
});

test('the syntax help lists the new query fields in both languages', async () => {
  for (const [locale, meaning] of [['en-US', 'only in quoted text'], ['fr-FR', 'seulement dans le texte cité']]) {
    const { context, page } = await open('/', { locale });
    await page.click('#syntax-help summary');
    const rows = await page.locator('#syntax-table tr').evaluateAll((trs) => trs.map((tr) => tr.innerText));
    for (const field of ['~2', '"~3', 'new:', 'quoted:', 'iban:', 'phone:', 'siren:', 'siret:', 'link:', 'mentions:']) {
      assert.ok(rows.some((row) => row.includes(field)), `${locale}: a row for ${field}`);
    }
    assert.ok(rows.some((row) => row.startsWith('quoted:') && row.includes(meaning)), `${locale}: quoted: explained`);
    await context.close();
  }
});

test('the reader and the thread fold the quoted part of a reply and show its own text', async (t) => {
  const fr2 = await preciseId('fr-2');
  if (!fr2) return t.skip('tests/fixtures/precise is not in the served archive');
  const msg = await api(`/api/messages/${fr2}`);
  assert.ok(Array.isArray(msg.parts) && msg.parts.length >= 2, 'the API cuts the reply into parts');
  assert.equal(msg.parts.map((part) => part.text).join(''), msg.text);
  const quoted = msg.parts.filter((part) => part.quoted);
  assert.ok(quoted.some((part) => part.text.includes('vendredi')), 'the quote of fr-1 is a quoted part');
  assert.ok(msg.parts.some((part) => !part.quoted && part.text.includes('Merci Jean')), 'the reply itself is not');

  const { context, page, errors } = await open(`/messages/${fr2}`);
  await page.waitForSelector('#text-body');
  if (await page.locator('#toggle-body').count()) await page.click('#toggle-body');
  const folded = page.locator('#text-body details.quoted');
  assert.equal(await folded.count(), quoted.length);
  assert.equal(await folded.first().getAttribute('open'), null, 'folded');
  const lines = quoted[0].text.replace(/^\n+/, '').replace(/\s+$/, '').split('\n').length;
  assert.equal((await folded.first().locator('summary').innerText()).trim(), `Quoted text (${lines} lines)`);
  assert.ok(await page.locator('#text-body .text-chunk', { hasText: 'Merci Jean' }).isVisible());
  assert.equal(await page.locator('#text-body .quoted-text', { hasText: 'vendredi' }).isVisible(), false);
  await folded.first().locator('summary').click();
  assert.ok(await page.locator('#text-body .quoted-text', { hasText: 'vendredi' }).isVisible());
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'reader-quoted.png') });

  // The thread loads the message the same way, and folds the same part.
  await page.click('#view-thread');
  const inThread = page.locator(`#thread details.thread-message[data-id="${fr2}"]`);
  await inThread.locator('.thread-message-actions').waitFor();
  assert.equal(await inThread.locator('.text-body details.quoted').count(), quoted.length);
  assert.ok(await inThread.locator('.text-body .text-chunk', { hasText: 'Merci Jean' }).isVisible());
  assert.deepEqual(errors, []);
  await context.close();
});

test('the entities of a message link to their searches; lookalikes make none', async (t) => {
  const [fr1, fr2, neg1] = [await preciseId('fr-1'), await preciseId('fr-2'), await preciseId('neg-1')];
  if (!fr1 || !fr2 || !neg1) return t.skip('tests/fixtures/precise is not in the served archive');
  const msg = await api(`/api/messages/${fr1}`);
  assert.deepEqual(msg.entities.ibans, [IBAN]);
  assert.deepEqual(msg.entities.phones, [PHONE]);
  assert.deepEqual(msg.entities.sirens, ['732829320']);
  assert.deepEqual(msg.entities.sirets, ['73282932000074']);
  const negative = await api(`/api/messages/${neg1}`);
  for (const kind of ['ibans', 'phones', 'sirens', 'sirets', 'emails', 'domains']) {
    assert.deepEqual(negative.entities[kind], [], `neg-1 has no ${kind}`);
  }

  const { context, page, errors } = await open(`/messages/${fr1}`);
  await page.waitForSelector('#entities');
  const links = await page.locator('#entities a.entity-link').evaluateAll((as) =>
    as.map((a) => [a.dataset.kind, a.textContent, a.getAttribute('href')]));
  const expected = [
    ['ibans', IBAN, `/?q=${encodeURIComponent(`iban:${IBAN}`)}`],
    ['phones', PHONE, `/?q=${encodeURIComponent(`phone:${PHONE}`)}`],
    ['sirens', '732829320', '/?q=siren%3A732829320'],
    ['sirets', '73282932000074', '/?q=siret%3A73282932000074'],
  ];
  assert.deepEqual(links.slice(0, 4), expected);
  for (const domain of msg.entities.domains) {
    assert.ok(links.some(([kind, text]) => kind === 'domains' && text === domain), `link to ${domain} shown`);
  }
  assert.equal(links.length, 4 + msg.entities.emails.length + msg.entities.domains.length);
  if (SHOTS) await page.screenshot({ path: join(SHOTS, 'reader-entities.png') });

  await page.click(`#entities a.entity-link[data-kind="ibans"]`);
  await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('q') === `iban:${IBAN}`);
  const search = await api(`/api/search?q=${encodeURIComponent(`iban:${IBAN}`)}`);
  await waitTotal(page, search.total);
  const ids = await shownIds(page);
  assert.ok(ids.includes(fr1) && ids.includes(fr2), 'the IBAN search finds fr-1 and fr-2');
  assert.equal(await page.inputValue('#q'), `iban:${IBAN}`);

  await page.goto(`${BASE}/messages/${neg1}`);
  await page.waitForSelector('#reader #subject');
  assert.equal(await page.locator('#entities').count(), 0, 'lookalikes make no entities section');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the document view lists the entities of an attachment\'s text', async (t) => {
  const fr5 = await preciseId('fr-5');
  if (!fr5) return t.skip('tests/fixtures/precise is not in the served archive');
  const msg = await api(`/api/messages/${fr5}`);
  const docId = msg.attachments[0].documents[0].id;
  const doc = await api(`/api/documents/${docId}`);
  assert.deepEqual(doc.entities, {
    ibans: ['DE89370400440532013000'],
    phones: ['+33711223344'],
    sirens: [],
    sirets: [],
    emails: ['compta@fournisseur.example'],
    domains: [],
  });

  const { context, page, errors } = await open(`/documents/${docId}`, { locale: 'fr-FR' });
  await page.waitForSelector('#entities');
  assert.equal((await page.innerText('#entities h2')).trim(), 'Entités');
  const rows = await page.locator('#entities dd').evaluateAll((dds) =>
    dds.map((dd) => [dd.dataset.kind, dd.previousElementSibling.textContent, [...dd.querySelectorAll('a')].map((a) => a.textContent)]));
  assert.deepEqual(rows, [
    ['ibans', 'IBAN', ['DE89370400440532013000']],
    ['phones', 'Téléphones', ['+33711223344']],
    ['emails', 'Adresses citées', ['compta@fournisseur.example']],
  ]);
  // The mail carrying the attachment has none of its own.
  await page.click('#entities a.entity-link[data-kind="emails"]');
  await page.waitForURL((url) => url.searchParams.get('q') === 'mentions:compta@fournisseur.example');
  await waitTotal(page, 1);
  assert.deepEqual(await shownIds(page), [docId]);
  await page.goto(`${BASE}/messages/${fr5}`);
  await page.waitForSelector('#reader #subject');
  assert.equal(await page.locator('#entities').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the phone facet lists the number and filters on it', async (t) => {
  const fr1 = await preciseId('fr-1');
  if (!fr1) return t.skip('tests/fixtures/precise is not in the served archive');
  const all = await api('/api/search?q=folder%3Aprecise');
  const facet = all.facets.phone || [];
  const entry = facet.find((f) => f.value === PHONE);
  assert.ok(entry, 'the API lists the phone number');
  const filtered = await api(`/api/search?q=folder%3Aprecise&phone=${encodeURIComponent(PHONE)}`);
  assert.equal(filtered.total, entry.count);
  assert.ok(filtered.hits.some((hit) => hit.id === fr1));

  const { context, page, errors } = await open('/?q=folder%3Aprecise', { locale: 'fr-FR' });
  const button = page.locator(`section.facet[data-facet="phone"] button.facet-value[data-value="${PHONE}"]`);
  await button.waitFor();
  assert.equal((await page.textContent('section.facet[data-facet="phone"] h2')).trim(), 'Téléphone');
  assert.equal((await button.locator('.facet-count').innerText()).trim(), String(entry.count));
  for (const name of ['iban', 'siren', 'siret']) {
    assert.equal(await page.locator(`section.facet[data-facet="${name}"]`).count(), (all.facets[name] || []).length ? 1 : 0);
  }
  await button.click();
  await page.waitForURL((url) => url.searchParams.get('phone') === PHONE);
  await waitTotal(page, filtered.total);
  assert.equal(await page.locator(`.chip[data-param="phone"][data-value="${PHONE}"]`).count(), 1);
  assert.deepEqual(await shownIds(page), filtered.hits.map((hit) => hit.id).sort());
  assert.deepEqual(errors, []);
  await context.close();
});
