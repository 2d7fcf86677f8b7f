// What loads before the desktop app can say anything: the static import graph
// (esbuild's metafile; `import type` is erased, `await import()` is not
// followed). A native module in it that fails to load (wrong ABI, missing
// binding) would crash before the single-instance lock and before any window,
// with Electron's English error box; lazily loaded, it becomes a device error
// or the app's own failure screen.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/** Packages reached from `entry` by static imports only. */
async function staticPackages(entry: string): Promise<Set<string>> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'node',
    packages: 'external',
    splitting: true,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = result.metafile.inputs;
  const packages = new Set<string>();
  const seen = new Set<string>();
  const walk = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of inputs[file]?.imports ?? []) {
      if (imp.kind !== 'import-statement') continue;
      if (imp.external) packages.add(imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0]!);
      else walk(imp.path);
    }
  };
  walk(entry);
  return packages;
}

describe('native modules load lazily', () => {
  it('opening the kiosk imports no serial or HID binding until a device is opened', async () => {
    const packages = await staticPackages('src/core/kiosk.ts');
    expect(packages.has('better-sqlite3')).toBe(true); // the walk does see packages
    for (const native of ['serialport', 'node-hid', 'koffi']) expect(packages, native).not.toContain(native);
  });

  it('Electron main imports no native module before it can show its own failure screen', async () => {
    const packages = await staticPackages('src/main/main.ts');
    expect(packages.has('electron')).toBe(true);
    for (const native of ['serialport', 'node-hid', 'koffi', 'better-sqlite3']) expect(packages, native).not.toContain(native);
  });
});
