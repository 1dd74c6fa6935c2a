import { demoCustomer, expect, requireApi, signIn, snapshot, test } from './support';

test.describe('account', () => {
  test('the demo customer signs in, edits the profile, saves an address and signs out @phone', async ({ page, apiPaths }) => {
    requireApi(apiPaths, ['/api/v1/users/login/', '/api/v1/users/me/', '/api/v1/users/me/addresses/'], 'accounts');

    await signIn(page);
    await page.getByText(demoCustomer.firstName, { exact: true }).click();
    await page.getByRole('link', { name: 'Shaxsiy kabinet' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Profil' })).toBeVisible();
    await expect(page.getByText('+998 90 000 00 04')).toBeVisible();
    await snapshot(page, 'account-profile');

    await page.getByRole('link', { name: 'Manzillar' }).click();
    await page.getByRole('button', { name: "Manzil qo'shish" }).click();
    await page.getByLabel('Nomi').fill('Ish');
    await page.getByLabel("Ko'cha").fill("Mustaqillik ko'chasi");
    await page.getByLabel('Uy', { exact: true }).fill('7');
    await page.getByRole('button', { name: 'Saqlash' }).click();
    await expect(page.getByText("Mustaqillik ko'chasi 7, Toshkent")).toBeVisible();

    await page.getByText(demoCustomer.firstName, { exact: true }).click();
    await page.getByRole('button', { name: 'Chiqish' }).click();
    await expect(page.getByRole('link', { name: 'Kirish' })).toBeVisible();
  });

  test('a wrong password is refused with the message from the API', async ({ page, apiPaths }) => {
    requireApi(apiPaths, ['/api/v1/users/login/'], 'accounts');

    await page.goto('/login');
    await page.getByLabel('Telefon raqami').fill(demoCustomer.phone);
    await page.getByLabel('Parol').fill('not-the-password');
    await page.getByRole('button', { name: 'Kirish' }).click();

    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByRole('alert')).toBeVisible();
    await expect(page).toHaveURL(/\/login/);
  });

  test('registers with the code from the development SMS outbox', async ({ page, apiPaths, devSmsOutbox, request }) => {
    requireApi(apiPaths, ['/api/v1/users/register/', '/api/v1/users/verify/'], 'accounts');
    test.skip(!devSmsOutbox, 'the development SMS outbox (/api/v1/notifications/dev/sms/) is not on this backend yet');
    const national = `93${String(Date.now()).slice(-7)}`;

    await page.goto('/register');
    await page.getByLabel('Ism').fill('Aziz');
    await page.getByLabel('Familiya').fill('Karimov');
    await page.getByLabel('Telefon raqami').fill(national);
    await page.getByLabel('Parol').fill('Kuchli-parol-2026');
    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: "Ro'yxatdan o'tish" }).click();
    await expect(page.getByLabel('SMS-kod')).toBeVisible();

    const outbox = await request.get(`/api/v1/notifications/dev/sms/?phone=%2B998${national}`);
    const { messages } = (await outbox.json()) as { messages: { text: string }[] };
    const code = /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1];
    expect(code, 'a 6-digit code in the last SMS').toBeDefined();
    await page.getByLabel('SMS-kod').fill(code ?? '');
    await page.getByRole('button', { name: 'Tasdiqlash' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeVisible();
    await expect(page.getByText('Aziz', { exact: true })).toBeVisible();
  });
});
