import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { CourierDelivery } from '@/features/courier/api/courier';
import { distanceM, shouldSend } from '@/features/courier/hooks/useLocationSharing';
import { useAuthStore } from '@/lib/auth';
import { courierDeliveryFixture } from '@/testing/fixtures';
import { apiError, meAs } from '@/testing/handlers';
import { renderApp } from '@/testing/render';
import { server } from '@/testing/server';

const courierMe = meAs('courier');

function onTheWay(overrides: Partial<CourierDelivery> = {}): CourierDelivery {
  return courierDeliveryFixture({
    status: 'on_the_way',
    next_statuses: ['delivered', 'failed'],
    picked_up_at: '2026-01-15T07:40:00Z',
    on_the_way_at: '2026-01-15T07:45:00Z',
    handover: { code_sent_at: '2026-01-15T07:45:00Z', attempts_left: 5, is_locked: false },
    // The cash was taken and recorded already: the handover forms are open.
    cash_received: true,
    ...overrides,
  });
}

/** A phone's location service the test drives: it hands out fixes and errors on demand. */
function fakeGeolocation(permission: PermissionState = 'granted') {
  let onFix: PositionCallback | null = null;
  let onError: PositionErrorCallback | null | undefined = null;
  const geolocation = {
    watchPosition: vi.fn((success: PositionCallback, error?: PositionErrorCallback | null) => {
      onFix = success;
      onError = error;
      return 7;
    }),
    clearWatch: vi.fn(),
    getCurrentPosition: vi.fn(),
  };
  vi.stubGlobal('navigator', Object.assign(Object.create(navigator) as Navigator, {
    geolocation,
    permissions: { query: vi.fn(async () => ({ state: permission, onchange: null })) },
  }));
  return {
    geolocation,
    fix(latitude: number, longitude: number, accuracy = 12) {
      onFix?.({ coords: { latitude, longitude, accuracy }, timestamp: Date.now() } as GeolocationPosition);
    },
    deny() {
      onError?.({ code: 1, PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3, message: 'denied' } as GeolocationPositionError);
    },
  };
}

describe('throttling location pings', () => {
  const here = { latitude: 41.3385, longitude: 69.285, accuracy: 10 };
  it('sends the first fix, then one every 30 s, or after 50 m but not within 10 s', () => {
    expect(shouldSend(null, here, 0)).toBe(true);
    const last = { ...here, at: 0 };
    const near = { ...here, latitude: here.latitude + 0.0001 }; // about 11 m
    const far = { ...here, latitude: here.latitude + 0.001 }; // about 111 m
    expect(distanceM(here, far)).toBeGreaterThan(100);
    expect(shouldSend(last, near, 20_000)).toBe(false);
    expect(shouldSend(last, near, 30_000)).toBe(true);
    expect(shouldSend(last, far, 5_000)).toBe(false);
    expect(shouldSend(last, far, 10_000)).toBe(true);
  });
});

describe('courier location and photo proof', () => {
  let now = 1_700_000_000_000;
  beforeEach(() => {
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
    vi.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('sends the position while on the way, throttled, and says so', async () => {
    const gps = fakeGeolocation();
    const pings: unknown[] = [];
    server.use(
      courierMe,
      http.get('/api/v1/delivery/courier/deliveries/41/', () => HttpResponse.json(onTheWay())),
      http.post('/api/v1/delivery/courier/deliveries/41/location/', async ({ request }) => {
        pings.push(await request.json());
        return HttpResponse.json({ latitude: '41.338512', longitude: '69.285001', recorded_at: '2026-01-15T07:50:00Z' }, { status: 201 });
      }),
    );
    renderApp('/courier/deliveries/41');
    await screen.findByTestId('location-sharing');
    await waitFor(() => expect(gps.geolocation.watchPosition).toHaveBeenCalledOnce());

    gps.fix(41.33851234567891, 69.28500098765432, 12.6);
    await screen.findByText("Yo'lda ekansiz, joylashuvingiz mijozga yuborib turiladi.");
    expect(pings).toEqual([{ latitude: 41.338512, longitude: 69.285001, accuracy_m: 13 }]);
    expect(screen.getByTestId('location-last-sent')).toBeInTheDocument();

    now += 12_000;
    gps.fix(41.33852, 69.28501); // a few metres: not worth a ping yet
    now += 1_000;
    gps.fix(41.3395, 69.2851); // over 100 m on: sent
    await waitFor(() => expect(pings).toHaveLength(2));
    now += 31_000;
    gps.fix(41.3395, 69.2851); // standing still, 30 s on: sent again
    await waitFor(() => expect(pings).toHaveLength(3));
    expect(pings[1]).toEqual({ latitude: 41.3395, longitude: 69.2851, accuracy_m: 12 });
  });

  it('asks nothing of the location service before the courier sets off', async () => {
    const gps = fakeGeolocation();
    server.use(
      courierMe,
      http.get('/api/v1/delivery/courier/deliveries/41/', () => HttpResponse.json(onTheWay({ status: 'picked_up', next_statuses: ['on_the_way', 'failed'] }))),
    );
    renderApp('/courier/deliveries/41');
    await screen.findByRole('button', { name: "Yo'lga chiqdim" });
    expect(screen.queryByTestId('location-sharing')).not.toBeInTheDocument();
    expect(gps.geolocation.watchPosition).not.toHaveBeenCalled();
  });

  it('tells the courier how to allow location when it is blocked', async () => {
    const gps = fakeGeolocation('prompt');
    server.use(courierMe, http.get('/api/v1/delivery/courier/deliveries/41/', () => HttpResponse.json(onTheWay())));
    renderApp('/courier/deliveries/41');
    expect(await screen.findByText(/Brauzer joylashuvga ruxsat so'raydi/)).toBeInTheDocument();
    gps.deny();
    expect(await screen.findByText(/Joylashuvga ruxsat berilmagan/)).toBeInTheDocument();
    expect(screen.getByTestId('location-sharing')).toHaveAttribute('data-state', 'denied');
  });

  it('stops sending and reads the delivery again when the API says it is no longer on the way', async () => {
    const gps = fakeGeolocation();
    let delivery = onTheWay();
    let pings = 0;
    server.use(
      courierMe,
      http.get('/api/v1/delivery/courier/deliveries/41/', () => HttpResponse.json(delivery)),
      http.post('/api/v1/delivery/courier/deliveries/41/location/', () => {
        pings += 1;
        delivery = onTheWay({ status: 'delivered', next_statuses: [], proof_method: 'staff' });
        return HttpResponse.json(apiError('delivery_not_in_transit', 'Yetkazish yo\'lda emas.'), { status: 409 });
      }),
    );
    renderApp('/courier/deliveries/41');
    await waitFor(() => expect(gps.geolocation.watchPosition).toHaveBeenCalledOnce());
    gps.fix(41.3385, 69.285);
    await waitFor(() => expect(screen.getByTestId('delivery-status')).toHaveTextContent('Topshirildi'));
    expect(screen.queryByTestId('location-sharing')).not.toBeInTheDocument();
    expect(gps.geolocation.clearWatch).toHaveBeenCalledWith(7);
    expect(pings).toBe(1);
  });

  it('hands over with a photo and a note when there is no code', async () => {
    fakeGeolocation();
    let sent: FormData | null = null;
    server.use(
      courierMe,
      http.get('/api/v1/delivery/courier/deliveries/41/', () => HttpResponse.json(onTheWay())),
      http.post('/api/v1/delivery/courier/deliveries/41/confirm/', async ({ request }) => {
        sent = await request.formData();
        return HttpResponse.json(onTheWay({ status: 'delivered', next_statuses: [], proof_method: 'photo' }));
      }),
    );
    URL.createObjectURL = vi.fn(() => 'blob:photo');
    URL.revokeObjectURL = vi.fn();
    const { user } = renderApp('/courier/deliveries/41');
    await user.click(await screen.findByText("Kod yo'qmi? Surat bilan tasdiqlang"));

    await user.click(screen.getByRole('button', { name: 'Surat bilan tasdiqlash' }));
    expect(await screen.findByText('Avval suratga oling.')).toBeInTheDocument();

    const input = screen.getByLabelText('Suratga olish');
    expect(input).toHaveAttribute('capture', 'environment');
    expect(input).toHaveAttribute('accept', 'image/*');
    await user.upload(input, new File(['jpeg'], 'door.jpg', { type: 'image/jpeg' }));
    expect(await screen.findByRole('img', { name: 'Topshirish surati' })).toHaveAttribute('src', 'blob:photo');
    // A file picker may still offer other files (`accept` is only a hint): they are refused here.
    fireEvent.change(input, { target: { files: [new File(['%PDF'], 'note.pdf', { type: 'application/pdf' })] } });
    expect(await screen.findByText('Faqat JPEG, PNG yoki WebP surat.')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Surat bilan tasdiqlash' }));
    expect(await screen.findByText("Nima uchun kod yo'qligini yozing.")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Nima uchun kod yo'q"), 'Mijozning telefoni o\'chgan');
    await user.click(screen.getByRole('button', { name: 'Surat bilan tasdiqlash' }));

    await waitFor(() => expect(screen.getByTestId('delivery-status')).toHaveTextContent('Topshirildi'));
    const form = sent as FormData | null;
    expect(form?.get('note')).toBe("Mijozning telefoni o'chgan");
    // jsdom's multipart encoding drops the file name; the bytes are what the API reads.
    const photo = form?.get('photo') as File | null;
    expect(await photo?.text()).toBe('jpeg');
  });
});
