// electron-builder.yml checked as far as possible without downloading
// Electron: electron-builder's own schema validation, then what the app needs
// at run time (fuses, unpacked native modules, the files main loads).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { resolveFunction } from 'app-builder-lib/out/util/resolve.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { sqliteBindingPath } from '../../src/main/native.js';
// @ts-expect-error a build script in plain JavaScript, without types
import { beforePack, nativeDir } from '../../scripts/electron-native.mjs';

const load = () => getConfig(process.cwd(), 'electron-builder.yml', null);
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { main: string; dependencies: Record<string, string>; scripts: Record<string, string> };

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    const config = await load();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('would reject a misspelt option (the validation can fail)', async () => {
    const config = { ...(await load()), electronFuse: { runAsNode: false } } as never;
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/electronFuse/);
  });

  it('names the product in Chinese with ASCII executables and artifacts', async () => {
    const config = await load();
    expect(config.productName).toBe('刷证排号');
    expect(config.executableName).toBe('swipequeue');
    expect(config.nsis?.artifactName).toMatch(/^[\x20-\x7e]+$/);
    expect(config.linux?.artifactName).toMatch(/^[\x20-\x7e]+$/);
  });

  it('builds NSIS + portable for Windows x64 and AppImage + deb for Linux', async () => {
    const config = await load();
    const targets = (t: unknown) => (t as { target: string; arch: string[] }[]).map((x) => `${x.target}:${x.arch.join(',')}`);
    expect(targets(config.win?.target)).toEqual(['nsis:x64', 'portable:x64']);
    expect(targets(config.linux?.target)).toEqual(['AppImage:x64', 'deb:x64']);
  });

  it('flips the security fuses', async () => {
    const fuses = (await load()).electronFuses;
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });

  it('unpacks the Node-API native modules and never rebuilds node_modules for Electron', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    // A rebuild in the project folder would leave better-sqlite3 built for Electron: npm test and the CLI would fail.
    expect(config.npmRebuild).toBe(false);
    const unpack = (config.asarUnpack as string[]).join('\n');
    for (const native of ['node-hid', 'koffi']) {
      expect(pkg.dependencies[native]).toBeDefined();
      expect(unpack).toContain(`node_modules/${native}/`);
    }
    expect(pkg.dependencies.serialport).toBeDefined();
    expect(unpack).toContain('node_modules/@serialport/bindings-cpp/');
    expect(unpack).toContain('**/*.node');
    // Their bindings are Node-API prebuilds for every platform: no rebuild needed for Electron.
    expect(existsSync('node_modules/@serialport/bindings-cpp/prebuilds/win32-x64')).toBe(true);
    expect(readdirSync('node_modules/node-hid/prebuilds/HID-win32-x64')).toEqual([expect.stringMatching(/napi/)]);
  });

  it('packs better-sqlite3 built for Electron where main looks for it, and not the Node build', async () => {
    const config = await load();
    // The hook electron-builder runs before packing each platform resolves to the script's beforePack.
    const hook = await resolveFunction('module', config.beforePack as string, 'beforePack', process.cwd());
    // (Node's own import, so another module instance than vitest's: compared by source.)
    expect(typeof hook).toBe('function');
    expect(String(hook)).toBe(String(beforePack));
    const extra = config.extraResources as { from: string; to: string; filter: string[] }[];
    expect(extra).toHaveLength(1);
    const { from, to, filter } = extra[0]!;
    expect(filter).toEqual(['better_sqlite3.node']);
    // electron-builder expands ${os} (win, linux, mac) and ${arch}; the script writes the same folder.
    for (const [platform, os] of [['win32', 'win'], ['linux', 'linux']] as const) {
      const expanded = from.replace('${os}', os).replace('${arch}', 'x64');
      expect(resolve(expanded)).toBe(nativeDir(process.cwd(), platform, 'x64'));
      // …and main, packaged, loads resources/<to>/better_sqlite3.node; from source, the script's folder.
      expect(sqliteBindingPath({ isPackaged: true, resourcesPath: '/opt/app/resources', appPath: '/x', platform, arch: 'x64' })).toBe(join('/opt/app/resources', to, 'better_sqlite3.node'));
      expect(sqliteBindingPath({ isPackaged: false, resourcesPath: '/x', appPath: process.cwd(), platform, arch: 'x64' })).toBe(join(resolve(expanded), 'better_sqlite3.node'));
    }
    const files = (config.files as { filter: string[] }[]).flatMap((f) => f.filter);
    expect(files).toContain('!node_modules/better-sqlite3/{build,deps,src}/**');
  });

  it('packs the files main loads at run time', async () => {
    // electron-builder normalises the list into [{filter: [...]}].
    const files = ((await load()).files as { filter: string[] }[]).flatMap((f) => f.filter);
    expect(pkg.main).toBe('dist/main/main.js');
    expect(files).toEqual(expect.arrayContaining(['package.json', 'dist/**/*', 'assets/icons/**/*']));
    expect(files).not.toContain('!dist/preload/preload.cjs');
    expect(pkg.scripts.build).toContain('scripts/build-preload.mjs');
    expect(pkg.scripts['dist:win']).toMatch(/electron-builder --win/);
    expect(pkg.scripts['dist:linux']).toMatch(/electron-builder --linux/);
    expect(pkg.scripts['app:dev']).toBe('npm run build && node scripts/app-dev.mjs');
  });

  it('ships a 512x512 PNG icon', () => {
    const png = readFileSync('assets/icons/icon.png');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
  });
});
