import { crc32, deflateSync } from 'node:zlib';

import { randomUUID } from 'node:crypto';

import { expect, test as base, type APIRequestContext, type Page } from '@playwright/test';

/**
 * What the backend under test offers, read from its OpenAPI schema: specs of features whose API is
 * not there yet skip themselves with the reason printed, and run as soon as it lands.
 */
export const test = base.extend<{}, { apiPaths: Set<string>; devSmsOutbox: boolean }>({
  apiPaths: [
    async ({ playwright }, use) => {
      const request = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
      const response = await request.get('/api/schema/?format=json');
      const schema = (await response.json()) as { paths: Record<string, unknown> };
      await use(new Set(Object.keys(schema.paths)));
      await request.dispose();
    },
    { scope: 'worker' },
  ],
  devSmsOutbox: [
    async ({ playwright }, use) => {
      const request = await playwright.request.newContext({ baseURL: process.env.E2E_BASE_URL });
      const response = await request.get('/api/v1/notifications/dev/sms/?phone=%2B998900000004');
      await use(response.ok());
      await request.dispose();
    },
    { scope: 'worker' },
  ],
});

export { expect };

/** Skips the rest of a test, saying why, unless the backend has every API path given. */
export function requireApi(apiPaths: Set<string>, paths: string[], feature: string) {
  const missing = paths.filter((path) => !apiPaths.has(path));
  test.skip(missing.length > 0, `${feature}: not on this backend yet (missing ${missing.join(', ')})`);
}

const demoPassword = process.env.E2E_DEMO_PASSWORD ?? 'Dorixona-demo-2026';
export const demoCustomer = { phone: '900000004', password: demoPassword, firstName: 'Nilufar' };
export const demoOperator = { phone: '900000002', password: demoPassword };
export const demoCourier = { phone: '900000003', password: demoPassword };
export const demoAdmin = { phone: '900000001', password: demoPassword, firstName: 'Aziza' };

/** A demo person's access token, for the specs' API helpers. */
export async function apiToken(request: APIRequestContext, phone: string): Promise<string> {
  const response = await request.post('/api/v1/users/login/', { data: { phone_number: `+998${phone}`, password: demoPassword } });
  expect(response.ok(), `sign-in of +998${phone}: ${await response.text()}`).toBeTruthy();
  return ((await response.json()) as { access: string }).access;
}

/** Signs a demo person in on the login page; where they land depends on their role. */
export async function signInAs(page: Page, phone: string) {
  await page.goto('/login');
  await page.getByLabel('Telefon raqami').fill(phone);
  await page.getByLabel('Parol').fill(demoPassword);
  await page.getByRole('button', { name: 'Kirish' }).click();
}

function list<T>(body: T[] | { results: T[] }): T[] {
  return Array.isArray(body) ? body : body.results;
}

/**
 * A cash order of the demo customer (of at least `lines` lines), prepared and ready: by courier to
 * their saved address in the demo zone (and given to the courier on shift), or for pickup at the
 * counter. Returns its number.
 */
export async function cashOrderReady(request: APIRequestContext, deliveryType: 'courier' | 'pickup', { lines = 1 } = {}): Promise<string> {
  const customer = { Authorization: `Bearer ${await apiToken(request, demoCustomer.phone)}` };
  const addresses = list((await (await request.get('/api/v1/users/me/addresses/', { headers: customer })).json()) as
    | { id: number; latitude: string | null }[]
    | { results: { id: number; latitude: string | null }[] });
  const address = addresses.find((candidate) => candidate.latitude !== null);
  expect(address, 'the demo customer has a saved address with a map pin').toBeDefined();

  // Enough over-the-counter products in stock to pass the zone's minimum order for delivery.
  const products = list((await (await request.get('/api/v1/products/?requires_prescription=false&in_stock=true&page_size=50')).json()) as {
    results: { id: number; price: string }[];
  });
  expect(products.length, 'over-the-counter products in stock').toBeGreaterThan(0);
  const cleared = await request.delete('/api/v1/orders/cart/clear/', { headers: customer });
  expect(cleared.ok(), `clearing the cart: ${await cleared.text()}`).toBeTruthy();
  let total = 0;
  let added = 0;
  for (const product of [...products].sort((a, b) => Number(b.price) - Number(a.price))) {
    if (total >= 60_000 && added >= lines) break;
    const quantity = Math.min(5, Math.max(1, Math.ceil((60_000 - total) / Number(product.price))));
    const response = await request.post('/api/v1/orders/cart/add/', { headers: customer, data: { product_id: product.id, quantity } });
    if (response.ok()) {
      total += quantity * Number(product.price);
      added += 1;
    }
  }
  expect(total, 'the cart passes the minimum order for delivery').toBeGreaterThanOrEqual(60_000);
  expect(added, `${lines} lines in the cart`).toBeGreaterThanOrEqual(lines);

  const checkout = await request.post('/api/v1/orders/checkout/', {
    headers: { ...customer, 'Idempotency-Key': randomUUID() },
    data: { payment_method: 'cash', delivery_type: deliveryType, ...(deliveryType === 'courier' ? { address_id: address?.id } : {}) },
  });
  expect(checkout.ok(), `checkout: ${await checkout.text()}`).toBeTruthy();
  const { number } = (await checkout.json()) as { number: string };

  const operator = { Authorization: `Bearer ${await apiToken(request, demoOperator.phone)}` };
  for (const status of ['preparing', 'ready_for_delivery']) {
    const moved = await request.post(`/api/v1/orders/${number}/status/`, { headers: operator, data: { status } });
    expect(moved.ok(), `order ${number} → ${status}: ${await moved.text()}`).toBeTruthy();
  }
  if (deliveryType === 'courier') {
    // The end-to-end backend leaves deliveries to the operator (no auto-assignment): ask for the
    // automatic choice, which is the demo courier, the only one on shift.
    const assigned = await request.post('/api/v1/delivery/assign-courier/', { headers: operator, data: { order_number: number } });
    expect(assigned.ok(), `assigning ${number}: ${await assigned.text()}`).toBeTruthy();
  }
  return number;
}

const outputDir = new URL('../../tests/e2e/output/screenshots/', import.meta.url).pathname;

/** A full-page screenshot kept as a CI artifact, named after the page and the project. */
export async function snapshot(page: Page, name: string) {
  await page.screenshot({ path: `${outputDir}${test.info().project.name}-${name}.png`, fullPage: true });
}

export async function signIn(page: Page, { phone, password }: { phone: string; password: string } = demoCustomer) {
  await page.goto('/login');
  await page.getByLabel('Telefon raqami').fill(phone);
  await page.getByLabel('Parol').fill(password);
  await page.getByRole('button', { name: 'Kirish' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeVisible();
}

/** A small but real PNG: a square of one grey, made here so no binary is committed. */
export function solidPng(size: number, grey: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.writeUInt8(8, 8);
  header.writeUInt8(0, 9);
  const rows = Buffer.alloc((size + 1) * size, grey);
  for (let row = 0; row < size; row++) rows[row * (size + 1)] = 0;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Map tiles (`…/{z}/{x}/{y}.png` on whatever tile server the build uses) answered with a plain
 * tile, and every other request off the shop's own origin refused: the specs never need the
 * internet. Returns the tile URLs asked for.
 */
export async function mockMapTiles(page: Page): Promise<string[]> {
  const tile = solidPng(256, 0xe8);
  const requested: string[] = [];
  const shop = new URL(process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000').origin;
  await page.route(
    (url) => url.origin !== shop,
    (route) => {
      const url = route.request().url();
      if (!/\/\d+\/\d+\/\d+\.png(\?.*)?$/.test(url)) return route.abort('blockedbyclient');
      requested.push(url);
      return route.fulfill({ status: 200, contentType: 'image/png', body: tile });
    },
  );
  return requested;
}
