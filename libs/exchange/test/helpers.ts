import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import countries from 'i18n-iso-countries';
import { ZipFile } from 'yazl';
import { withUsccCheck } from '@portal/shared';
import type { CodeLookup, ExchangeCodeList, ReadContext } from '../src';

const CODES_DIR = join(__dirname, '..', '..', 'shared', 'codes');
export const FIXTURES = join(__dirname, 'fixtures');

function readCodes(file: string): Record<string, string>[] {
  return parse(readFileSync(join(CODES_DIR, file), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
}

/** An in-memory CodeLookup over libs/shared/codes, as a province sees them (no versions: every code always valid). */
export function codeLookup(): CodeLookup {
  const regions = readCodes('regions_shaanxi.csv');
  const lists: Record<ExchangeCodeList, Set<string>> = {
    regions: new Set(regions.filter((r) => r.kind === 'city' || r.kind === 'district').map((r) => r.code)),
    zones: new Set(regions.filter((r) => r.kind === 'zone').map((r) => r.code)),
    'enterprise-natures': new Set(readCodes('enterprise_nature.csv').map((r) => r.code)),
    industries: new Set(readCodes('industries_gbt4754_2017.csv').map((r) => r.code)),
    'service-categories': new Set(
      readCodes('service_categories.csv')
        .filter((r) => r.provincial === 'Y')
        .map((r) => r.code),
    ),
    'outsourcing-level3': new Set(
      readCodes('outsourcing_categories.csv')
        .filter((r) => r.level === '3')
        .map((r) => r.code),
    ),
    'partner-economies': new Set(Object.keys(countries.getAlpha2Codes())),
    'technology-modes': new Set(readCodes('technology_modes.csv').map((r) => r.code)),
  };
  return { has: (list, code) => lists[list].has(code) };
}

/** A valid USCC for firm number n (registered in Xi'an). */
export function uscc(n: number): string {
  return withUsccCheck(`91610100${String(n).padStart(9, '0')}`);
}

/** A ReadContext with the code lists above, and the given firms and contracts already in the portal. */
export function context(
  known: { enterprises?: string[]; contracts?: Record<string, Record<string, string>> } = {},
): ReadContext & { asked: { enterprises: string[][]; contracts: string[][] } } {
  const asked = { enterprises: [] as string[][], contracts: [] as string[][] };
  const enterprises = new Set(known.enterprises ?? []);
  return {
    codes: codeLookup(),
    asked,
    knownEnterprises: async (usccs) => {
      asked.enterprises.push([...usccs]);
      return new Set(usccs.filter((u) => enterprises.has(u)));
    },
    knownContracts: async (usccs) => {
      asked.contracts.push([...usccs]);
      return new Map(usccs.map((u) => [u, new Map(Object.entries(known.contracts?.[u] ?? {}))]));
    },
  };
}

export interface ZipItem {
  name: string;
  data?: Buffer | string;
  /** Unix mode of the entry; a symlink is 0o120777. */
  mode?: number;
  compress?: boolean;
}

/** Builds a zip in memory with yazl. Names are written as given, so tests can plant hostile ones. */
export async function makeZip(items: ZipItem[]): Promise<Buffer> {
  const zip = new ZipFile();
  for (const item of items) {
    const data = typeof item.data === 'string' ? Buffer.from(item.data) : (item.data ?? Buffer.alloc(0));
    if (item.name.endsWith('/')) zip.addEmptyDirectory(item.name);
    else zip.addBuffer(data, item.name, { mode: item.mode, compress: item.compress });
  }
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
