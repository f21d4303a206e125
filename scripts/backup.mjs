// `npm run backup [-- <file>]`: a full backup of the portal's database (DATABASE_URL) with pg_dump in its custom
// format (compressed; restored with `npm run restore`, selectively with pg_restore). Everything the portal keeps is
// in that database, uploaded files and exports included; Redis holds only queues that the worker's sweep rebuilds.
// Default file: backups/portal-<UTC timestamp>.dump. The dump is listed with pg_restore afterwards, so a file that
// cannot be read back fails here, not on the day of the restore. See docs/operations.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is not set: which database to back up? (未设置 DATABASE_URL：请指定要备份的数据库)');
  process.exit(2);
}
const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, 'Z');
const file = resolve(process.argv[2] ?? `backups/portal-${stamp}.dump`);
mkdirSync(dirname(file), { recursive: true });

const dump = spawnSync(
  'pg_dump',
  ['--format=custom', '--compress=6', '--no-password', `--file=${file}`, `--dbname=${url}`],
  {
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
if (dump.error?.code === 'ENOENT') {
  console.error('pg_dump is not installed (Debian: apt-get install postgresql-client) / 未安装 pg_dump');
  process.exit(2);
}
if (dump.status !== 0) {
  console.error(`pg_dump failed (exit ${dump.status}) / 备份失败`);
  process.exit(1);
}
const list = spawnSync('pg_restore', ['--list', file], { encoding: 'utf8' });
if (list.status !== 0) {
  console.error(`the backup ${file} cannot be read back: ${list.stderr}`);
  process.exit(1);
}
const entries = list.stdout.split('\n').filter((l) => / TABLE DATA /.test(l)).length;
console.log(`backup written: ${file} (${statSync(file).size} bytes, ${entries} tables with data) / 备份完成`);
