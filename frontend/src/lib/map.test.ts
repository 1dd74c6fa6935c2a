import { afterEach, describe, expect, it, vi } from 'vitest';

import { mapConfig, pointOf, toGeoPoint, toLatLng } from '@/lib/map';

describe('map coordinates', () => {
  it('writes a map position with the six decimals the addresses API takes', () => {
    expect(toGeoPoint(41.31112345678, 69.27971234)).toEqual({ latitude: '41.311123', longitude: '69.279712' });
    expect(toGeoPoint(41.3, 69.2)).toEqual({ latitude: '41.300000', longitude: '69.200000' });
  });

  it('brings a longitude panned past the date line back into range', () => {
    expect(toGeoPoint(41.3, 69.28 + 360)).toEqual({ latitude: '41.300000', longitude: '69.280000' });
    expect(toGeoPoint(41.3, 69.28 - 720).longitude).toBe('69.280000');
    expect(toGeoPoint(-95, 0).latitude).toBe('-90.000000');
  });

  it('reads an API point for the map, and refuses what is not one', () => {
    expect(toLatLng({ latitude: '41.338500', longitude: '69.285000' })).toEqual([41.3385, 69.285]);
    expect(toLatLng(null)).toBeNull();
    expect(toLatLng({ latitude: 'north', longitude: '69.2' })).toBeNull();
    expect(toLatLng({ latitude: '91', longitude: '69.2' })).toBeNull();
  });

  it('takes the pin of an address only when both coordinates are there', () => {
    expect(pointOf({ latitude: '41.3', longitude: '69.2' })).toEqual({ latitude: '41.3', longitude: '69.2' });
    expect(pointOf({ latitude: null, longitude: null })).toBeNull();
    expect(pointOf({ latitude: '41.3', longitude: null })).toBeNull();
  });
});

describe('map settings', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it('opens on Tashkent with OpenStreetMap tiles and their attribution by default', () => {
    expect(mapConfig.tileUrl).toBe('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(mapConfig.attribution).toContain('OpenStreetMap');
    expect(toLatLng(mapConfig.defaultCenter)).toEqual([41.3111, 69.2797]);
  });

  it('takes the tile server and its attribution from the build settings', async () => {
    vi.stubEnv('VITE_MAP_TILE_URL', 'https://tiles.example.uz/{z}/{x}/{y}.png');
    vi.stubEnv('VITE_MAP_ATTRIBUTION', '© Example');
    vi.resetModules();
    const { mapConfig: configured } = await import('@/lib/map');

    expect(configured.tileUrl).toBe('https://tiles.example.uz/{z}/{x}/{y}.png');
    expect(configured.attribution).toBe('© Example');
  });

  it('keeps the default for a setting left blank', async () => {
    vi.stubEnv('VITE_MAP_TILE_URL', '  ');
    vi.resetModules();
    const { mapConfig: configured } = await import('@/lib/map');

    expect(configured.tileUrl).toBe('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png');
  });
});
