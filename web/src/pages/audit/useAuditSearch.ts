import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import type { AuditFilters } from '../../api/audit';
import type { AuditOutcome } from '../../api/types';

const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied'];
const TEXT_KEYS = ['from', 'to', 'actor', 'action', 'q'] as const;
export const PAGE_SIZES = [20, 50, 100];

/** The audit search lives in the URL, so a search can be bookmarked, shared and reloaded. */
export function useAuditSearch(): [AuditFilters, (next: Partial<AuditFilters>) => void] {
  const [params, setParams] = useSearchParams();

  const filters = useMemo<AuditFilters>(() => {
    const value: AuditFilters = {
      page: Math.max(1, Number(params.get('page')) || 1),
      pageSize: PAGE_SIZES.includes(Number(params.get('pageSize')))
        ? Number(params.get('pageSize'))
        : (PAGE_SIZES[0] ?? 20),
    };
    for (const key of TEXT_KEYS) {
      const text = params.get(key);
      if (text) value[key] = text;
    }
    const outcome = params.get('outcome');
    if (outcome && (OUTCOMES as readonly string[]).includes(outcome)) {
      value.outcome = outcome as AuditOutcome;
    }
    return value;
  }, [params]);

  const update = useCallback(
    (next: Partial<AuditFilters>) => {
      const merged: AuditFilters = { ...filters, ...next };
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(merged)) {
        if (value === undefined || value === null || value === '') continue;
        if (key === 'page' && value === 1) continue;
        if (key === 'pageSize' && value === PAGE_SIZES[0]) continue;
        search.set(key, String(value));
      }
      setParams(search);
    },
    [filters, setParams],
  );

  return [filters, update];
}
