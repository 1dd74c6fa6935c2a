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

export async function signIn(page: Page, { phone, password } = demoCustomer) {
  await page.goto('/login');
  await page.getByLabel('Telefon raqami').fill(phone);
  await page.getByLabel('Parol').fill(password);
  await page.getByRole('button', { name: 'Kirish' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeVisible();
}
