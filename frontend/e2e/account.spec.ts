import type { APIRequestContext, Page } from '@playwright/test';

import { demoCustomer, expect, mockMapTiles, requireApi, signIn, snapshot, test } from './support';

/** The 6-digit code in the newest SMS to `+998{national}` in the development outbox. */
async function smsCode(request: APIRequestContext, national: string): Promise<string> {
  const outbox = await request.get(`/api/v1/notifications/dev/sms/?phone=%2B998${national}`);
  const { messages } = (await outbox.json()) as { messages: { text: string }[] };
  const code = /\b(\d{6})\b/.exec(messages[0]?.text ?? '')?.[1];
  expect(code, `a 6-digit code in the last SMS to +998${national}`).toBeDefined();
  return code ?? '';
}

/** A new customer, registered and signed in through the forms; their national number. */
async function registerCustomer(page: Page, request: APIRequestContext, prefix: string, password: string): Promise<string> {
  const national = `${prefix}${String(Date.now()).slice(-7)}`;
  await page.goto('/register');
  await page.getByLabel('Ism').fill('Dilnoza');
  await page.getByLabel('Familiya').fill('Rahimova');
  await page.getByLabel('Telefon raqami').fill(national);
  await page.getByLabel('Parol').fill(password);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: "Ro'yxatdan o'tish" }).click();
  await expect(page.getByLabel('SMS-kod')).toBeVisible();
  await page.getByLabel('SMS-kod').fill(await smsCode(request, national));
  await page.getByRole('button', { name: 'Tasdiqlash' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Onlayn dorixona' })).toBeVisible();
  return national;
}

/** `+998 94 123 45 67` for `941234567`. */
function shown(national: string): string {
  return `+998 ${national.slice(0, 2)} ${national.slice(2, 5)} ${national.slice(5, 7)} ${national.slice(7)}`;
}

test.describe('account', () => {
  test('the demo customer signs in, edits the profile, saves an address and signs out @phone', async ({ page, apiPaths }) => {
    requireApi(apiPaths, ['/api/v1/users/login/', '/api/v1/users/me/', '/api/v1/users/me/addresses/'], 'accounts');
    await mockMapTiles(page);

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
    // The pin goes where the map is tapped, and is saved with the address.
    await page.getByTestId('pin-map').click();
    await expect(page.getByRole('button', { name: 'Yetkazish nuqtasi' })).toBeVisible();
    await snapshot(page, 'account-address-pin');
    const saved = page.waitForResponse((response) => response.url().endsWith('/api/v1/users/me/addresses/') && response.request().method() === 'POST');
    await page.getByRole('button', { name: 'Saqlash' }).click();
    const address = (await (await saved).json()) as { latitude: string | null; longitude: string | null };
    expect(Number(address.latitude)).toBeCloseTo(41.3111, 2);
    expect(Number(address.longitude)).toBeCloseTo(69.2797, 2);
    await expect(page.getByText("Mustaqillik ko'chasi 7, Toshkent").first()).toBeVisible();

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

  test('moves the account to a new phone with the code texted there, then signs out everywhere', async ({ page, apiPaths, devSmsOutbox, request, browser }) => {
    requireApi(
      apiPaths,
      ['/api/v1/users/register/', '/api/v1/users/verify/', '/api/v1/users/me/phone/', '/api/v1/users/me/phone/confirm/', '/api/v1/users/logout/all/'],
      'phone change and sign-out everywhere',
    );
    test.skip(!devSmsOutbox, 'the development SMS outbox (/api/v1/notifications/dev/sms/) is not on this backend yet');
    const password = 'Kuchli-parol-2026';
    const oldNumber = await registerCustomer(page, request, '95', password);
    const newNumber = `94${oldNumber.slice(2)}`;

    await page.goto('/account');
    await expect(page.getByText(shown(oldNumber))).toBeVisible();
    const phoneSection = page.getByRole('region', { name: "Telefon raqamini o'zgartirish" });
    await phoneSection.getByLabel('Yangi telefon raqami').fill(newNumber);
    await phoneSection.getByLabel('Parol', { exact: true }).fill(password);
    await phoneSection.getByRole('button', { name: 'Kod yuborish' }).click();
    await expect(phoneSection.getByText(`${shown(newNumber)} raqamiga 6 xonali kod yubordik.`)).toBeVisible();
    await phoneSection.getByLabel('SMS-kod').fill(await smsCode(request, newNumber));
    await phoneSection.getByRole('button', { name: 'Raqamni tasdiqlash' }).click();

    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText("Telefon raqami o'zgartirildi")).toBeVisible();
    await expect(page.getByText(shown(newNumber))).toBeVisible();
    await snapshot(page, 'account-phone-changed');

    // A second device, signed in with the new number.
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    await signIn(otherPage, { phone: newNumber, password });

    await page.getByRole('button', { name: 'Barcha qurilmalardan chiqish' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Barcha qurilmalardagi seanslar tugatilsinmi?' });
    await expect(confirm).toBeVisible();
    await snapshot(page, 'account-logout-everywhere');
    await confirm.getByRole('button', { name: 'Ha, hamma joydan chiqish' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Kirish' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText('Barcha qurilmalardan chiqdingiz')).toBeVisible();
    // The other device's session is over too: after a reload it cannot get a new access token.
    await otherPage.reload();
    await expect(otherPage.getByRole('link', { name: 'Kirish' })).toBeVisible();
    await other.close();

    // The account now signs in with the new number.
    await signIn(page, { phone: newNumber, password });
  });
});
