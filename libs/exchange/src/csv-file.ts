import { isUtf8 } from 'node:buffer';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CsvError, parse, type InfoRecord } from 'csv-parse';
import { TEXT_MAX } from '@portal/shared';
import type { BundleChecker } from './check';
import type { ErrorCollector } from './errors';
import { COLUMNS, type BundleFileName } from './format';
import { RowReader, type CodeLookup } from './row-reader';

/** Uncompressed bytes still allowed for the whole bundle; shared by its files. */
export class ByteBudget {
  constructor(public remaining: number) {}
}

/** The bundle exceeded its byte budget: reading stops at once (zip bomb defence). */
export class BudgetExceeded extends Error {}

class InvalidUtf8 extends Error {
  constructor(readonly line: number) {
    super(`invalid UTF-8 at line ${line}`);
  }
}

/** A NUL byte: valid UTF-8, but PostgreSQL text and jsonb cannot hold U+0000. */
class NulByte extends Error {
  constructor(readonly line: number) {
    super(`NUL at line ${line}`);
  }
}

/** Thrown from the record callback to stop reading a file whose remaining rows are not worth checking. */
class StopFile extends Error {}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;

function countLf(buf: Buffer): number {
  let n = 0;
  for (let i = buf.indexOf(LF); i >= 0; i = buf.indexOf(LF, i + 1)) n++;
  return n;
}

/** Length of `buf` without a trailing UTF-8 sequence that continues in the next chunk. */
function completeLength(buf: Buffer): number {
  let i = buf.length - 1;
  while (i >= 0 && i > buf.length - 4 && (buf[i] & 0xc0) === 0x80) i--;
  if (i < 0) return buf.length;
  const lead = buf[i];
  const size = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return i + size > buf.length ? i : buf.length;
}

/**
 * Passes bytes through unchanged after checking them: counts them against the bundle's budget, drops a leading BOM
 * and rejects invalid UTF-8 and NUL bytes with the line they are on (a LF byte never occurs inside a multi-byte sequence, so lines
 * can be checked one by one once a chunk fails).
 */
class Utf8Check extends Transform {
  private carry: Buffer | null = null;
  private lines = 1;
  private atStart = true;

  constructor(private readonly budget: ByteBudget) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.budget.remaining -= chunk.length;
    if (this.budget.remaining < 0) return done(new BudgetExceeded());
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    if (this.atStart) {
      if (buf.length < BOM.length && BOM.subarray(0, buf.length).equals(buf)) {
        this.carry = buf;
        return done();
      }
      this.atStart = false;
      if (buf.subarray(0, BOM.length).equals(BOM)) buf = buf.subarray(BOM.length);
    }
    const cut = completeLength(buf);
    if (cut < buf.length) this.carry = buf.subarray(cut);
    const body = buf.subarray(0, cut);
    if (!isUtf8(body)) return done(new InvalidUtf8(this.firstBadLine(body)));
    const nul = body.indexOf(0);
    if (nul >= 0) return done(new NulByte(this.lines + countLf(body.subarray(0, nul))));
    this.lines += countLf(body);
    done(null, body);
  }

  override _flush(done: TransformCallback): void {
    if (this.carry && !(this.atStart && BOM.subarray(0, this.carry.length).equals(this.carry))) {
      return done(new InvalidUtf8(this.lines));
    }
    done();
  }

  private firstBadLine(body: Buffer): number {
    let line = this.lines;
    for (let start = 0; start < body.length; line++) {
      const lf = body.indexOf(LF, start);
      const end = lf < 0 ? body.length : lf + 1;
      if (!isUtf8(body.subarray(start, end))) return line;
      start = end;
    }
    return line;
  }
}

/**
 * Maps csv-parse's line counter to real 1-based lines. csv-parse reports the line a record ends on, and counts a
 * CRLF inside a quoted field as two lines; records are located at the line they start on.
 */
class LineTracker {
  private drift = 0;
  /** Real line on which the last record ended, and csv-parse's empty-line count then. */
  lastEnd = 0;
  lastEmpty = 0;

  locate(record: readonly string[], info: InfoRecord): number {
    let breaks = 0;
    for (const field of record) {
      if (field.indexOf('\n') < 0 && field.indexOf('\r') < 0) continue;
      for (let i = 0; i < field.length; i++) {
        const c = field.charCodeAt(i);
        if (c === 0x0d && field.charCodeAt(i + 1) === 0x0a) {
          this.drift++;
          breaks++;
          i++;
        } else if (c === 0x0d || c === 0x0a) breaks++;
      }
    }
    this.lastEnd = info.lines - this.drift;
    this.lastEmpty = info.empty_lines;
    return this.lastEnd - breaks;
  }

  /**
   * Line of a syntax error. An unclosed quote or an overlong record is reported where its record starts (the next
   * line after the last record, skipping empty lines), not where csv-parse gave up.
   */
  errorLine(err: CsvError & { lines?: number; empty_lines?: number }): number {
    if (err.code === 'CSV_QUOTE_NOT_CLOSED' || err.code === 'CSV_MAX_RECORD_SIZE') {
      return this.lastEnd + 1 + ((err.empty_lines ?? 0) - this.lastEmpty);
    }
    return (err.lines ?? this.lastEnd + 1) - this.drift;
  }
}

const QUOTE_ERRORS = new Set<string>([
  'CSV_QUOTE_NOT_CLOSED',
  'INVALID_OPENING_QUOTE',
  'CSV_INVALID_CLOSING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
]);

const isBlank = (field: string) => field.trim() === '';

/**
 * Characters in one record. Real rows are a few hundred characters; a quote left open would otherwise swallow the
 * rest of the file into a single field held in memory.
 */
export const MAX_RECORD_CHARS = TEXT_MAX;

export interface CsvFileOptions {
  maxRows: number;
  codes: CodeLookup;
  /** Shared strings of the bundle (see RowReader.intern). */
  pool: Map<string, string>;
}

/**
 * Streams one CSV file of the bundle through strict UTF-8 decoding and csv-parse, checking each row as it comes.
 * Returns false when the whole bundle must stop (byte budget exhausted, error cap reached).
 */
export async function readCsvFile(
  file: BundleFileName,
  source: Readable,
  checker: BundleChecker,
  errors: ErrorCollector,
  budget: ByteBudget,
  options: CsvFileOptions,
): Promise<boolean> {
  const lines = new LineTracker();
  let reader: RowReader | null = null;
  let width = 0;
  let rows = 0;
  let sawHeader = false;

  const onRecord = (record: string[], info: InfoRecord): null => {
    const line = lines.locate(record, info);
    if (record.every(isBlank)) return null; // a row of empty cells, as spreadsheets leave behind
    if (!sawHeader) {
      sawHeader = true;
      const index = checkHeader(file, record, line, errors);
      if (!index) throw new StopFile();
      reader = new RowReader(file, index, errors, options.codes, options.pool);
      width = record.length;
      return null;
    }
    if (++rows > options.maxRows) {
      errors.add('TOO_MANY_ROWS', { file, line }, { limit: options.maxRows });
      throw new StopFile();
    }
    if (record.length !== width) {
      errors.add('FIELD_COUNT', { file, line }, { count: record.length, expected: width });
    } else if (reader) {
      reader.start(record, line);
      checker.row(reader);
    }
    if (errors.full) throw new StopFile();
    return null;
  };

  const parser = parse({
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    on_record: onRecord,
  });
  const sink = new Writable({ objectMode: true, write: (_chunk, _encoding, done) => done() });
  try {
    await pipeline(source, new Utf8Check(budget), parser, sink);
    if (!sawHeader) errors.add('MISSING_HEADER', { file, line: 1 }, { expected: columnList(file) });
  } catch (err) {
    if (err instanceof InvalidUtf8) errors.add('INVALID_UTF8', { file, line: err.line });
    else if (err instanceof NulByte) errors.add('NUL_CHARACTER', { file, line: err.line });
    else if (err instanceof CsvError && QUOTE_ERRORS.has(err.code)) {
      errors.add('BROKEN_QUOTE', { file, line: lines.errorLine(err) });
    } else if (err instanceof CsvError && err.code === 'CSV_MAX_RECORD_SIZE') {
      errors.add('RECORD_TOO_LARGE', { file, line: lines.errorLine(err) }, { limit: MAX_RECORD_CHARS });
    } else if (!(err instanceof StopFile)) throw err; // BudgetExceeded, ZipCorrupt: the caller stops the bundle
  }
  return !errors.full;
}

const columnList = (file: BundleFileName) => COLUMNS[file].map((c) => c.name).join(', ');

/** Checks the header row; returns column name → position, or null when the rows cannot be read. */
function checkHeader(
  file: BundleFileName,
  record: readonly string[],
  line: number,
  errors: ErrorCollector,
): Map<string, number> | null {
  const specs = COLUMNS[file];
  const known = new Set(specs.map((c) => c.name));
  const names = record.map((f) => f.trim());
  // A first row without a single column name is data: the header was left out.
  if (!names.some((n) => known.has(n))) {
    errors.add('MISSING_HEADER', { file, line }, { expected: columnList(file) });
    return null;
  }
  const index = new Map<string, number>();
  names.forEach((name, i) => {
    if (!known.has(name)) {
      errors.add('UNKNOWN_COLUMN', { file, line, column: name, value: name }, { expected: columnList(file) });
    } else if (index.has(name)) {
      errors.add('DUPLICATE_COLUMN', { file, line, column: name, value: name });
    } else index.set(name, i);
  });
  const missing = specs.filter((c) => c.required && !index.has(c.name));
  for (const c of missing) errors.add('MISSING_COLUMN', { file, line, column: c.name });
  return missing.length > 0 ? null : index;
}
