import { stringify } from 'csv-stringify/sync';
import { ZipFile } from 'yazl';
import { formatAmount, guardCell } from './cells';
import { BUNDLE_FILES, COLUMNS, type BundleFileName, type ExchangeData } from './format';

const yn = (b: boolean) => (b ? 'Y' : 'N');
const orEmpty = (v: string | number | null) => (v === null ? '' : String(v));

/** Cells of each file's rows, in the column order of COLUMNS. */
const CELLS: { [F in BundleFileName]: (data: ExchangeData) => string[][] } = {
  'enterprises.csv': (d) =>
    d.enterprises.map((e) => [
      e.uscc,
      e.nameZh,
      e.regionCode,
      orEmpty(e.zoneCode),
      e.natureCode,
      e.industryCode,
      yn(e.keyEnterprise),
    ]),
  'services_trade.csv': (d) =>
    d.servicesTrade.map((s) => [
      s.uscc,
      s.period,
      s.categoryCode,
      s.partnerCode,
      s.direction,
      formatAmount(s.amount),
      s.currency,
    ]),
  'outsourcing_contracts.csv': (d) =>
    d.contracts.map((c) => [
      c.uscc,
      c.contractNo,
      c.signedDate,
      c.clientName,
      c.clientPartnerCode,
      orEmpty(c.clientIndustryCode),
      c.businessCode,
      yn(c.offshore),
      formatAmount(c.amount),
      c.currency,
    ]),
  'outsourcing_executions.csv': (d) =>
    d.executions.map((e) => [e.uscc, e.contractNo, e.period, formatAmount(e.amount), e.currency]),
  'workforce.csv': (d) =>
    d.workforce.map((w) => [
      w.uscc,
      w.period,
      String(w.juniorCollege),
      String(w.bachelor),
      String(w.master),
      String(w.doctor),
      String(w.other),
      orEmpty(w.newHires),
      orEmpty(w.newHiresGraduates),
    ]),
};

/**
 * The rows of one file as text cells in COLUMNS order, without the CSV formula guard: for writers of other
 * containers (the Excel template), which protect cells their own way.
 */
export function fileCells(file: BundleFileName, data: ExchangeData): string[][] {
  return CELLS[file](data);
}

/** One file of the bundle as UTF-8 CSV (no BOM, CRLF line ends as RFC 4180 has them, header row first). */
export function writeCsv(file: BundleFileName, data: ExchangeData): Buffer {
  const header = COLUMNS[file].map((c) => c.name);
  // Every cell is guarded, not just free text: whatever reaches a spreadsheet must not run as a formula.
  const rows = CELLS[file](data).map((cells) => cells.map(guardCell));
  return Buffer.from(stringify([header, ...rows], { record_delimiter: 'windows' }), 'utf8');
}

export interface WrittenBundle {
  files: Record<BundleFileName, Buffer>;
  /** The five files at the top level of a zip. */
  zip: Buffer;
}

/** Writes all five files (a file without rows has its header only) and zips them. */
export async function writeBundle(data: ExchangeData): Promise<WrittenBundle> {
  const files = Object.fromEntries(BUNDLE_FILES.map((f) => [f, writeCsv(f, data)])) as Record<BundleFileName, Buffer>;
  const zip = new ZipFile();
  for (const f of BUNDLE_FILES) zip.addBuffer(files[f], f);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { files, zip: Buffer.concat(chunks) };
}
