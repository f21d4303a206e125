// `npm run restore -- <file> [--clean]`: restores a backup of `npm run backup` into the database of DATABASE_URL,
// in one transaction (all or nothing), without the original owner and grants (the connecting user owns the
// restored objects). The target must be empty (a fresh `CREATE DATABASE`) unless --clean is given, which drops the
// portal's objects first. Stop the API and the workers before restoring over a live database. After a restore,
// `npm run migrate` brings an older backup up to the running version. See docs/operations.md.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import pg from 'pg';

const args = process.argv.slice(2);
const clean = args.includes('--clean');
const file = args.find((a) => !a.startsWith('--'));
const url = process.env.DATABASE_URL;
if (!file || !existsSync(file) || !url) {
  console.error(
    'usage: DATABASE_URL=postgres://… npm run restore -- <backup file> [--clean]\n' +
      '用法：设置 DATABASE_URL 为目标数据库，并给出备份文件路径',
  );
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
const [{ n }] = (
  await client.query(
    `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
  )
).rows;
await client.end();
if (n > 0 && !clean) {
  console.error(
    `the target database already has ${n} tables: restore into an empty database, or pass --clean to replace them\n` +
      `目标数据库不是空的（${n} 张表）：请恢复到新建的空数据库，或加 --clean 覆盖`,
  );
  process.exit(1);
}
const restore = spawnSync(
  'pg_restore',
  [
    '--no-owner',
    '--no-privileges',
    '--single-transaction',
    '--exit-on-error',
    ...(clean ? ['--clean', '--if-exists'] : []),
    `--dbname=${url}`,
    file,
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);
if (restore.error?.code === 'ENOENT') {
  console.error('pg_restore is not installed (Debian: apt-get install postgresql-client) / 未安装 pg_restore');
  process.exit(2);
}
if (restore.status !== 0) {
  console.error(`pg_restore failed (exit ${restore.status}); nothing was changed / 恢复失败，数据库未改动`);
  process.exit(1);
}
console.log(`restored ${file} / 恢复完成`);
