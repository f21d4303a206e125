import { Readable } from 'node:stream';
import { BundleChecker, type PortalLookup } from './check';
import { BudgetExceeded, ByteBudget, readCsvFile } from './csv-file';
import { ErrorCollector, type ExchangeError } from './errors';
import { BUNDLE_FILES, type BundleFileName, type ParsedBundle } from './format';
import type { CodeLookup } from './row-reader';
import { EXPECTED_FILES, isBundleFile, openZip, ZipCorrupt, type BundleSource, type OpenedZip } from './zip';

/** An uploaded file: a .zip bundle or one of the bundle's CSV files. */
export interface BundleFile {
  name: string;
  data: Buffer;
}

/** One file (a .zip, or a single .csv), or the CSV files of a bundle folder. */
export type BundleInput = BundleFile | readonly BundleFile[];

export interface ReadContext extends PortalLookup {
  codes: CodeLookup;
}

export interface ReadOptions {
  /** Entries in a zip, folders and clutter included (default 50). */
  maxEntries?: number;
  /** Uncompressed bytes of all files together, counted while reading (default 200 MB). */
  maxTotalBytes?: number;
  /** Data rows per file (default 1,000,000). */
  maxRowsPerFile?: number;
  /** Errors listed before the reader gives up with TOO_MANY_ERRORS (default 1,000). */
  maxErrors?: number;
  /**
   * The files this reading accepts (default: all of BUNDLE_FILES). Another file of the format is refused with
   * FILE_NOT_ACCEPTED, e.g. technology_contracts.csv by an importer that only takes returns.
   */
  files?: readonly BundleFileName[];
}

export type ReadResult = { ok: true; bundle: ParsedBundle } | { ok: false; errors: ExchangeError[] };

const DEFAULTS: Required<ReadOptions> = {
  maxEntries: 50,
  maxTotalBytes: 200 * 1024 * 1024,
  maxRowsPerFile: 1_000_000,
  maxErrors: 1_000,
  files: BUNDLE_FILES,
};

const CHUNK = 64 * 1024;

/** Streams an in-memory buffer in chunks, as a zip entry would arrive. */
function bufferSource(data: Buffer): Readable {
  function* chunks() {
    for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
  }
  return Readable.from(chunks(), { objectMode: false });
}

const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/** The files of a list input (a folder, or one CSV), or null with errors recorded when a name is not allowed. */
function listSources(files: readonly BundleFile[], errors: ErrorCollector): BundleSource[] | null {
  const sources: BundleSource[] = [];
  const seen = new Set<string>();
  for (const { name, data } of files) {
    const base = baseName(name);
    if (!isBundleFile(base)) errors.add('UNKNOWN_FILE', { value: name }, { expected: EXPECTED_FILES });
    else if (seen.has(base)) errors.add('DUPLICATE_FILE', { file: base, value: name });
    else {
      seen.add(base);
      sources.push({ file: base, open: async () => bufferSource(data) });
    }
  }
  return errors.count > 0 ? null : sources;
}

/**
 * Reads and checks a bundle completely. Every problem is reported (up to `maxErrors`) with file, line and column;
 * the bundle is returned only when there is none, so an importer never writes half a bundle.
 */
export async function readBundle(
  input: BundleInput,
  context: ReadContext,
  options: ReadOptions = {},
): Promise<ReadResult> {
  const limits = { ...DEFAULTS, ...options };
  const errors = new ErrorCollector(limits.maxErrors);
  const fail = (): ReadResult => ({ ok: false, errors: errors.result() });
  let zip: OpenedZip | null = null;
  let sources: BundleSource[] | null;
  if (!('data' in input)) sources = listSources(input, errors);
  else if (input.name.toLowerCase().endsWith('.csv')) sources = listSources([input], errors);
  else {
    zip = await openZip(input.data, limits.maxEntries, errors);
    sources = zip && zip.sources;
  }
  try {
    if (sources?.length === 0) errors.add('EMPTY_BUNDLE', {}, { expected: EXPECTED_FILES });
    for (const { file } of sources ?? []) {
      if (!limits.files.includes(file)) {
        errors.add('FILE_NOT_ACCEPTED', { file, value: file }, { expected: limits.files.join(', ') });
      }
    }
    if (!sources || errors.count > 0) return fail();
    const checker = new BundleChecker(errors);
    const budget = new ByteBudget(limits.maxTotalBytes);
    const csvOptions = { maxRows: limits.maxRowsPerFile, codes: context.codes, pool: new Map<string, string>() };
    for (const { file, open } of sources) {
      if (!(await readCsvFile(file, await open(), checker, errors, budget, csvOptions))) return fail();
    }
    await checker.finish(context);
    return errors.count > 0 ? fail() : { ok: true, bundle: checker.bundle };
  } catch (err) {
    if (err instanceof BudgetExceeded) errors.add('BUNDLE_TOO_LARGE', {}, { limit: limits.maxTotalBytes });
    else if (err instanceof ZipCorrupt) errors.add('ZIP_CORRUPT', {}, { detail: err.message });
    else throw err;
    return fail();
  } finally {
    zip?.close();
  }
}
