import type { SortPayload } from 'react-admin';

/** The orders a reviewer works the inbox in (GET /api/review/inbox `sort`). */
export const INBOX_SORT_KEYS = ['materiality', 'dueDate', 'age', 'findings'] as const;
export type InboxSortKey = (typeof INBOX_SORT_KEYS)[number];

/**
 * Each order with the direction that puts the pressing work first: the largest share of the provincial change,
 * the nearest deadline, the longest wait (the API sorts `age` by the time the return arrived, so oldest first is
 * ascending) and the most open findings.
 */
const SORTS: Record<InboxSortKey, SortPayload> = {
  materiality: { field: 'materiality', order: 'DESC' },
  dueDate: { field: 'dueDate', order: 'ASC' },
  age: { field: 'age', order: 'ASC' },
  findings: { field: 'findings', order: 'DESC' },
};

export function inboxSort(key: InboxSortKey): SortPayload {
  return SORTS[key];
}

/** The preset a list sort corresponds to (whatever its direction), or null for another field. */
export function inboxSortKey(sort: SortPayload | undefined): InboxSortKey | null {
  return INBOX_SORT_KEYS.find((k) => SORTS[k].field === sort?.field) ?? null;
}

/** Materiality is a share of the provincial total: 0.0123 → 1.23 %; unknown (not computed yet) → —. */
export function formatMateriality(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(value >= 0.1 ? 1 : 2)}%`;
}
