import { randomUUID } from 'node:crypto';

import type { APIRequestContext, Page } from '@playwright/test';

import { demoCustomer, expect, requireApi, snapshot, test } from './support';

const password = process.env.E2E_DEMO_PASSWORD ?? 'Dorixona-demo-2026';
const demoCourier = { phone: '900000003', password };
const demoOperator = { phone: '900000002', password };

async function apiToken(request: APIRequestContext, phone: string): Promise<string> {
  const response = await request.post('/api/v1/users/login/', { data: { phone_number: `+998${phone}`, password } });
  expect(response.ok(), `sign-in of +998${phone}: ${await response.text()}`).toBeTruthy();
  return ((await response.json()) as { access: string }).access;
}

/** A 48×32 JPEG: the photo the phone's camera would give (the server re-encodes it). */
const proofJpeg =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAgADADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDnqKKKo+ZCiiigAooooAKKKKACiiigAooooA//2Q==';

function list<T>(body: T[] | { results: T[] }): T[] {
  return Array.isArray(body) ? body : body.results;
}

/** A cash order for the demo customer, by courier to their saved address in the demo zone, ready for delivery. */
async function orderReadyForDelivery(request: APIRequestContext): Promise<string> {
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
  for (const product of [...products].sort((a, b) => Number(b.price) - Number(a.price))) {
    if (total >= 60_000) break;
    const quantity = Math.min(5, Math.max(1, Math.ceil((60_000 - total) / Number(product.price))));
    const added = await request.post('/api/v1/orders/cart/add/', { headers: customer, data: { product_id: product.id, quantity } });
    if (added.ok()) total += quantity * Number(product.price);
  }
  expect(total, 'the cart passes the minimum order for delivery').toBeGreaterThanOrEqual(60_000);

  const checkout = await request.post('/api/v1/orders/checkout/', {
    headers: { ...customer, 'Idempotency-Key': randomUUID() },
    data: { payment_method: 'cash', delivery_type: 'courier', address_id: address?.id },
  });
  expect(checkout.ok(), `checkout: ${await checkout.text()}`).toBeTruthy();
  const { number } = (await checkout.json()) as { number: string };

  const operator = { Authorization: `Bearer ${await apiToken(request, demoOperator.phone)}` };
  for (const status of ['preparing', 'ready_for_delivery']) {
    const moved = await request.post(`/api/v1/orders/${number}/status/`, { headers: operator, data: { status } });
    expect(moved.ok(), `order ${number} → ${status}: ${await moved.text()}`).toBeTruthy();
  }
  // The end-to-end backend leaves deliveries to the operator (no auto-assignment): ask for the
  // automatic choice, which is the demo courier, the only one on shift.
  const assigned = await request.post('/api/v1/delivery/assign-courier/', { headers: operator, data: { order_number: number } });
  expect(assigned.ok(), `assigning ${number}: ${await assigned.text()}`).toBeTruthy();
  return number;
}

async function signInAs(page: Page, phone: string) {
  await page.goto('/login');
  await page.getByLabel('Telefon raqami').fill(phone);
  await page.getByLabel('Parol').fill(password);
  await page.getByRole('button', { name: 'Kirish' }).click();
}

test.describe('courier', () => {
  test.beforeEach(({ apiPaths }) => {
    requireApi(
      apiPaths,
      ['/api/v1/delivery/courier/deliveries/', '/api/v1/delivery/courier/deliveries/{delivery_id}/confirm/', '/api/v1/orders/checkout/'],
      'courier deliveries',
    );
    test.skip(test.info().project.name !== 'phone', 'the courier works from a phone: runs in the phone project only');
  });

  test('the demo courier picks up, drives and hands over a cash order with the SMS code @phone', async ({ page, request, devSmsOutbox }) => {
    test.skip(!devSmsOutbox, 'the development SMS outbox (/api/v1/notifications/dev/sms/) is not on this backend');
    const number = await orderReadyForDelivery(request);

    await signInAs(page, demoCourier.phone);
    await expect(page).toHaveURL(/\/courier$/);
    await expect(page.getByText('Siz smenadasiz')).toBeVisible();
    const card = page.getByRole('listitem').filter({ hasText: number });
    await expect(card).toBeVisible();
    await expect(card.getByText(/Olinadigan naqd pul: [\d\s\u00a0]+so'm/)).toBeVisible();
    await snapshot(page, 'courier-active');
    await card.getByRole('link', { name: number }).click();

    await expect(page.getByRole('heading', { level: 1, name: number })).toBeVisible();
    await expect(page.getByRole('link', { name: "Qo'ng'iroq qilish" })).toHaveAttribute('href', `tel:+998${demoCustomer.phone}`);
    await expect(page.getByRole('link', { name: 'Xaritada ochish' })).toHaveAttribute('href', /query=41\.\d+%2C69\.\d+/);
    await page.getByRole('button', { name: 'Dorixonadan oldim' }).click();
    await expect(page.getByTestId('delivery-status')).toHaveText('Olib ketildi');
    await page.getByRole('button', { name: "Yo'lga chiqdim" }).click();
    await expect(page.getByTestId('delivery-status')).toHaveText("Yo'lda");
    // A cash order: the courier takes the cash and records it, then hands the parcel over.
    await page.getByRole('button', { name: /naqd oldim$/ }).click();
    await expect(page.getByText('Qabul qilindi')).toBeVisible();

    let code: string | undefined;
    await expect
      .poll(async () => {
        const outbox = await request.get(`/api/v1/notifications/dev/sms/?phone=%2B998${demoCustomer.phone}`);
        const { messages } = (await outbox.json()) as { messages: { text: string }[] };
        // Newest first; the order's other messages (ready, on the way) carry no code.
        const codes = messages.filter((message) => message.text.includes(number)).map((message) => /\b(\d{4})\b/.exec(message.text)?.[1]);
        code = codes.find((candidate) => candidate !== undefined);
        return code;
      }, { message: `an SMS to the customer with the handover code of ${number}` })
      .toMatch(/^\d{4}$/);

    await page.getByLabel('Mijozning topshirish kodi (4 raqam)').fill(code ?? '');
    await snapshot(page, 'courier-handover');
    await page.getByRole('button', { name: 'Topshirishni tasdiqlash' }).click();
    await expect(page.getByTestId('delivery-status')).toHaveText('Topshirildi');
    await snapshot(page, 'courier-delivered');

    await page.getByRole('link', { name: 'Tarix' }).click();
    await expect(page.getByRole('list', { name: 'Shu haftadagi yetkazishlar' }).getByText(number)).toBeVisible();

    // The customer sees the order delivered and paid in cash.
    const customer = { Authorization: `Bearer ${await apiToken(request, demoCustomer.phone)}` };
    const order = (await (await request.get(`/api/v1/orders/${number}/`, { headers: customer })).json()) as {
      status: string;
      payment: { is_paid: boolean };
    };
    expect([order.status, order.payment.is_paid]).toEqual(['delivered', true]);
  });

  test('the courier shares the location on the way and hands over with a photo when there is no code @phone', async ({ page, context, request, baseURL }) => {
    const number = await orderReadyForDelivery(request);
    // The phone's position, with the browser's permission granted as the courier would.
    await context.grantPermissions(['geolocation'], { origin: baseURL });
    await context.setGeolocation({ latitude: 41.3302, longitude: 69.2841, accuracy: 15 });

    await signInAs(page, demoCourier.phone);
    await expect(page).toHaveURL(/\/courier$/);
    await page.getByRole('listitem').filter({ hasText: number }).getByRole('link', { name: number }).click();
    await page.getByRole('button', { name: 'Dorixonadan oldim' }).click();
    await expect(page.getByTestId('delivery-status')).toHaveText('Olib ketildi');
    await expect(page.getByTestId('location-sharing')).toHaveCount(0);

    const ping = page.waitForResponse((response) => /\/courier\/deliveries\/\d+\/location\/$/.test(response.url()) && response.request().method() === 'POST');
    await page.getByRole('button', { name: "Yo'lga chiqdim" }).click();
    await expect(page.getByTestId('delivery-status')).toHaveText("Yo'lda");
    expect((await ping).status()).toBe(201);
    await expect(page.getByTestId('location-sharing')).toHaveAttribute('data-state', 'sharing');
    await expect(page.getByText("Yo'lda ekansiz, joylashuvingiz mijozga yuborib turiladi.")).toBeVisible();
    await snapshot(page, 'courier-location');

    // The customer's tracking shows the courier where the phone said it was.
    const customer = { Authorization: `Bearer ${await apiToken(request, demoCustomer.phone)}` };
    const track = (await (await request.get(`/api/v1/delivery/${number}/track/`, { headers: customer })).json()) as {
      location: { latitude: string; longitude: string } | null;
    };
    expect(track.location).toMatchObject({ latitude: '41.330200', longitude: '69.284100' });

    await page.getByRole('button', { name: /naqd oldim$/ }).click();
    await page.getByText("Kod yo'qmi? Surat bilan tasdiqlang").click();
    await page.getByLabel('Suratga olish').setInputFiles({ name: 'door.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(proofJpeg, 'base64') });
    await expect(page.getByRole('img', { name: 'Topshirish surati' })).toBeVisible();
    await page.getByLabel("Nima uchun kod yo'q").fill("Mijozning telefoni o'chgan, eshik oldida topshirildi");
    await snapshot(page, 'courier-photo-proof');
    await page.getByRole('button', { name: 'Surat bilan tasdiqlash' }).click();
    await expect(page.getByTestId('delivery-status')).toHaveText('Topshirildi');
    await expect(page.getByTestId('location-sharing')).toHaveCount(0);
  });

  for (const [role, phone] of [
    ['customer', demoCustomer.phone],
    ['operator', demoOperator.phone],
  ] as const) {
    test(`the demo ${role} opening /courier sees the 403 page @phone`, async ({ page }) => {
      await signInAs(page, phone);
      await expect(page).not.toHaveURL(/\/login/);
      await page.goto('/courier');
      await expect(page.getByText('403')).toBeVisible();
      await expect(page.getByText('Siz smenadasiz')).toHaveCount(0);
    });
  }
});
