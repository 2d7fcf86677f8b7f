// better-sqlite3 built for Electron, kept apart from node_modules.
//
// node_modules/better-sqlite3 stays built for Node (tests, the CLI, `serve`).
// Electron has its own ABI (NODE_MODULE_VERSION), so the desktop app loads a
// second copy of the binding through better-sqlite3's `nativeBinding` option
// (src/main/native.ts): build/electron-native/<os>-<arch>/better_sqlite3.node,
// packaged as resources/native/better_sqlite3.node (electron-builder.yml).
// serialport and node-hid need nothing: their prebuilt bindings use Node-API,
// which Electron loads as they are.
//
//   node scripts/electron-native.mjs [--platform=win32] [--arch=x64]
//
// First the prebuilt binding for this Electron version is downloaded (GitHub
// releases of better-sqlite3, by prebuild-install); if there is none, it is
// compiled with node-gyp against Electron's headers, which works only for the
// machine's own platform and needs Python and a C++ compiler. Both need
// internet. electron-builder runs this as its beforePack hook, for the
// platform and architecture it packs.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, closeSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** electron-builder's `${os}` for a Node platform name. */
export const osOf = (platform) => ({ win32: 'win', darwin: 'mac', linux: 'linux' })[platform] ?? platform;

/** Where the Electron build of the binding goes (the folder electron-builder.yml packs). */
export function nativeDir(root, platform, arch) {
  return join(root, 'build', 'electron-native', `${osOf(platform)}-${arch}`);
}

/** The first bytes of a binding for each platform: PE (MZ), ELF, Mach-O (64-bit, either byte order, or universal). */
export function isBindingFor(head, platform) {
  if (head.length < 4) return false;
  if (platform === 'win32') return head[0] === 0x4d && head[1] === 0x5a;
  if (platform === 'linux') return head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
  if (platform === 'darwin') {
    const magic = head.readUInt32BE(0);
    return [0xfeedfacf, 0xcffaedfe, 0xcafebabe].includes(magic);
  }
  return false;
}

/** prebuild-install's arguments for one Electron target. */
export function prebuildArgs({ electron, platform, arch }) {
  return ['--runtime', 'electron', '--target', electron, '--platform', platform, '--arch', arch, '--verbose'];
}

/** node-gyp's arguments to compile against Electron's headers. */
export function nodeGypArgs({ electron, arch }) {
  return ['rebuild', '--release', `--target=${electron}`, `--arch=${arch}`, '--dist-url=https://electronjs.org/headers'];
}

const versionOf = (pkg) => JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')).version;

function head(file) {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, 0);
    return b;
  } finally {
    closeSync(fd);
  }
}

/** Makes sure the Electron build for `platform`/`arch` exists; returns its path. */
export function ensureElectronSqlite({ platform = process.platform, arch = process.arch, force = false } = {}) {
  const electron = versionOf('electron');
  const sqlite = versionOf('better-sqlite3');
  const dir = nativeDir(ROOT, platform, arch);
  const out = join(dir, 'better_sqlite3.node');
  const stampFile = join(dir, 'better_sqlite3.json');
  const stamp = JSON.stringify({ electron, betterSqlite3: sqlite, platform, arch });
  if (!force && existsSync(out) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return out;

  const work = mkdtempSync(join(tmpdir(), 'sq-electron-native-'));
  try {
    // A copy of the package without its Node build: nothing in node_modules is touched.
    const pkgDir = join(work, 'better-sqlite3');
    cpSync(join(ROOT, 'node_modules', 'better-sqlite3'), pkgDir, { recursive: true, filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`) });
    const built = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
    const run = (file, args) => spawnSync(process.execPath, [file, ...args], { cwd: pkgDir, stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron' } });
    const fetched = run(join(ROOT, 'node_modules', 'prebuild-install', 'bin.js'), prebuildArgs({ electron, platform, arch }));
    if (fetched.status !== 0 || !existsSync(built)) {
      if (platform !== process.platform || arch !== process.arch) {
        throw new Error(`no prebuilt better-sqlite3 ${sqlite} for Electron ${electron} on ${platform}-${arch} could be downloaded, and it can only be compiled on ${platform}-${arch} itself`);
      }
      console.error(`electron-native: no prebuilt binding downloaded; compiling better-sqlite3 ${sqlite} for Electron ${electron} (needs Python and a C++ compiler)`);
      const compiled = run(join(ROOT, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), nodeGypArgs({ electron, arch }));
      if (compiled.status !== 0 || !existsSync(built)) throw new Error(`compiling better-sqlite3 for Electron ${electron} failed (exit ${compiled.status ?? compiled.signal})`);
    }
    if (!isBindingFor(head(built), platform)) throw new Error(`${built} is not a ${platform} binary`);
    mkdirSync(dir, { recursive: true });
    copyFileSync(built, out);
    writeFileSync(stampFile, stamp);
    console.error(`electron-native: ${out} (better-sqlite3 ${sqlite}, Electron ${electron}, ${platform}-${arch})`);
    return out;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** builder-util's Arch enum, by number. */
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/** electron-builder's beforePack hook (electron-builder.yml): the binding for the platform being packed. */
export async function beforePack(context) {
  const arch = typeof context.arch === 'number' ? ARCH_NAMES[context.arch] : context.arch;
  ensureElectronSqlite({ platform: context.electronPlatformName, arch });
}
export default beforePack;

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  try {
    ensureElectronSqlite({ platform: arg('platform') ?? process.platform, arch: arg('arch') ?? process.arch, force: process.argv.includes('--force') });
  } catch (e) {
    console.error(`error: ${e.message}`);
    process.exit(1);
  }
}
