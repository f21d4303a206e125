import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditService } from '../../src/modules/audit/audit.service';
import { startTestStack, type TestStack } from '../utils/app';
import { databaseUrl, withAdmin } from '../utils/db';
import { ROOT } from '../utils/processes';

/** Every table of the public schema: its row count and an md5 of all its rows in a fixed order. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const tables = (
      await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`)
    ).rows.map((r) => r.tablename as string);
    const out: Record<string, string> = {};
    for (const t of tables) {
      const [{ n, h }] = (
        await c.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h
                         FROM "${t}" x`)
      ).rows;
      out[t] = `${n}:${h}`;
    }
    return out;
  } finally {
    await c.end();
  }
}

const run = (script: string, args: string[], url: string) =>
  spawnSync(process.execPath, [script, ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });

/**
 * The restore drill (issue 18): the demo data (firms, returns, the audit chain, the published official tables and
 * their snapshot digests) backed up with `npm run backup`, restored with `npm run restore` into a fresh database,
 * and found identical there, table by table; the audit chain verifies in the restored database.
 */
describe('backup and restore drill', () => {
  let s: TestStack;
  let restored: TestStack | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'portal-backup-'));
  const target = `portal_test_restore_${randomBytes(5).toString('hex')}`;

  beforeAll(async () => {
    s = await startTestStack();
    // Activity on top of the demo data, so the audit chain has entries written through the API.
    expect((await s.call('GET', '/api/returns', { as: 'firm-xian-1' })).status).toBe(200);
    await withAdmin((c) => c.query(`CREATE DATABASE ${target}`));
  }, 120_000);

  afterAll(async () => {
    await restored?.close();
    await s.close();
    await withAdmin((c) => c.query(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('restores into a fresh database every table row for row, and the audit chain verifies there', async () => {
    const source = s.config.DATABASE_URL!;
    const before = await fingerprint(source);
    expect(Number(before.audit_log.split(':')[0])).toBeGreaterThan(0);
    expect(Number(before.agg_snapshot.split(':')[0])).toBeGreaterThan(0);
    const file = join(dir, 'drill.dump');

    const backup = run('scripts/backup.mjs', [file], source);
    expect(backup.status).toBe(0);
    expect(backup.stdout).toMatch(/^backup written: .*drill\.dump \(\d+ bytes, \d+ tables with data\)/);

    const restore = run('scripts/restore.mjs', [file], databaseUrl(target));
    expect(restore.status).toBe(0);
    expect(await fingerprint(databaseUrl(target))).toEqual(before);

    restored = await startTestStack({ demo: false, databaseUrl: databaseUrl(target) });
    const verify = await restored.app.get(AuditService).verify();
    expect(verify).toMatchObject({ ok: true, breakCount: 0, checked: Number(before.audit_log.split(':')[0]) });

    // A second restore over the now non-empty database is refused without --clean, and changes nothing.
    const again = run('scripts/restore.mjs', [file], databaseUrl(target));
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already has \d+ tables[\s\S]*目标数据库不是空的/);
  }, 300_000);
});
