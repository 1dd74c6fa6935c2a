import { expect, requireApi, signIn, snapshot, solidPng, test } from './support';

const latinParacetamol = /Para(ts|c)etamol/i;

test.describe('shopping', () => {
  test('a search in Cyrillic finds the product named in Latin @phone', async ({ page, apiPaths }) => {
    requireApi(apiPaths, ['/api/v1/products/'], 'catalog');

    await page.goto('/');
    await page.getByRole('combobox', { name: 'Dori qidirish' }).fill('парацетамол');
    const suggestions = page.getByRole('listbox', { name: 'Takliflar' });
    await expect(suggestions.getByRole('option', { name: latinParacetamol }).first()).toBeVisible();
    await snapshot(page, 'search-suggestions');

    await page.getByRole('combobox', { name: 'Dori qidirish' }).press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: '“парацетамол” bo\'yicha natijalar' })).toBeVisible();
    await expect(page.getByRole('link', { name: latinParacetamol }).first()).toBeVisible();
    await snapshot(page, 'catalog-results');
  });

  test('adds to the cart, checks out with cash and sees the order', async ({ page, apiPaths }) => {
    requireApi(apiPaths, ['/api/v1/products/', '/api/v1/orders/cart/', '/api/v1/orders/checkout/', '/api/v1/orders/{number}/'], 'catalog and orders');

    await signIn(page);
    await page.goto('/catalog?q=paratsetamol&rx=false&in_stock=true');
    await page.getByRole('link', { name: latinParacetamol }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: latinParacetamol })).toBeVisible();
    await snapshot(page, 'product');
    await page.getByRole('button', { name: "Ko'paytirish" }).click();
    await page.getByRole('button', { name: "Savatga qo'shish" }).click();
    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText("Savatga qo'shildi")).toBeVisible();

    await page.getByRole('link', { name: /^Savat, 2 ta mahsulot/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Savat' })).toBeVisible();
    await snapshot(page, 'cart');
    await page.getByRole('link', { name: 'Rasmiylashtirish' }).click();

    await page.getByRole('radio', { name: /Dorixonadan olib ketish/ }).check();
    await page.getByRole('radio', { name: /Naqd pul/ }).check();
    await snapshot(page, 'checkout');
    await page.getByRole('button', { name: 'Buyurtma berish' }).click();

    // The order is addressed by its public number.
    await expect(page).toHaveURL(/\/orders\/DX-[0-9A-Z]{8}$/);
    const number = page.url().split('/').pop() ?? '';
    await expect(page.getByRole('heading', { level: 1, name: `Buyurtma ${number}` })).toBeVisible();
    await expect(page.getByRole('list', { name: 'Buyurtma holati' })).toContainText('Qabul qilindi');
    await expect(page.getByRole('link', { name: latinParacetamol }).first()).toBeVisible();
    await snapshot(page, 'order');
    await page.getByRole('link', { name: 'Barcha buyurtmalar' }).click();
    await expect(page.getByRole('link', { name: new RegExp(`Buyurtma ${number}`) })).toBeVisible();
  });

  test('an order of a prescription medicine waits for a prescription the customer attaches', async ({ page, apiPaths }) => {
    requireApi(
      apiPaths,
      ['/api/v1/orders/cart/', '/api/v1/orders/checkout/', '/api/v1/orders/{number}/', '/api/v1/orders/{number}/prescriptions/', '/api/v1/prescriptions/'],
      'orders and prescriptions',
    );

    await signIn(page);
    await page.goto('/catalog?q=amoksitsillin&rx=true&in_stock=true');
    await page.getByRole('link', { name: /Amoksitsillin/i }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: /Amoksitsillin/i })).toBeVisible();
    await page.getByRole('button', { name: "Savatga qo'shish" }).click();
    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText("Savatga qo'shildi")).toBeVisible();

    await page.goto('/cart');
    await expect(page.getByText(/Savatda retseptli dorilar bor/)).toBeVisible();
    await page.getByRole('link', { name: 'Rasmiylashtirish' }).click();
    await page.getByRole('radio', { name: /Dorixonadan olib ketish/ }).check();
    await page.getByRole('radio', { name: /Naqd pul/ }).check();
    // No prescription yet: the order is placed and waits for one.
    await page.getByRole('button', { name: 'Buyurtma berish' }).click();

    await expect(page).toHaveURL(/\/orders\/DX-[0-9A-Z]{8}$/);
    const orderUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('list', { name: 'Buyurtma holati' })).toContainText('Retsept kutilmoqda');
    await expect(page.getByText(/Buyurtma retseptni kutmoqda/)).toBeVisible();
    const attach = page.getByRole('region', { name: 'Retseptni biriktirish' });
    await expect(attach).toBeVisible();
    await snapshot(page, 'order-awaiting-prescription');

    await attach.getByRole('link', { name: 'Retsept yuklash' }).click();
    await page.getByLabel('Suratga olish').setInputFiles({ name: 'retsept.png', mimeType: 'image/png', buffer: prescriptionPng() });
    await expect(page.getByRole('img', { name: '1-sahifa' })).toBeVisible();
    await page.getByRole('button', { name: 'Yuklash' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Retseptlarim' })).toBeVisible();

    await page.goto(orderUrl);
    const choice = attach.getByRole('checkbox', { name: /Tekshirilmoqda/ }).first();
    await choice.check();
    await attach.getByRole('button', { name: 'Biriktirish' }).click();
    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText('Retsept buyurtmaga biriktirildi')).toBeVisible();
    // Attached and waiting for the pharmacist: the order goes on waiting until it is approved.
    await expect(attach.getByText(/Biriktirilgan/).first()).toBeVisible();
    await expect(page.getByRole('list', { name: 'Buyurtma holati' })).toContainText('Retsept kutilmoqda');
    await snapshot(page, 'order-prescription-attached');
  });

  test('checks out with Payme through the development pay simulator and sees the order paid', async ({ page, apiPaths }) => {
    requireApi(
      apiPaths,
      ['/api/v1/orders/cart/', '/api/v1/orders/checkout/', '/api/v1/payments/create/', '/api/v1/payments/simulator/{provider}/{number}/'],
      'payments',
    );

    await signIn(page);
    await page.goto('/catalog?q=paratsetamol&rx=false&in_stock=true');
    await page.getByRole('link', { name: latinParacetamol }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: latinParacetamol })).toBeVisible();
    await page.getByRole('button', { name: "Savatga qo'shish" }).click();
    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText("Savatga qo'shildi")).toBeVisible();

    await page.goto('/checkout');
    // Pickup: no delivery zone or hours involved, so the test does not depend on the time of day.
    await page.getByRole('radio', { name: /Dorixonadan olib ketish/ }).check();
    await page.getByRole('radio', { name: /^Payme/ }).check();
    await snapshot(page, 'checkout-payme');
    await page.getByRole('button', { name: 'Buyurtma berish' }).click();

    // payments/create/ sends the customer to the pay link: in development, the simulator page.
    await expect(page).toHaveURL(/\/api\/v1\/payments\/simulator\/payme\/DX-[0-9A-Z]{8}\/$/);
    const number = /DX-[0-9A-Z]{8}/.exec(page.url())?.[0] ?? '';
    await expect(page.getByText(number)).toBeVisible();
    await snapshot(page, 'pay-simulator');
    await page.locator('button[name="outcome"][value="pay"]').click();

    // The simulator played Payme against the webhooks and sends the customer back to the order.
    await expect(page).toHaveURL(new RegExp(`/orders/${number}$`));
    await expect(page.getByRole('heading', { level: 1, name: `Buyurtma ${number}` })).toBeVisible();
    await expect(page.getByText(/^To'langan: /)).toBeVisible();
    await expect(page.getByRole('list', { name: 'Buyurtma holati' })).toContainText("To'landi");
    await expect(page.getByRole('button', { name: "Payme orqali to'lash" })).toHaveCount(0);
    await snapshot(page, 'order-paid');
  });

  test('uploads a prescription taken with the camera and sees it waiting for review @phone', async ({ page, apiPaths }) => {
    requireApi(apiPaths, ['/api/v1/prescriptions/'], 'prescriptions');

    await signIn(page);
    await page.goto('/prescriptions/new');
    await page.getByLabel('Suratga olish').setInputFiles({ name: 'retsept.png', mimeType: 'image/png', buffer: prescriptionPng() });
    await expect(page.getByRole('img', { name: '1-sahifa' })).toBeVisible();
    await page.getByLabel('Shifokor (ixtiyoriy)').fill('Karimova D.');
    await snapshot(page, 'prescription-upload');
    await page.getByRole('button', { name: 'Yuklash' }).click();

    await expect(page.getByRole('heading', { level: 1, name: 'Retseptlarim' })).toBeVisible();
    await expect(page.getByText('Tekshirilmoqda').first()).toBeVisible();
    await snapshot(page, 'prescriptions');
  });
});

/** A small but real PNG (a 64×64 grey square), made here so no binary is committed. */
function prescriptionPng(): Buffer {
  return solidPng(64, 0x90);
}
