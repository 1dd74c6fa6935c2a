import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';

import type { DashboardRange } from '@/features/dashboard/api/dashboard';
import { rangeFromSearch, rangeToSearch } from '@/features/dashboard/dateRange';

/** The dashboard's period, kept in the address so a reload or a shared link shows the same figures. */
export function useDashboardRange(): [DashboardRange, (range: DashboardRange) => void] {
  const [search, setSearch] = useSearchParams();
  const key = search.toString();
  const range = useMemo(() => rangeFromSearch(new URLSearchParams(key)), [key]);
  const setRange = useCallback((next: DashboardRange) => setSearch(rangeToSearch(next), { replace: true }), [setSearch]);
  return [range, setRange];
}
