// `npm run app:dev [-- --kiosk --reader=demo …]`: the desktop app from source,
// on a machine that can download Electron (the offline development machines
// cannot; tests never launch it).
//   1. the Electron binary: `npm ci` skips it (.npmrc), so it is fetched here;
//   2. better-sqlite3 built for Electron, beside node_modules (scripts/electron-native.mjs);
//   3. `electron .` with the arguments given (src/main/config.ts lists them).
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureElectronSqlite } from './electron-native.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The environment without what keeps Electron from being downloaded (.npmrc's node-options). */
export function withoutDownloadBlock(env) {
  const out = { ...env };
  delete out.ELECTRON_SKIP_BINARY_DOWNLOAD;
  if (out.NODE_OPTIONS !== undefined) {
    const kept = out.NODE_OPTIONS.split(/\s+/).filter((o) => o !== '' && !o.includes('ELECTRON_SKIP_BINARY_DOWNLOAD'));
    if (kept.length > 0) out.NODE_OPTIONS = kept.join(' ');
    else delete out.NODE_OPTIONS;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const env = withoutDownloadBlock(process.env);
  const install = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron', 'install.js')], { stdio: 'inherit', env });
  if (install.status !== 0) {
    console.error('error: the Electron binary could not be downloaded (set ELECTRON_MIRROR behind a mirror)');
    process.exit(1);
  }
  try {
    ensureElectronSqlite();
  } catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
  const electron = createRequire(import.meta.url)('electron');
  const child = spawn(electron, ['.', ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit', env });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
