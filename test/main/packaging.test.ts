// electron-builder.yml checked as far as possible without downloading
// Electron: electron-builder's own schema validation, then what the app needs
// at run time (fuses, unpacked native modules, the files main loads).
import { readFileSync } from 'node:fs';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

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

  it('unpacks and rebuilds every native module the app depends on', async () => {
    const config = await load();
    expect(config.asar).toBe(true);
    expect(config.npmRebuild).toBe(true);
    const unpack = (config.asarUnpack as string[]).join('\n');
    for (const native of ['better-sqlite3', 'node-hid', 'koffi']) {
      expect(pkg.dependencies[native]).toBeDefined();
      expect(unpack).toContain(`node_modules/${native}/`);
    }
    expect(pkg.dependencies.serialport).toBeDefined();
    expect(unpack).toContain('node_modules/@serialport/bindings-cpp/');
    expect(unpack).toContain('**/*.node');
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
  });

  it('ships a 512x512 PNG icon', () => {
    const png = readFileSync('assets/icons/icon.png');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
  });
});
