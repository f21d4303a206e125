import { Readable } from 'node:stream';
import * as yauzl from 'yauzl';
import type { ErrorCollector } from './errors';
import { BUNDLE_FILES, type BundleFileName } from './format';

/** A file of the bundle, opened only once the whole bundle's layout has passed. */
export interface BundleSource {
  file: BundleFileName;
  open(): Promise<Readable>;
}

export interface OpenedZip {
  sources: BundleSource[];
  close(): void;
}

/** A zip entry could not be decompressed (bad CRC, truncated data, sizes not matching the directory). */
export class ZipCorrupt extends Error {}

/** Re-raises decompression errors as ZipCorrupt so that they are told apart from faults of the reader itself. */
async function* entryData(stream: Readable): AsyncGenerator<Buffer> {
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (err) {
    throw new ZipCorrupt((err as Error).message);
  }
}

const KNOWN = new Set<string>(BUNDLE_FILES);
export const EXPECTED_FILES = BUNDLE_FILES.join(', ');

export function isBundleFile(name: string): name is BundleFileName {
  return KNOWN.has(name);
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const MADE_BY_UNIX = 3;
const STORED = 0;
const DEFLATED = 8;

function isSymlink(entry: yauzl.Entry): boolean {
  return entry.versionMadeBy >> 8 === MADE_BY_UNIX && ((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK;
}

function isUnsafe(name: string): boolean {
  return (
    name.includes('\\') ||
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').includes('..')
  );
}

/** Archive clutter from macOS Finder, skipped without complaint. */
function isClutter(parts: readonly string[]): boolean {
  return parts[0] === '__MACOSX' || parts[parts.length - 1] === '.DS_Store';
}

/**
 * Opens a zip and checks its layout from the central directory before anything is decompressed: entry count,
 * unsafe paths, symlinks, folder nesting, file names. Returns null (with errors recorded) when it fails.
 */
export async function openZip(data: Buffer, maxEntries: number, errors: ErrorCollector): Promise<OpenedZip | null> {
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings off: yauzl would reject unsafe names itself, with an error that stops it and names no code.
    zip = await yauzl.fromBufferPromise(data, { autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch {
    errors.add('NOT_A_ZIP', {});
    return null;
  }
  const close = () => zip.close();
  if (zip.entryCount > maxEntries) {
    errors.add('TOO_MANY_ENTRIES', {}, { count: zip.entryCount, limit: maxEntries });
    close();
    return null;
  }
  const files: { name: string; parts: string[]; entry: yauzl.Entry }[] = [];
  try {
    for await (const entry of zip.eachEntry()) {
      const raw = entry.fileName as unknown as Buffer;
      const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
      if (isUnsafe(name)) errors.add('UNSAFE_PATH', { value: name });
      else if (isSymlink(entry)) errors.add('SYMLINK', { value: name });
      else if (!name.endsWith('/')) {
        const parts = name.split('/');
        if (!isClutter(parts)) files.push({ name, parts, entry });
      }
    }
  } catch (err) {
    errors.add('ZIP_CORRUPT', {}, { detail: (err as Error).message });
  }
  if (errors.count > 0) {
    close();
    return null;
  }
  // Anything that looks like an Excel workbook gets one clear message instead of a list of unknown files.
  if (files.some((f) => f.name === '[Content_Types].xml')) {
    errors.add('EXCEL_WORKBOOK', {});
    close();
    return null;
  }
  const folders = new Set(files.map((f) => (f.parts.length > 1 ? f.parts[0] : '')));
  const seen = new Set<string>();
  const sources: BundleSource[] = [];
  for (const { name, parts, entry } of files) {
    const base = parts[parts.length - 1];
    if (parts.length > 2 || folders.size > 1) errors.add('NESTED_FOLDER', { value: name });
    else if (!isBundleFile(base)) errors.add('UNKNOWN_FILE', { value: name }, { expected: EXPECTED_FILES });
    else if (seen.has(base)) errors.add('DUPLICATE_FILE', { file: base, value: name });
    else if (entry.isEncrypted() || (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED)) {
      errors.add('UNSUPPORTED_ENTRY', { file: base, value: name });
    } else {
      seen.add(base);
      sources.push({
        file: base,
        open: async () => Readable.from(entryData(await zip.openReadStreamPromise(entry)), { objectMode: false }),
      });
    }
  }
  if (errors.count > 0) {
    close();
    return null;
  }
  return { sources, close };
}

export type ZipSizeProblem =
  | { kind: 'NOT_A_ZIP' }
  | { kind: 'TOO_MANY_ENTRIES'; count: number }
  | { kind: 'TOO_LARGE'; bytes: number }
  | { kind: 'CORRUPT'; detail: string };

/**
 * Checks a zip container that another library will unpack (an .xlsx workbook for exceljs) before it does: at
 * most `maxEntries` entries and at most `maxBytes` uncompressed in all, as the central directory declares, then
 * verified by inflating every entry into nothing, since a directory can understate (yauzl stops an entry that
 * inflates to more than it declares). Memory stays at one chunk whatever the file holds. Null when it passes.
 */
export async function checkZipSize(
  data: Buffer,
  limits: { maxBytes: number; maxEntries: number },
): Promise<ZipSizeProblem | null> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(data, { autoClose: false, validateEntrySizes: true });
  } catch {
    return { kind: 'NOT_A_ZIP' };
  }
  try {
    if (zip.entryCount > limits.maxEntries) return { kind: 'TOO_MANY_ENTRIES', count: zip.entryCount };
    const entries: yauzl.Entry[] = [];
    let declared = 0;
    for await (const entry of zip.eachEntry()) {
      entries.push(entry);
      declared += entry.uncompressedSize;
    }
    if (declared > limits.maxBytes) return { kind: 'TOO_LARGE', bytes: declared };
    let inflated = 0;
    for (const entry of entries) {
      if (entry.isEncrypted()) return { kind: 'CORRUPT', detail: `${entry.fileName} is encrypted` };
      for await (const chunk of await zip.openReadStreamPromise(entry)) inflated += (chunk as Buffer).length;
    }
    return inflated > limits.maxBytes ? { kind: 'TOO_LARGE', bytes: inflated } : null;
  } catch (err) {
    return { kind: 'CORRUPT', detail: (err as Error).message };
  } finally {
    zip.close();
  }
}
