import { devices, type APIRequestContext, type Browser } from '@playwright/test';

import { apiToken, cashOrderReady, demoCourier, demoCustomer, demoOperator, expect, requireApi, signIn, signInAs, snapshot, solidPng, test } from './support';

/**
 * The demo customer may hold only a few unpaid orders at once, and earlier specs leave some
 * waiting: cancel those, so this spec's checkout is not refused for them.
 */
async function cancelOpenOrders(request: APIRequestContext) {
  const headers = { Authorization: `Bearer ${await apiToken(request, demoCustomer.phone)}` };
  const open = await request.get('/api/v1/orders/?status=created&status=awaiting_prescription&status=awaiting_payment&page_size=100', { headers });
  const { results } = (await open.json()) as { results: { number: string }[] };
  for (const { number } of results) await request.post(`/api/v1/orders/${number}/cancel/`, { headers, data: {} });
}

/** A second person at another screen: their own browser context (own session), at `device`'s size. */
async function newPerson(browser: Browser, device?: (typeof devices)[string]) {
  const { defaultBrowserType: _type, ...size } = device ?? devices['Desktop Chrome'];
  const context = await browser.newContext({ ...size, baseURL: process.env.E2E_BASE_URL, locale: 'uz-UZ', timezoneId: 'Asia/Tashkent' });
  return { context, page: await context.newPage() };
}

test.describe('operator', () => {
  // One order goes through both tests: placed and approved in the first, delivered in the second.
  test.describe.configure({ mode: 'serial' });
  let number = '';

  test.beforeEach(({ apiPaths }) => {
    // Three people and a dozen screens each: more than the default minute on a loaded machine.
    test.setTimeout(180_000);
    requireApi(
      apiPaths,
      ['/api/v1/delivery/queue/', '/api/v1/delivery/couriers/', '/api/v1/prescriptions/{prescription_id}/approve/', '/api/v1/orders/checkout/'],
      'operator screens',
    );
    test.skip(test.info().project.name !== 'desktop', 'the operator works at a desk; the courier part opens its own phone-sized window');
  });

  // An order this spec leaves unfinished (a failed step) would count against the demo customer's
  // limit of open orders in the specs after it: staff cancel it.
  test.afterAll(async ({ request }) => {
    if (!number) return;
    const headers = { Authorization: `Bearer ${await apiToken(request, demoOperator.phone)}` };
    const order = (await (await request.get(`/api/v1/orders/${number}/`, { headers })).json()) as { status: string };
    if (!['delivered', 'cancelled', 'on_the_way'].includes(order.status)) {
      await request.post(`/api/v1/orders/${number}/cancel/`, { headers, data: { reason: 'e2e clean-up' } });
    }
  });

  test('a customer orders a prescription medicine with a prescription photo; the operator approves it and the order moves on', async ({
    page,
    browser,
    request,
  }) => {
    await cancelOpenOrders(request);

    // The customer: two packs of a prescription medicine, by courier, cash, prescription photographed at checkout.
    await signIn(page);
    await page.goto('/catalog?q=amoksitsillin&rx=true&in_stock=true');
    await page.getByRole('link', { name: /^Amoksitsillin/i }).first().click();
    await expect(page.getByRole('heading', { level: 1, name: /Amoksitsillin/i })).toBeVisible();
    await page.getByRole('button', { name: "Ko'paytirish" }).click();
    await page.getByRole('button', { name: "Savatga qo'shish" }).click();
    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText("Savatga qo'shildi")).toBeVisible();

    await page.goto('/checkout');
    await page.getByRole('radio', { name: /Kuryer orqali/ }).check();
    await page.getByRole('radio', { name: /Amir Temur/ }).first().check();
    await page.getByRole('radio', { name: /Naqd pul/ }).check();
    await page.getByLabel('Suratga olish').setInputFiles({ name: 'retsept.png', mimeType: 'image/png', buffer: solidPng(64, 0x90) });
    await page.getByRole('button', { name: 'Yuklash' }).click();
    await expect(page.getByRole('checkbox', { name: /Tekshirilmoqda/ }).first()).toBeChecked();
    await page.getByRole('button', { name: 'Buyurtma berish' }).click();

    await expect(page).toHaveURL(/\/orders\/DX-[0-9A-Z]{8}$/);
    number = page.url().split('/').pop() ?? '';
    const timeline = page.getByRole('list', { name: 'Buyurtma holati' });
    await expect(timeline).toContainText('Retsept kutilmoqda');

    // The operator, at their own desk: the order waits in the prescription tab.
    const operator = await newPerson(browser);
    await signInAs(operator.page, demoOperator.phone);
    await expect(operator.page).toHaveURL(/\/operator$/);
    await expect(operator.page.getByRole('heading', { level: 1, name: 'Ish navbati' })).toBeVisible();
    await expect(operator.page.getByRole('tab', { name: /Retsept tekshiruvi/ })).toHaveAttribute('aria-selected', 'true');
    await expect(operator.page.getByTestId('queue-count-prescriptions')).not.toHaveText('0');
    await snapshot(operator.page, 'operator-queue');
    await operator.page.getByRole('link', { name: `${number} buyurtmasining retseptini ko'rib chiqish` }).click();

    await expect(operator.page.getByRole('heading', { level: 1, name: `${number} buyurtmasi retsepti` })).toBeVisible();
    await expect(operator.page.getByRole('img', { name: 'Retsept rasmi, 1-sahifa' })).toBeVisible();
    await expect(operator.page.getByText('Nilufar Yusupova', { exact: true })).toBeVisible();
    // Zoom and rotate from the keyboard.
    await operator.page.getByRole('group', { name: 'Retsept, 1-sahifa' }).focus();
    await operator.page.keyboard.press('+');
    await operator.page.keyboard.press('r');
    await expect(operator.page.getByTestId('viewer-state')).toHaveText('Masshtab: 125%, burilish: 90°');
    const covered = operator.page.getByRole('group', { name: 'Retsept qamrab oladigan dorilar' });
    await expect(covered.getByRole('checkbox', { name: /Amoksitsillin.* × 2/ })).toBeChecked();
    await snapshot(operator.page, 'operator-prescription-review');
    await operator.page.getByRole('button', { name: 'Retseptni tasdiqlash' }).click();

    // Back in the queue: the order left the prescription tab and waits to be prepared.
    await expect(operator.page.getByRole('region', { name: 'Bildirishnomalar' }).getByText(`Retsept tasdiqlandi: ${number} davom etadi`)).toBeVisible();
    await expect(operator.page.getByRole('link', { name: `${number} buyurtmasining retseptini ko'rib chiqish` })).toHaveCount(0);
    await operator.page.getByRole('tab', { name: /Yig'ish/ }).click();
    await expect(operator.page.getByRole('button', { name: `${number}: yig'ishni boshlash` })).toBeVisible();
    await operator.context.close();

    // The customer sees the order go on.
    await page.reload();
    await expect(timeline).toContainText('Qabul qilindi');
    await snapshot(page, 'operator-approved-customer-order');
  });

  test('the operator prepares the order and assigns the courier on shift; the courier delivers it from a phone; the customer sees it delivered', async ({
    page,
    browser,
    request,
    devSmsOutbox,
  }) => {
    test.skip(!number, 'the order of the previous test was not placed');
    test.skip(!devSmsOutbox, 'the development SMS outbox (/api/v1/notifications/dev/sms/) is not on this backend');

    await signInAs(page, demoOperator.phone);
    await expect(page.getByRole('heading', { level: 1, name: 'Ish navbati' })).toBeVisible();
    await page.getByRole('tab', { name: /Yig'ish/ }).click();
    await page.getByRole('button', { name: `${number}: yig'ishni boshlash` }).click();
    await page.getByRole('button', { name: `${number}: tayyor deb belgilash` }).click();
    await expect(page.getByRole('region', { name: 'Bildirishnomalar' }).getByText(`${number} tayyor`)).toBeVisible();

    await page.getByRole('tab', { name: /Kuryer tayinlash/ }).click();
    await expect(page.getByTestId(`courier-of-${number}`)).toHaveText('Kuryer tayinlanmagan');
    await page.getByRole('button', { name: `${number} uchun kuryer tayinlash` }).click();
    const dialog = page.getByRole('dialog', { name: `${number} uchun kuryer` });
    await dialog.getByRole('radio', { name: /Bekzod Tursunov/ }).check();
    await snapshot(page, 'operator-assign-courier');
    await dialog.getByRole('button', { name: 'Tayinlash' }).click();
    await expect(page.getByTestId(`courier-of-${number}`)).toHaveText('Kuryer: Bekzod');

    // The courier, on their phone.
    const courier = await newPerson(browser, devices['Pixel 7']);
    await signInAs(courier.page, demoCourier.phone);
    await expect(courier.page).toHaveURL(/\/courier$/);
    const card = courier.page.getByRole('listitem').filter({ hasText: number });
    await card.getByRole('link', { name: number }).click();
    await courier.page.getByRole('button', { name: 'Dorixonadan oldim' }).click();
    await expect(courier.page.getByTestId('delivery-status')).toHaveText('Olib ketildi');
    await courier.page.getByRole('button', { name: "Yo'lga chiqdim" }).click();
    await expect(courier.page.getByTestId('delivery-status')).toHaveText("Yo'lda");
    await courier.page.getByRole('button', { name: /naqd oldim$/ }).click();

    // The customer's handover code, from the SMS they were sent (the development outbox).
    let code: string | undefined;
    await expect
      .poll(
        async () => {
          const outbox = await request.get(`/api/v1/notifications/dev/sms/?phone=%2B998${demoCustomer.phone}`);
          const { messages } = (await outbox.json()) as { messages: { text: string }[] };
          const codes = messages.filter((message) => message.text.includes(number)).map((message) => /\b(\d{4})\b/.exec(message.text)?.[1]);
          code = codes.find((candidate) => candidate !== undefined);
          return code;
        },
        { message: `an SMS to the customer with the handover code of ${number}` },
      )
      .toMatch(/^\d{4}$/);
    await courier.page.getByLabel('Mijozning topshirish kodi (4 raqam)').fill(code ?? '');
    await snapshot(courier.page, 'operator-flow-courier-handover');
    await courier.page.getByRole('button', { name: 'Topshirishni tasdiqlash' }).click();
    await expect(courier.page.getByTestId('delivery-status')).toHaveText('Topshirildi');
    await courier.context.close();

    // The customer sees the order delivered.
    const customer = await newPerson(browser);
    await signIn(customer.page);
    await customer.page.goto(`/orders/${number}`);
    await expect(customer.page.getByRole('list', { name: 'Buyurtma holati' })).toContainText('Topshirildi');
    await snapshot(customer.page, 'operator-flow-delivered');
    await customer.context.close();
  });

  test('the operator takes a line the pharmacy cannot supply off a pickup order, then hands it over taking the cash', async ({
    page,
    request,
    apiPaths,
  }) => {
    requireApi(apiPaths, ['/api/v1/payments/cash/confirm/', '/api/v1/orders/{number}/items/{item_id}/remove/'], 'the pickup counter');
    await cancelOpenOrders(request);
    const pickup = await cashOrderReady(request, 'pickup', { lines: 2 });
    const customer = { Authorization: `Bearer ${await apiToken(request, demoCustomer.phone)}` };
    const before = (await (await request.get(`/api/v1/orders/${pickup}/`, { headers: customer })).json()) as {
      total: string;
      items: { product_name: string; line_total: string }[];
    };

    await signInAs(page, demoOperator.phone);
    await page.getByRole('tab', { name: /Olib ketish/ }).click();
    await page.getByRole('link', { name: `${pickup} buyurtmasining tarkibini ochish` }).click();
    const [first] = before.items;
    await page.getByRole('button', { name: `Olib tashlash: ${first.product_name}` }).click();
    await page.getByLabel("Sabab (mijozga ko'rsatiladi)").fill('Omborda qolmadi');
    await snapshot(page, 'operator-remove-line');
    await page.getByRole('button', { name: /qadoqni olib tashlash$/ }).click();
    await expect(page.getByText(`${first.product_name} buyurtmadan olib tashlandi`)).toBeVisible();
    await expect(page.getByRole('region', { name: 'Buyurtmadan olib tashlandi' })).toContainText('Sabab: Omborda qolmadi');

    const after = (await (await request.get(`/api/v1/orders/${pickup}/`, { headers: customer })).json()) as {
      total: string;
      removed_items: { product_name: string; reason: string }[];
    };
    expect(Number(after.total)).toBe(Number(before.total) - Number(first.line_total));
    expect(after.removed_items).toMatchObject([{ product_name: first.product_name, reason: 'Omborda qolmadi' }]);

    await page.getByRole('link', { name: 'Navbat', exact: true }).click();
    await page.getByRole('tab', { name: /Olib ketish/ }).click();
    const handOver = page.getByRole('button', { name: `${pickup}: mijozga topshirish` });
    await expect(handOver).toHaveText(/naqd olindi, topshirish$/);
    await snapshot(page, 'operator-pickup');
    await handOver.click();
    await expect(page.getByText(`${pickup} mijozga topshirildi`)).toBeVisible();
    await expect(handOver).toHaveCount(0);

    const order = (await (await request.get(`/api/v1/orders/${pickup}/`, { headers: customer })).json()) as {
      status: string;
      payment: { is_paid: boolean };
    };
    expect([order.status, order.payment.is_paid]).toEqual(['delivered', true]);
  });
});

test('a courier opening the operator screens sees the 403 page', async ({ page }) => {
  test.skip(test.info().project.name !== 'desktop', 'one viewport is enough for the guard');
  await signInAs(page, demoCourier.phone);
  await expect(page).toHaveURL(/\/courier$/);
  await page.goto('/operator');
  await expect(page.getByRole('heading', { name: 'Kirish taqiqlangan' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Ish navbati' })).toHaveCount(0);
});
