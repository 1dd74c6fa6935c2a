import { QueryClientProvider } from '@tanstack/react-query';
import { renderHook, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createQueryClient } from '@/app/queryClient';
import { trackingRefetchInterval, useTracking } from '@/features/orders/api/tracking';
import { useAuthStore } from '@/lib/auth';
import { trackingFixture } from '@/testing/fixtures';
import { server } from '@/testing/server';

describe('how often tracking is read', () => {
  it('is often while the parcel moves, seldom while it waits for a courier, never once it is over', () => {
    expect(trackingRefetchInterval('on_the_way')).toBe(15_000);
    for (const waiting of ['ready', 'assigned', 'picked_up', undefined] as const) expect(trackingRefetchInterval(waiting)).toBe(60_000);
    for (const over of ['delivered', 'failed', 'returned'] as const) expect(trackingRefetchInterval(over)).toBe(false);
  });
});

describe('useTracking', () => {
  beforeEach(() => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    useAuthStore.setState({ accessToken: 'access', refreshToken: 'refresh' });
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  function wrapper({ children }: { children: ReactNode }) {
    return <QueryClientProvider client={createQueryClient()}>{children}</QueryClientProvider>;
  }

  it('follows the courier while on the way and stops once delivered', async () => {
    const answers = [
      trackingFixture(),
      trackingFixture({ location: { latitude: '41.320000', longitude: '69.290000', recorded_at: '2026-01-15T08:05:00Z' } }),
      trackingFixture({ status: 'delivered', location: null, delivered_at: '2026-01-15T08:10:00Z' }),
    ];
    let reads = 0;
    server.use(http.get('/api/v1/delivery/DX-7KQ3M9P2/track/', () => HttpResponse.json(answers[Math.min(reads++, answers.length - 1)])));
    const { result } = renderHook(() => useTracking('DX-7KQ3M9P2', true), { wrapper });

    await waitFor(() => expect(result.current.data?.location?.latitude).toBe('41.311100'));
    await vi.advanceTimersByTimeAsync(15_000);
    await waitFor(() => expect(result.current.data?.location?.latitude).toBe('41.320000'));
    await vi.advanceTimersByTimeAsync(15_000);
    await waitFor(() => expect(result.current.data?.status).toBe('delivered'));
    await vi.advanceTimersByTimeAsync(5 * 60_000);

    expect(reads).toBe(3);
    expect(result.current.data?.location).toBeNull();
  });

  it('asks only now and then while the order has no delivery yet', async () => {
    let reads = 0;
    server.use(
      http.get('/api/v1/delivery/DX-7KQ3M9P2/track/', () => {
        reads += 1;
        return HttpResponse.json({ error: { code: 'not_found', message: 'Topilmadi', details: {} } }, { status: 404 });
      }),
    );
    const { result } = renderHook(() => useTracking('DX-7KQ3M9P2', true), { wrapper });

    await waitFor(() => expect(result.current.isError).toBe(true));
    await vi.advanceTimersByTimeAsync(55_000);
    expect(reads).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    await waitFor(() => expect(reads).toBe(2));
  });
});
