import { apiToken, cashOrderReady, demoCourier, demoCustomer, demoOperator, expect, requireApi, signInAs, snapshot, test } from './support';

/** A 48×32 JPEG: the photo the phone's camera would give (the server re-encodes it). */
const proofJpeg =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAoHBwgHBgoICAgLCgoLDhgQDg0NDh0VFhEYIx8lJCIfIiEmKzcvJik0KSEiMEExNDk7Pj4+JS5ESUM8SDc9Pjv/2wBDAQoLCw4NDhwQEBw7KCIoOzs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozs7Ozv/wAARCAAgADADASIAAhEBAxEB/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAtRAAAgEDAwIEAwUFBAQAAAF9AQIDAAQRBRIhMUEGE1FhByJxFDKBkaEII0KxwRVS0fAkM2JyggkKFhcYGRolJicoKSo0NTY3ODk6Q0RFRkdISUpTVFVWV1hZWmNkZWZnaGlqc3R1dnd4eXqDhIWGh4iJipKTlJWWl5iZmqKjpKWmp6ipqrKztLW2t7i5usLDxMXGx8jJytLT1NXW19jZ2uHi4+Tl5ufo6erx8vP09fb3+Pn6/8QAHwEAAwEBAQEBAQEBAQAAAAAAAAECAwQFBgcICQoL/8QAtREAAgECBAQDBAcFBAQAAQJ3AAECAxEEBSExBhJBUQdhcRMiMoEIFEKRobHBCSMzUvAVYnLRChYkNOEl8RcYGRomJygpKjU2Nzg5OkNERUZHSElKU1RVVldYWVpjZGVmZ2hpanN0dXZ3eHl6goOEhYaHiImKkpOUlZaXmJmaoqOkpaanqKmqsrO0tba3uLm6wsPExcbHyMnK0tPU1dbX2Nna4uPk5ebn6Onq8vP09fb3+Pn6/9oADAMBAAIRAxEAPwDnqKKKo+ZCiiigAooooAKKKKACiiigAooooA//2Q==';

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
    const number = await cashOrderReady(request, 'courier');

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
    // The cash is now the courier's to hand in at the pharmacy.
    await page.getByRole('link', { name: 'Faol' }).click();
    await expect(page.getByTestId('cash-on-hand')).toContainText('dorixonaga topshiring');

    // The customer sees the order delivered and paid in cash.
    const customer = { Authorization: `Bearer ${await apiToken(request, demoCustomer.phone)}` };
    const order = (await (await request.get(`/api/v1/orders/${number}/`, { headers: customer })).json()) as {
      status: string;
      payment: { is_paid: boolean };
    };
    expect([order.status, order.payment.is_paid]).toEqual(['delivered', true]);
  });

  test('the courier shares the location on the way and hands over with a photo when there is no code @phone', async ({ page, context, request, baseURL }) => {
    const number = await cashOrderReady(request, 'courier');
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
