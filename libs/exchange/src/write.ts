import { stringify } from 'csv-stringify/sync';
import { ZipFile } from 'yazl';
import { formatAmount, guardCell } from './cells';
import { BUNDLE_FILES, COLUMNS, RETURN_FILES, type BundleFileName, type ExchangeData } from './format';

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
  'technology_contracts.csv': (d) =>
    (d.technologyContracts ?? []).map((t) => [
      t.uscc,
      t.contractNo,
      t.direction,
      t.signedDate,
      t.modeCode,
      t.foreignParty,
      t.partnerCode,
      formatAmount(t.techFee),
      formatAmount(t.equipmentFee),
      formatAmount(t.contractAmount),
      t.currency,
      orEmpty(t.registrationNo),
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
  /** The five files of format 1, and technology_contracts.csv when the data has technology contracts. */
  files: Partial<Record<BundleFileName, Buffer>> & Record<(typeof RETURN_FILES)[number], Buffer>;
  /** Those files at the top level of a zip. */
  zip: Buffer;
}

/**
 * Writes the five files of format 1 (a file without rows has its header only) and, when the data has technology
 * contracts, technology_contracts.csv (format 1.1), and zips them.
 */
export async function writeBundle(data: ExchangeData): Promise<WrittenBundle> {
  const written = BUNDLE_FILES.filter(
    (f) => f !== 'technology_contracts.csv' || (data.technologyContracts ?? []).length > 0,
  );
  const files = Object.fromEntries(written.map((f) => [f, writeCsv(f, data)])) as WrittenBundle['files'];
  const zip = new ZipFile();
  for (const f of written) zip.addBuffer(files[f]!, f);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return { files, zip: Buffer.concat(chunks) };
}
