import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS } from '../../../../../migrations';

/**
 * The migration list: every file once, no two with the same timestamp (TypeORM orders migrations by the timestamp in
 * the class name; branches written at the same time had picked the same one).
 */
describe('migrations/index.ts', () => {
  const stamp = (name: string) => Number(/(\d{13})$/.exec(name)?.[1]);

  it('lists every migration file once, by class name matching its file', () => {
    const files = readdirSync(join(__dirname, '../../../../../migrations'))
      .filter((f) => /^\d{13}-.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .map((f) => `${f.slice(14)}${f.slice(0, 13)}`)
      .sort();
    expect(MIGRATIONS.map((m) => m.name).sort()).toEqual(files);
  });

  it('gives no two migrations the same timestamp (TypeORM runs them in timestamp order)', () => {
    const stamps = MIGRATIONS.map((m) => stamp(m.name));
    expect(stamps.every((t) => Number.isFinite(t))).toBe(true);
    expect(stamps.filter((t, i) => stamps.indexOf(t) !== i)).toEqual([]);
  });
});
