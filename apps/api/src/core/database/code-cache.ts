/**
 * Code lists change rarely. A value derived from them is kept with the code_item marker it was read at and
 * dropped when the marker moves (a code version added: create, versioned change — a new max(id) of code_item)
 * or after `ttlMs` (a retirement sets valid_to on an existing row and is seen within that time). The value is
 * a promise, so concurrent callers share one read; a failed read is dropped again. The same rule as the
 * validation worker's period code lists (ValidationService.periodCodes).
 */
export class CodeCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; marker: string; at: number }>();

  constructor(private readonly ttlMs = 60_000) {}

  /** The marker as an SQL expression, to be read in a query the caller runs anyway. */
  static readonly MARKER_SQL = `(SELECT COALESCE(max(id), 0)::text FROM code_item)`;

  get(key: string, marker: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    if (hit && hit.marker === marker && Date.now() - hit.at < this.ttlMs) return hit.value;
    const entry = { value: load(), marker, at: Date.now() };
    this.entries.set(key, entry);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }
}
