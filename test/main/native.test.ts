// The two builds of better-sqlite3: node_modules keeps Node's (tests, CLI,
// serve); the desktop app loads its Electron build through `nativeBinding`.
// Electron and its headers cannot be downloaded here, so what is checked is
// that the option really reaches better-sqlite3, and the build script's own
// decisions (which download, which compile, which binary is acceptable).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openKiosk } from '../../src/core/kiosk.js';
import { osOf, sqliteBindingPath } from '../../src/main/native.js';
// @ts-expect-error a build script in plain JavaScript, without types
import { isBindingFor, nativeDir, nodeGypArgs, osOf as scriptOsOf, prebuildArgs } from '../../scripts/electron-native.mjs';
// @ts-expect-error a build script in plain JavaScript, without types
import { withoutDownloadBlock } from '../../scripts/app-dev.mjs';
import { tmpDbFile } from '../core/helpers.js';

const require = createRequire(import.meta.url);
const nodeBuild = join(require.resolve('better-sqlite3/package.json'), '..', 'build', 'Release', 'better_sqlite3.node');
const electronVersion = (require('electron/package.json') as { version: string }).version;

describe('the kiosk opens its database with the binding it is given', () => {
  it('loads the named binding file (here node_modules’ own Node build)', async () => {
    const kiosk = await openKiosk({ dbFile: tmpDbFile(), reader: 'none', printer: 'none', sqliteBinding: nodeBuild });
    await kiosk.close();
  });

  it('fails naming the file when the Electron build is missing, instead of silently using the Node build', async () => {
    const missing = join(tmpDbFile(), '..', 'no-such', 'better_sqlite3.node');
    await expect(openKiosk({ dbFile: tmpDbFile(), reader: 'none', printer: 'none', sqliteBinding: missing })).rejects.toThrow(/no-such[/\\]better_sqlite3\.node/);
  });
});

describe('scripts/electron-native.mjs', () => {
  it('asks for the Electron prebuild of this Electron version, and compiles against its headers otherwise', () => {
    expect(prebuildArgs({ electron: electronVersion, platform: 'win32', arch: 'x64' })).toEqual(['--runtime', 'electron', '--target', electronVersion, '--platform', 'win32', '--arch', 'x64', '--verbose']);
    expect(nodeGypArgs({ electron: electronVersion, arch: 'x64' })).toEqual(['rebuild', '--release', `--target=${electronVersion}`, '--arch=x64', '--dist-url=https://electronjs.org/headers']);
  });

  it('accepts only a binary for the platform being packed', () => {
    const elf = readFileSync(nodeBuild).subarray(0, 4);
    expect(isBindingFor(elf, 'linux')).toBe(process.platform === 'linux');
    expect(isBindingFor(elf, 'win32')).toBe(false);
    expect(isBindingFor(Buffer.from('MZ\x90\x00', 'latin1'), 'win32')).toBe(true);
    expect(isBindingFor(Buffer.from([0xcf, 0xfa, 0xed, 0xfe]), 'darwin')).toBe(true);
    expect(isBindingFor(Buffer.from('MZ'), 'win32')).toBe(false); // truncated
  });

  it('writes where main looks for it when run from source', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      expect(scriptOsOf(platform)).toBe(osOf(platform));
      const fromSource = sqliteBindingPath({ isPackaged: false, resourcesPath: '', appPath: process.cwd(), platform, arch: 'x64' });
      expect(fromSource).toBe(join(nativeDir(process.cwd(), platform, 'x64'), 'better_sqlite3.node'));
    }
  });
});

describe('scripts/app-dev.mjs', () => {
  it('lets the Electron binary download that .npmrc blocks for npm ci, keeping other Node options', () => {
    const env = {
      PATH: '/usr/bin',
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
      NODE_OPTIONS: '--max-old-space-size=4096 --import=data:text/javascript,process.env.ELECTRON_SKIP_BINARY_DOWNLOAD%3D1',
    };
    expect(withoutDownloadBlock(env)).toEqual({ PATH: '/usr/bin', NODE_OPTIONS: '--max-old-space-size=4096' });
    expect(withoutDownloadBlock({ NODE_OPTIONS: '--import=data:text/javascript,process.env.ELECTRON_SKIP_BINARY_DOWNLOAD%3D1' })).toEqual({});
  });
});
