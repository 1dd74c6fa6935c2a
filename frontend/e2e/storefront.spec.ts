import { expect, snapshot, test } from './support';

test.describe('storefront without an account', () => {
  test('home page in Uzbek, with search, working links and its title @phone', async ({ page }) => {
    await page.goto('/');

    await expect(page.getByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Dori qidirish' })).toBeVisible();
    await expect(page).toHaveTitle('Onlayn dorixona · Dorixona');
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute('content', 'Onlayn dorixona · Dorixona');
    await snapshot(page, 'home');
  });

  test('switches the language and remembers it after a reload @phone', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Русский' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Онлайн-аптека' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Онлайн-аптека' })).toBeVisible();
    await snapshot(page, 'home-ru');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Online pharmacy' })).toBeVisible();
  });

  test('registration links the terms and the privacy policy; the legal pages are real documents', async ({ page }) => {
    await page.goto('/register');
    const form = page.locator('form');

    await expect(form.getByRole('link', { name: 'Foydalanish shartlari' })).toHaveAttribute('href', '/legal/terms');
    // Opens beside the form, so what was typed is not lost.
    const [policy] = await Promise.all([page.waitForEvent('popup'), form.getByRole('link', { name: 'Maxfiylik siyosati' }).click()]);
    await expect(policy.getByRole('heading', { level: 1, name: 'Maxfiylik siyosati' })).toBeVisible();
    await expect(policy.getByText("Shaxsga doir ma'lumotlar to'g'risida", { exact: false })).toBeVisible();

    await page.goto('/legal/disclaimer');
    await expect(page.getByRole('heading', { level: 1, name: 'Tibbiy ogohlantirish' })).toBeVisible();
    await snapshot(page, 'legal-disclaimer');
  });

  test('an unknown address shows the not-found page inside the shop', async ({ page }) => {
    await page.goto('/no-such-page');

    await expect(page.getByRole('heading', { name: 'Sahifa topilmadi' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Dorixona' })).toBeVisible();
  });

  test('pages for customers ask to sign in first', async ({ page }) => {
    await page.goto('/orders');

    await expect(page).toHaveURL(/\/login\?next=%2Forders/);
    await expect(page.getByRole('heading', { name: 'Kirish' })).toBeVisible();
  });
});
