/**
 * Code lists change rarely. A value derived from them is kept with the code_item marker it was read at and
 * dropped when the marker moves — a code version added (create, versioned change: a new max(id)) or a code
 * retired (valid_to set on an existing row: one more row with a valid_to) — or after `ttlMs` at the latest. The
 * value is a promise, so concurrent callers share one read; a failed read is dropped again. Used for the code
 * lists of returns, firms and imports (CodesService.listsOn), the validation worker's period code lists
 * (ValidationService.periodCodes) and the inbox's region names.
 */
export class CodeCache<V> {
  private readonly entries = new Map<string, { value: Promise<V>; marker: string; at: number }>();

  /** `maxEntries`: keys are dates, some of them from user input; the oldest entry goes when there are more. */
  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 64,
  ) {}

  /** The marker as an SQL expression, to be read in a query the caller runs anyway. */
  static readonly MARKER_SQL = `(SELECT COALESCE(max(id), 0) || ':' || count(valid_to) FROM code_item)`;

  get(key: string, marker: string, load: () => Promise<V>): Promise<V> {
    const hit = this.entries.get(key);
    // A read shared with another caller runs on that caller's connection (its transaction, maybe): if it fails
    // there, this caller reads for itself rather than failing for someone else's reason.
    if (hit && hit.marker === marker && Date.now() - hit.at < this.ttlMs) return hit.value.catch(() => load());
    const entry = { value: load(), marker, at: Date.now() };
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    entry.value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return entry.value;
  }
}
