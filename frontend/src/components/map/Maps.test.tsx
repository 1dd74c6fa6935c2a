import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

import { PinPicker, PointMap } from '@/components/map/Maps';
import type { GeoPoint } from '@/lib/map';
import { renderWithProviders } from '@/testing/render';

// Real Leaflet in jsdom: the map has no size there, so a click at the container's corner is the
// map's centre, and a click further right is further east.

function PinPickerHarness({ initial = null, onChange }: { initial?: GeoPoint | null; onChange: (value: GeoPoint | null) => void }) {
  const [value, setValue] = useState<GeoPoint | null>(initial);
  return (
    <PinPicker
      value={value}
      onChange={(next) => {
        setValue(next);
        onChange(next);
      }}
    />
  );
}

async function mapContainer(testId: string) {
  const wrapper = await screen.findByTestId(testId);
  const container = wrapper.querySelector('.leaflet-container');
  if (!container) throw new Error('no Leaflet container');
  return container as HTMLElement;
}

describe('PinPicker', () => {
  beforeAll(async () => {
    await import('@/components/map/LeafletMaps');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('opens on Tashkent and sets the pin where the map is clicked', async () => {
    const onChange = vi.fn();
    renderWithProviders(<PinPickerHarness onChange={onChange} />);

    expect(screen.getByText(/xaritada eshigingiz oldini bosing/)).toBeInTheDocument();
    const map = await mapContainer('pin-map');
    fireEvent.click(map, { clientX: 0, clientY: 0 });

    const first = onChange.mock.lastCall?.[0] as GeoPoint;
    expect(first.latitude).toMatch(/^\d+\.\d{6}$/);
    expect(Number(first.latitude)).toBeCloseTo(41.3111, 3);
    expect(Number(first.longitude)).toBeCloseTo(69.2797, 3);
    expect(await screen.findByTitle('Yetkazish nuqtasi')).toBeInTheDocument();
    expect(screen.getByText(/Nuqta belgilandi/)).toBeInTheDocument();

    fireEvent.click(map, { clientX: 200, clientY: 0 });
    const moved = onChange.mock.lastCall?.[0] as GeoPoint;
    expect(Number(moved.longitude)).toBeGreaterThan(Number(first.longitude) + 0.001);
    expect(Number(moved.latitude)).toBeCloseTo(Number(first.latitude), 3);
  });

  it('shows the tile provider attribution', async () => {
    renderWithProviders(<PinPickerHarness onChange={vi.fn()} />);

    const map = await mapContainer('pin-map');
    const credit = within(map).getByRole('link', { name: 'OpenStreetMap' });
    expect(credit).toHaveAttribute('href', 'https://www.openstreetmap.org/copyright');
    // Opening a credit must not leave a half-filled form.
    expect(credit).toHaveAttribute('target', '_blank');
    expect(within(map).getByRole('link', { name: 'Leaflet' })).toHaveAttribute('target', '_blank');
  });

  it('opens on a saved pin, and the pin can be removed', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<PinPickerHarness initial={{ latitude: '41.338500', longitude: '69.285000' }} onChange={onChange} />);

    expect(await screen.findByTitle('Yetkazish nuqtasi')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Belgini olib tashlash' }));

    expect(onChange).toHaveBeenLastCalledWith(null);
    expect(screen.queryByTitle('Yetkazish nuqtasi')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Belgini olib tashlash' })).not.toBeInTheDocument();
  });

  it('pins the centre of the map without a pointer (keyboard, screen reader)', async () => {
    const onChange = vi.fn();
    const { user } = renderWithProviders(<PinPickerHarness onChange={onChange} />);

    await user.click(await screen.findByRole('button', { name: 'Xarita markazini belgilash' }));

    expect(onChange).toHaveBeenLastCalledWith({ latitude: '41.311100', longitude: '69.279700' });
  });

  it("puts the pin where the phone says the customer is, or says it could not tell", async () => {
    const getCurrentPosition = vi
      .fn()
      .mockImplementationOnce((success: PositionCallback) => success({ coords: { latitude: 41.2995123456, longitude: 69.2401987654 } } as GeolocationPosition))
      .mockImplementationOnce((_success: PositionCallback, failure: PositionErrorCallback) => failure({ code: 1 } as GeolocationPositionError));
    vi.stubGlobal('navigator', { ...navigator, geolocation: { getCurrentPosition } });
    const onChange = vi.fn();
    const { user } = renderWithProviders(<PinPickerHarness onChange={onChange} />);

    await user.click(await screen.findByRole('button', { name: 'Mening joylashuvim' }));
    expect(onChange).toHaveBeenLastCalledWith({ latitude: '41.299512', longitude: '69.240199' });

    await user.click(screen.getByRole('button', { name: 'Mening joylashuvim' }));
    const toasts = screen.getByRole('region', { name: 'Bildirishnomalar' });
    expect(await within(toasts).findByText(/Joylashuvni aniqlab bo'lmadi/)).toBeInTheDocument();
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe('PointMap', () => {
  it('marks the point, labelled', async () => {
    renderWithProviders(<PointMap point={{ latitude: '41.311100', longitude: '69.279700' }} label="Kuryer shu yerda" />);

    expect(await screen.findByTitle('Kuryer shu yerda')).toBeInTheDocument();
  });
});
