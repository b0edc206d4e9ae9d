// Shared by the browser tests: launching Debian's Chromium the way this
// machine allows (no background networking: the network is closed), and
// reading the API of the server under test.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Launches Chromium before a file's tests, hands it to `set`, and closes it after them. */
export function sharedBrowser(set) {
  let browser;
  before(async () => {
    browser = await launchChromium();
    set(browser);
  });
  after(async () => {
    await browser?.close();
  });
}

export async function apiJson(base, path) {
  const response = await fetch(base + path);
  assert.equal(response.status, 200, path);
  return response.json();
}

/** A write to the API, as the UI makes it (JSON); answers the JSON, or null for 204. */
export async function apiSend(base, method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${path}: ${response.status} ${await response.clone().text()}`);
  return response.status === 204 ? null : response.json();
}

/**
 * Opens `base + path` in a new context of `browser` that records page errors,
 * console errors (CSP refusals among them) and every request made.
 */
export async function openRecorded(browser, base, path, { locale = 'en-US' } = {}) {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  const requests = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  context.on('request', (request) => requests.push(request.url()));
  await page.goto(base + path);
  return { context, page, errors, requests };
}
