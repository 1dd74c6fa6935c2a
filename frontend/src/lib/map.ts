// Map settings and the coordinate helpers shared by the map pin (checkout, address book) and the
// courier's position on an order. The map code itself (Leaflet) loads on demand, see
// components/map/Maps.tsx; this module stays small enough for the main bundle.

/** A point as the API writes it: decimal strings with at most six places (about 10 cm). */
export interface GeoPoint {
  latitude: string;
  longitude: string;
}

const defaultTileUrl = 'https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png';
const defaultAttribution = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors';

function setting(value: string | undefined, fallback: string): string {
  return value && value.trim() ? value.trim() : fallback;
}

export const mapConfig = {
  tileUrl: setting(import.meta.env.VITE_MAP_TILE_URL, defaultTileUrl),
  attribution: setting(import.meta.env.VITE_MAP_ATTRIBUTION, defaultAttribution),
  /** Tashkent, Amir Temur square: where a map without a pin opens. */
  defaultCenter: { latitude: '41.311100', longitude: '69.279700' } satisfies GeoPoint,
  defaultZoom: 12,
  pinnedZoom: 16,
} as const;

/** Leaflet's `[lat, lng]` of an API point; null for a missing or unreadable one. */
export function toLatLng(point: GeoPoint | null | undefined): [number, number] | null {
  if (!point) return null;
  const latitude = Number(point.latitude);
  const longitude = Number(point.longitude);
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) return null;
  if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return null;
  return [latitude, longitude];
}

/**
 * An API point from a map position: six decimals (the addresses API refuses more), the longitude
 * brought back into -180..180 (Leaflet keeps counting past the date line when the map is panned).
 */
export function toGeoPoint(latitude: number, longitude: number): GeoPoint {
  const wrapped = ((((longitude + 180) % 360) + 360) % 360) - 180;
  const clamped = Math.max(-90, Math.min(90, latitude));
  return { latitude: clamped.toFixed(6), longitude: wrapped.toFixed(6) };
}

/** A point or nothing, from an address's nullable `latitude`/`longitude` pair. */
export function pointOf(value: { latitude: string | null; longitude: string | null }): GeoPoint | null {
  return value.latitude !== null && value.longitude !== null ? { latitude: value.latitude, longitude: value.longitude } : null;
}
