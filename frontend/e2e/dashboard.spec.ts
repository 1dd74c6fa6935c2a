import { readFile } from 'node:fs/promises';

import { demoAdmin, expect, requireApi, signIn, snapshot, test } from './support';


test.describe('admin dashboard', () => {
  test.beforeEach(({ apiPaths }) => {
    requireApi(apiPaths, ['/api/v1/dashboard/admin/', '/api/v1/dashboard/admin/export/{table}.csv'], 'admin dashboard');
  });

  test('the demo admin reads the figures and charts of the demo data, changes the period and downloads a CSV', async ({ page }) => {
    await signIn(page, demoAdmin);
    await page.getByText(demoAdmin.firstName, { exact: true }).click();
    await page.getByRole('link', { name: 'Boshqaruv paneli' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Boshqaruv paneli' })).toBeVisible();

    // seed_demo leaves four weeks of orders and their roll-ups: the default 30 days show them.
    await expect(page.getByTestId('kpi-revenue')).toHaveText(/^[1-9][\d\s]*\sso'm$/);
    for (const chart of ['chart-revenue', 'chart-orders', 'chart-providers']) {
      await expect(page.getByTestId(chart).locator('svg path.recharts-rectangle, svg path.recharts-sector').first()).toBeVisible();
    }
    await expect(page.getByRole('table', { name: 'Kuryerlar reytingi' }).getByText('Bekzod Tursunov')).toBeVisible();
    await expect(page.getByRole('table', { name: "Eng ko'p sotilgan dorilar" }).getByRole('row')).not.toHaveCount(1);
    await expect(page.getByRole('heading', { name: 'Tizim holati' })).toBeVisible();
    await snapshot(page, 'dashboard-30-days');

    const lastWeek = page.waitForResponse((response) => response.url().includes('/api/v1/dashboard/admin/?preset=last_7_days'));
    await page.getByRole('button', { name: "So'nggi 7 kun" }).click();
    expect((await lastWeek).status()).toBe(200);
    await expect(page).toHaveURL(/preset=last_7_days/);

    // A custom period: refused while it runs backwards, asked for once it is right.
    await page.getByRole('button', { name: 'Boshqa davr' }).click();
    const from = page.getByLabel('Boshlanish sanasi');
    const to = page.getByLabel('Tugash sanasi');
    const day = (offset: number) => new Date(Date.now() - offset * 86_400_000).toISOString().slice(0, 10);
    await from.fill(day(3));
    await to.fill(day(20));
    await page.getByRole('button', { name: "Ko'rsatish" }).click();
    await expect(page.getByRole('alert')).toHaveText("Boshlanish sanasi tugash sanasidan keyin bo'lmasligi kerak.");
    await from.fill(day(20));
    await to.fill(day(3));
    const custom = page.waitForResponse((response) => response.url().includes(`/api/v1/dashboard/admin/?from=${day(20)}&to=${day(3)}`));
    await page.getByRole('button', { name: "Ko'rsatish" }).click();
    expect((await custom).status()).toBe(200);
    await expect(page.getByTestId('chart-revenue').locator('svg path.recharts-rectangle').first()).toBeVisible();
    await snapshot(page, 'dashboard-custom-period');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: "Kunlar bo'yicha" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`dorixona-series-${day(20)}-${day(3)}.csv`);
    const csv = await readFile(await file.path(), 'utf8');
    const [header, ...rows] = csv.trim().split(/\r?\n/);
    expect(header).toContain('day,orders_total,paid_orders,revenue_total');
    expect(rows).toHaveLength(18);
    await expect(page.getByText(`dorixona-series-${day(20)}-${day(3)}.csv yuklab olindi`)).toBeVisible();
  });

  test('a customer opening /dashboard sees the 403 page', async ({ page }) => {
    await signIn(page);
    await page.goto('/dashboard');
    await expect(page.getByText('403')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Boshqaruv paneli' })).toHaveCount(0);
  });
});
