import 'leaflet/dist/leaflet.css';

import { divIcon, type LeafletMouseEvent, type Map as LeafletMap, type Marker as LeafletMarker } from 'leaflet';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MapContainer, Marker, TileLayer, useMap, useMapEvents } from 'react-leaflet';

import { linkClass } from '@/components/buttonStyles';
import { toast } from '@/components/toastStore';
import { mapConfig, toGeoPoint, toLatLng, type GeoPoint } from '@/lib/map';

// The Leaflet maps. This module (and Leaflet with it) is loaded on demand through Maps.tsx, so
// the first visit does not download it; import the wrappers there, not this file.

// Markers are drawn with inline SVG: Leaflet's default marker images are looked up by a CSS
// trick that bundlers break, and an image per marker would be one more request.
const pinSvg = (colour: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="40" viewBox="0 0 32 40" aria-hidden="true"><path d="M16 1C8 1 2 7 2 15c0 10 14 24 14 24s14-14 14-24C30 7 24 1 16 1z" fill="${colour}" stroke="#fff" stroke-width="2"/><circle cx="16" cy="15" r="5" fill="#fff"/></svg>`;

const pinIcon = divIcon({ html: pinSvg('#047857'), className: 'dx-map-pin', iconSize: [32, 40], iconAnchor: [16, 39] });
const courierIcon = divIcon({ html: pinSvg('#1d4ed8'), className: 'dx-map-pin', iconSize: [32, 40], iconAnchor: [16, 39] });

const defaultCenter = toLatLng(mapConfig.defaultCenter) as [number, number];

// Credits open in a new tab, so a tap on them does not leave a half-filled checkout.
const leafletCredit = '<a href="https://leafletjs.com" target="_blank" rel="noopener noreferrer">Leaflet</a>';
const newTab = (html: string) => html.replace(/<a (?![^>]*target=)/g, '<a target="_blank" rel="noopener noreferrer" ');

function Tiles({ onError }: { onError: () => void }) {
  const map = useMap();
  useEffect(() => {
    map.attributionControl?.setPrefix(leafletCredit);
  }, [map]);
  return <TileLayer url={mapConfig.tileUrl} attribution={newTab(mapConfig.attribution)} eventHandlers={{ tileerror: onError }} />;
}

/** Sets the pin where the map is tapped or clicked. */
function TapToPin({ onPick }: { onPick: (point: GeoPoint) => void }) {
  useMapEvents({
    click: (event: LeafletMouseEvent) => onPick(toGeoPoint(event.latlng.lat, event.latlng.lng)),
  });
  return null;
}

/** Brings a point that is off screen (a located or refreshed position) into view. */
function KeepInView({ position, zoom }: { position: [number, number] | null; zoom: number }) {
  const map = useMap();
  const [latitude, longitude] = position ?? [null, null];
  useEffect(() => {
    if (latitude === null || longitude === null) return;
    if (!map.getBounds().pad(-0.1).contains([latitude, longitude])) map.setView([latitude, longitude], Math.max(map.getZoom(), zoom));
  }, [map, latitude, longitude, zoom]);
  return null;
}

function TilesFailedNotice() {
  const { t } = useTranslation();
  return (
    <p role="status" className="absolute inset-x-2 top-2 z-[1000] rounded-md bg-white/95 p-2 text-xs text-amber-900 shadow ring-1 ring-amber-200">
      {t('map.tilesFailed')}
    </p>
  );
}

export interface PinPickerProps {
  /** The pin, or null while there is none. */
  value: GeoPoint | null;
  onChange: (value: GeoPoint | null) => void;
}

/** A map to place a delivery address's pin: tap or click to set it, drag it to move it. */
export function PinPickerMap({ value, onChange }: PinPickerProps) {
  const { t } = useTranslation();
  const position = toLatLng(value);
  const [map, setMap] = useState<LeafletMap | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);
  const [locating, setLocating] = useState(false);
  const canLocate = typeof navigator !== 'undefined' && 'geolocation' in navigator;

  function locate() {
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        setLocating(false);
        onChange(toGeoPoint(coords.latitude, coords.longitude));
      },
      () => {
        setLocating(false);
        toast.error(t('map.locationFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  }

  return (
    <div className="space-y-2">
      <div className="relative isolate h-64 overflow-hidden rounded-lg ring-1 ring-slate-300 sm:h-72" data-testid="pin-map">
        <MapContainer
          ref={setMap}
          center={position ?? defaultCenter}
          zoom={position ? mapConfig.pinnedZoom : mapConfig.defaultZoom}
          scrollWheelZoom={false}
          className="size-full"
        >
          <Tiles onError={() => setTilesFailed(true)} />
          <TapToPin onPick={onChange} />
          <KeepInView position={position} zoom={mapConfig.pinnedZoom} />
          {position && (
            <Marker
              position={position}
              icon={pinIcon}
              draggable
              title={t('map.pin')}
              alt={t('map.pin')}
              eventHandlers={{
                dragend: (event) => {
                  const { lat, lng } = (event.target as LeafletMarker).getLatLng();
                  onChange(toGeoPoint(lat, lng));
                },
              }}
            />
          )}
        </MapContainer>
        {tilesFailed && <TilesFailedNotice />}
      </div>
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {/* For keyboards and screen readers: move the map with the arrow keys, then pin its centre. */}
        <button
          type="button"
          className={linkClass}
          disabled={!map}
          onClick={() => {
            if (!map) return;
            const { lat, lng } = map.getCenter();
            onChange(toGeoPoint(lat, lng));
          }}
        >
          {t('map.pinCentre')}
        </button>
        {canLocate && (
          <button type="button" className={linkClass} disabled={locating} onClick={locate}>
            {locating ? t('map.locating') : t('map.myLocation')}
          </button>
        )}
        {value && (
          <button type="button" className={`${linkClass} text-red-700`} onClick={() => onChange(null)}>
            {t('map.removePin')}
          </button>
        )}
      </div>
    </div>
  );
}

/** One point on a map that cannot be changed, kept in view as it moves (the courier). */
export function PointMapView({ point, label }: { point: GeoPoint; label: string }) {
  const position = toLatLng(point);
  const [tilesFailed, setTilesFailed] = useState(false);
  if (!position) return null;
  return (
    <div className="relative isolate h-56 overflow-hidden rounded-lg ring-1 ring-slate-300" data-testid="point-map">
      <MapContainer center={position} zoom={15} scrollWheelZoom={false} className="size-full">
        <Tiles onError={() => setTilesFailed(true)} />
        <KeepInView position={position} zoom={15} />
        <Marker position={position} icon={courierIcon} title={label} alt={label} keyboard={false} />
      </MapContainer>
      {tilesFailed && <TilesFailedNotice />}
    </div>
  );
}
