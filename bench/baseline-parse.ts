import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { In } from 'typeorm';
import { readBundle } from '@portal/exchange';
import { createDataSource } from '../apps/api/src/core/database/data-source';
import { CodeItemEntity } from '../apps/api/src/modules/codes/code-item.entity';
import { VersionedCodeLookup } from '../apps/api/src/modules/exchange/code-lookup';

/*
 * Baseline of the import benchmark: reading and checking the bundle only (readBundle with the portal's code
 * lists, as ImportsService.parseBundle), nothing written. Prints {"seconds": …, "peakRssMb": …, "idleRssMb": …}: the
 * process's own peak resident memory (getrusage) and its resident memory before reading, so the import's peak can
 * be split into what parsing the whole bundle holds and what writing adds.
 */
const LISTS = [
  'regions',
  'service-categories',
  'outsourcing-categories',
  'enterprise-natures',
  'industries',
  'partner-economies',
];

async function main() {
  const [url, file] = process.argv.slice(2);
  const ds = createDataSource(url);
  await ds.initialize();
  const idleRssMb = process.memoryUsage().rss / 1048576;
  const t = performance.now();
  const codes = new VersionedCodeLookup(await ds.getRepository(CodeItemEntity).findBy({ list: In(LISTS) }));
  const result = await readBundle(
    { name: 'bundle.zip', data: readFileSync(file) },
    { codes, knownEnterprises: async () => new Set(), knownContracts: async () => new Map() },
  );
  const seconds = (performance.now() - t) / 1000;
  await ds.destroy();
  if (!result.ok) throw new Error(`the bundle does not read: ${JSON.stringify(result.errors.slice(0, 3))}`);
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    JSON.stringify({
      seconds: Number(seconds.toFixed(2)),
      peakRssMb: Number(peakRssMb.toFixed(1)),
      idleRssMb: Number(idleRssMb.toFixed(1)),
    }),
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
