import { useQueryClient } from '@tanstack/react-query';
import { isAxiosError } from 'axios';
import { useEffect, useRef, useState } from 'react';

import { api, apiErrorMessage } from '@/lib/api';

/** At most one ping per delivery this often while standing still… */
export const pingIntervalMs = 30_000;
/** …or sooner after moving this far, */
export const pingDistanceM = 50;
/** …but never sooner than the API accepts (DELIVERY_LOCATION_MIN_INTERVAL_SECONDS). */
export const pingMinIntervalMs = 10_000;

export type LocationState = 'off' | 'unsupported' | 'prompt' | 'locating' | 'sharing' | 'denied' | 'unavailable';

export interface Fix {
  latitude: number;
  longitude: number;
  accuracy: number;
}

interface Sent extends Fix {
  at: number;
}

/** Metres between two points (haversine; plenty for a city). */
export function distanceM(a: Fix, b: Fix): number {
  const radians = (degrees: number) => (degrees * Math.PI) / 180;
  const dLat = radians(b.latitude - a.latitude);
  const dLon = radians(b.longitude - a.longitude);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.latitude)) * Math.cos(radians(b.latitude)) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Whether a new fix is worth a ping: the first one, one every 30 s, or sooner after 50 m. */
export function shouldSend(last: Sent | null, fix: Fix, now: number): boolean {
  if (last === null) return true;
  const elapsed = now - last.at;
  if (elapsed >= pingIntervalMs) return true;
  return elapsed >= pingMinIntervalMs && distanceM(last, fix) >= pingDistanceM;
}

/**
 * Sends the courier's position for a delivery while `active` (the parcel is on the way), with the
 * browser's permission: `watchPosition` reports fixes and they are throttled to what the customer's
 * map needs. Stops when the delivery is no longer on the way (here, or as the API says with 409).
 */
export function useLocationSharing(deliveryId: number, active: boolean) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LocationState>('off');
  const [lastSentAt, setLastSentAt] = useState<Date | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const lastSent = useRef<Sent | null>(null);
  const latest = useRef<Fix | null>(null);
  const inFlight = useRef(false);

  useEffect(() => {
    if (!active) {
      setState('off');
      return;
    }
    if (typeof navigator === 'undefined' || !('geolocation' in navigator)) {
      setState('unsupported');
      return;
    }
    const geolocation = navigator.geolocation;
    let stopped = false;
    let permission: PermissionStatus | null = null;

    async function send(fix: Fix) {
      if (inFlight.current || stopped) return;
      inFlight.current = true;
      try {
        await api.post(`/delivery/courier/deliveries/${deliveryId}/location/`, {
          // The API keeps 6 decimals (about 10 cm) and refuses more than 15.
          latitude: Number(fix.latitude.toFixed(6)),
          longitude: Number(fix.longitude.toFixed(6)),
          accuracy_m: Math.min(100_000, Math.round(fix.accuracy)),
        });
        if (stopped) return;
        lastSent.current = { ...fix, at: Date.now() };
        setLastSentAt(new Date());
        setSendError(null);
        setState('sharing');
      } catch (error) {
        if (stopped) return;
        const status = isAxiosError(error) ? error.response?.status : undefined;
        if (status === 429) {
          // Sooner than the API accepts (another tab, a clock step): the next fix will do.
          lastSent.current = { ...fix, at: Date.now() - pingIntervalMs + pingMinIntervalMs };
        } else if (status === 409 || status === 404) {
          // Not on the way any more (handed over, failed, taken back): read the delivery again.
          stopped = true;
          void queryClient.invalidateQueries({ queryKey: ['courier', 'delivery', deliveryId] });
        } else {
          setSendError(apiErrorMessage(error));
        }
      } finally {
        inFlight.current = false;
      }
    }

    function onPosition(position: GeolocationPosition) {
      const fix = { latitude: position.coords.latitude, longitude: position.coords.longitude, accuracy: position.coords.accuracy };
      latest.current = fix;
      setState((current) => (current === 'sharing' ? current : 'locating'));
      if (shouldSend(lastSent.current, fix, Date.now())) void send(fix);
    }

    function onError(error: GeolocationPositionError) {
      if (stopped) return;
      setState(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable');
    }

    setState('locating');
    // The permission, where the browser tells it: a courier who blocked it is told how to fix it.
    navigator.permissions
      ?.query({ name: 'geolocation' })
      .then((status) => {
        if (stopped) return;
        permission = status;
        const show = () => {
          if (status.state === 'denied') setState('denied');
          else if (status.state === 'prompt') setState((current) => (current === 'locating' ? 'prompt' : current));
          else setState((current) => (current === 'denied' || current === 'prompt' ? 'locating' : current));
        };
        show();
        status.onchange = show;
      })
      .catch(() => undefined);

    const watchId = geolocation.watchPosition(onPosition, onError, { enableHighAccuracy: true, maximumAge: 10_000, timeout: 60_000 });
    // Standing still brings no new fixes: the last one is sent again every 30 s.
    const timer = window.setInterval(() => {
      if (latest.current && shouldSend(lastSent.current, latest.current, Date.now())) void send(latest.current);
    }, pingIntervalMs);

    return () => {
      stopped = true;
      geolocation.clearWatch(watchId);
      window.clearInterval(timer);
      if (permission) permission.onchange = null;
    };
  }, [active, deliveryId, queryClient]);

  return { state: active ? state : 'off', lastSentAt, sendError };
}
