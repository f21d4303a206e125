// The registry mirror reachable from our build machines does not serve every platform build of packages
// that ship native binaries as optional dependencies (@swc/core-darwin-arm64, @nx/nx-win32-x64-msvc, ...).
// `npm install` then leaves those entries out of package-lock.json and `npm ci` refuses the lockfile.
// This script adds the missing optional entries with os/cpu/libc read from the package name, so `npm ci`
// recognises them as another platform's build and skips them. Run it after every `npm install`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const OS = ['darwin', 'linux', 'win32', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const parts = name.split('/').pop().split('-');
  const os = parts.find((p) => OS.includes(p));
  const cpu = parts.find((p) => CPU.includes(p));
  if (!os || !cpu) return null;
  const libc = parts.some((p) => p.startsWith('musl'))
    ? 'musl'
    : os === 'linux' && parts.some((p) => p.startsWith('gnu'))
      ? 'glibc'
      : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!entry.optionalDependencies) continue;
  const base = path.includes('node_modules/') ? path.slice(0, path.lastIndexOf('node_modules/')) : '';
  for (const [dep, version] of Object.entries(entry.optionalDependencies)) {
    // Node resolution: the nearest node_modules up the tree that holds the dependency wins.
    const nearest = [`${path}/node_modules/${dep}`, `${base}node_modules/${dep}`, `node_modules/${dep}`].find(
      (c) => lock.packages[c],
    );
    // Optional dependencies may be declared as ranges (^17.9.0-beta.17); the lock holds the exact version.
    if (nearest && lock.packages[nearest].version === version.replace(/^[\^~=]/, '')) continue;
    const platform = platformOf(dep);
    if (!platform) continue;
    // This machine's own build must be a real entry (with its integrity and install script), never a placeholder.
    if (platform.os === process.platform && platform.cpu === process.arch && platform.libc !== 'musl') {
      console.warn(`complete-lockfile: ${dep} (this platform) is missing; run \`npm install\` again`);
      continue;
    }
    lock.packages[nearest ? `${base}node_modules/${dep}` : `node_modules/${dep}`] = {
      version: version.replace(/^[\^~=]/, ''),
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      os: [platform.os],
      cpu: [platform.cpu],
      ...(platform.libc ? { libc: [platform.libc] } : {}),
    };
    added += 1;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, JSON.stringify(lock, null, 2) + '\n');
console.log(`complete-lockfile: ${added} optional platform entries added`);
