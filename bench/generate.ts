import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { RETURN_FILES, writeBundle, writeCsv, type ExchangeData, type ReturnFileName } from '@portal/exchange';
import { connect } from './lib/db';
import { loadFirms, loadReferenceData, rebuildAggregates } from './lib/load';
import { DataSet, type FirmYear } from './lib/model';

/*
 * `npm run bench:generate -- --firms 74000 --year 2021 [--seed 2021] [--out bench/data/national-2021] [--load URL]`
 * Writes the data set as exchange CSV files (libs/exchange format; a bundle.zip too up to 20,000 firms) and/or
 * loads it into the database at URL (the national region tree, periods, approved returns, facts, aggregates).
 */

export interface GenerateArgs {
  firms: number;
  year: number;
  seed: number;
  tag: string;
  out?: string;
  load?: string;
}

/** The exchange rows of some firms' years (a contract with its executions, trade lines, workforce). */
export function exchangeData(years: FirmYear[]): ExchangeData {
  const d: ExchangeData = { enterprises: [], servicesTrade: [], contracts: [], executions: [], workforce: [] };
  for (const { firm, returns } of years) {
    const p = firm.profile;
    d.enterprises.push({
      uscc: firm.uscc,
      nameZh: p.nameZh,
      regionCode: p.regionCode,
      zoneCode: p.zoneCode,
      natureCode: p.natureCode,
      industryCode: p.industryCode,
      keyEnterprise: p.keyEnterprise,
    });
    for (const { period, content } of returns) {
      for (const s of content.servicesTrade) d.servicesTrade.push({ uscc: firm.uscc, period, ...s });
      for (const c of content.contracts) d.contracts.push({ uscc: firm.uscc, ...c });
      for (const e of content.executions) d.executions.push({ uscc: firm.uscc, period, ...e });
      if (content.workforce) d.workforce.push({ uscc: firm.uscc, period, ...content.workforce });
    }
  }
  return d;
}

/** Writes firms' years as the five CSV files, in batches (no header after the first), and a zip when small. */
export async function writeExchange(data: DataSet, out: string): Promise<{ rows: number; files: string[] }> {
  mkdirSync(out, { recursive: true });
  if (data.size <= 20_000) {
    const d = exchangeData(Array.from({ length: data.size }, (_, i) => data.firmYear(i)));
    const bundle = await writeBundle(d);
    for (const f of RETURN_FILES) writeFileSync(join(out, f), bundle.files[f]);
    writeFileSync(join(out, 'bundle.zip'), bundle.zip);
    const rows = Object.values(d).reduce((a, r) => a + r.length, 0);
    return { rows, files: [...RETURN_FILES, 'bundle.zip'].map((f) => join(out, f)) };
  }
  const streams = Object.fromEntries(RETURN_FILES.map((f) => [f, createWriteStream(join(out, f))])) as Record<
    ReturnFileName,
    ReturnType<typeof createWriteStream>
  >;
  let rows = 0;
  for (let start = 0; start < data.size; start += 2000) {
    const years = Array.from({ length: Math.min(2000, data.size - start) }, (_, k) => data.firmYear(start + k));
    const d = exchangeData(years);
    rows += Object.values(d).reduce((a, r) => a + r.length, 0);
    for (const f of RETURN_FILES) {
      let text = writeCsv(f, d).toString('utf8');
      if (start > 0) text = text.slice(text.indexOf('\r\n') + 2);
      if (!streams[f].write(text)) await new Promise<void>((r) => streams[f].once('drain', () => r()));
    }
  }
  await Promise.all(RETURN_FILES.map((f) => new Promise<void>((r) => streams[f].end(() => r()))));
  return { rows, files: RETURN_FILES.map((f) => join(out, f)) };
}

/** Loads the data set into a migrated database: reference data, firms with approved returns and facts, aggregates. */
export async function loadDataSet(data: DataSet, url: string, log: (s: string) => void = () => undefined) {
  const c = await connect(url);
  try {
    await loadReferenceData(c, data);
    const stats = await loadFirms(c, data, { from: 0, to: data.size }, (done) => {
      if (done % 10_000 === 0) log(`  loaded ${done} firms`);
    });
    const t = Date.now();
    await rebuildAggregates(c);
    return { ...stats, aggregatesMs: Date.now() - t };
  } finally {
    await c.end();
  }
}

export function parseArgs(argv: string[]): GenerateArgs {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const firms = Number(get('firms') ?? 74_000);
  const year = Number(get('year') ?? 2021);
  if (!Number.isInteger(firms) || firms < 1 || firms > 1_000_000) throw new Error('--firms: 1 … 1,000,000');
  if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new Error('--year: a calendar year');
  return {
    firms,
    year,
    seed: Number(get('seed') ?? year),
    tag: get('tag') ?? '0',
    out: get('out'),
    load: get('load'),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const data = new DataSet({ firms: args.firms, year: args.year, seed: args.seed, tag: args.tag });
  const out = args.out ?? (args.load ? undefined : `bench/data/firms-${args.firms}-${args.year}`);
  if (out) {
    const t = Date.now();
    const w = await writeExchange(data, resolve(out));
    console.log(`wrote ${w.rows} rows to ${out} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  if (args.load) {
    const s = await loadDataSet(data, args.load, console.log);
    console.log(
      `loaded ${s.firms} firms, ${s.returns} returns, ${s.lineItems} line items in ${(s.ms / 1000).toFixed(1)} s (+ aggregates ${(s.aggregatesMs / 1000).toFixed(1)} s)`,
    );
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
