import { crc32, deflateSync } from 'node:zlib';

import { expect, test as base, type Page } from '@playwright/test';

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

export const demoCustomer = {
  phone: '900000004',
  password: process.env.E2E_DEMO_PASSWORD ?? 'Dorixona-demo-2026',
  firstName: 'Nilufar',
};

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
