import { Component, lazy, Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { Skeleton } from '@/components/Skeleton';
import type { PinPickerProps } from '@/components/map/LeafletMaps';
import type { GeoPoint } from '@/lib/map';

// Leaflet is loaded with the first map a visitor opens, not with the shop: the screens import these
// wrappers, which show a placeholder while it loads and a note instead of the map when it cannot
// load (offline, a failed chunk, a browser Leaflet does not run in). The address form works
// without the map either way.

const LazyPinPicker = lazy(async () => ({ default: (await import('@/components/map/LeafletMaps')).PinPickerMap }));
const LazyPointMap = lazy(async () => ({ default: (await import('@/components/map/LeafletMaps')).PointMapView }));

class MapBoundary extends Component<{ fallback: ReactNode; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  render() {
    return this.state.failed ? this.props.fallback : this.props.children;
  }
}

function MapUnavailable({ message }: { message: string }) {
  return <p className="rounded-lg bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">{message}</p>;
}

function MapLoading({ className }: { className: string }) {
  const { t } = useTranslation();
  return (
    <div role="status" aria-busy="true">
      <span className="sr-only">{t('map.loading')}</span>
      <Skeleton className={className} />
    </div>
  );
}

/** A map to set an address's pin (tap, click or drag), with a hint; see PinPickerMap. */
export function PinPicker(props: PinPickerProps) {
  const { t } = useTranslation();
  return (
    <div className="space-y-2">
      <p className="text-sm font-medium text-slate-800">{t('map.pinTitle')}</p>
      <p className="text-xs text-slate-600" aria-live="polite">
        {props.value ? t('map.pinned') : t('map.pinHint')}
      </p>
      <MapBoundary fallback={<MapUnavailable message={t('map.unavailableAddress')} />}>
        <Suspense fallback={<MapLoading className="h-64 w-full sm:h-72" />}>
          <LazyPinPicker {...props} />
        </Suspense>
      </MapBoundary>
    </div>
  );
}

/** A map with one point on it (where the courier was last seen). */
export function PointMap({ point, label }: { point: GeoPoint; label: string }) {
  const { t } = useTranslation();
  return (
    <MapBoundary fallback={<MapUnavailable message={t('map.unavailable')} />}>
      <Suspense fallback={<MapLoading className="h-56 w-full" />}>
        <LazyPointMap point={point} label={label} />
      </Suspense>
    </MapBoundary>
  );
}
