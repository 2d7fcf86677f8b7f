// Bundles each preload into ONE CommonJS file: a sandboxed preload can only
// require('electron') (and a few Node-free modules), so what it takes from
// src/shared goes inside. Output: dist/preload/preload.cjs (the app's pages) and
// dist/preload/shell-preload.cjs (the kiosk-exit prompt), both loaded by main.
// The preload needs only ApiError and channel names, not the zod schemas: the
// build drops them (src/shared marked side-effect free, `op` in contract.ts is
// annotated @__NO_SIDE_EFFECTS__) and fails if they come back.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

// An argument overrides the app preload's output file (tests bundle into a temp folder);
// the shell preload goes beside it.
const OUTFILE = process.argv[2] ?? 'dist/preload/preload.cjs';
const MAX_BYTES = 20_000;

for (const [entry, outfile] of [
  ['src/preload/preload.ts', OUTFILE],
  ['src/preload/shell-preload.ts', join(dirname(OUTFILE), 'shell-preload.cjs')],
]) {
  await bundle(entry, outfile);
}

async function bundle(entry, outfile) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    // Electron 38 ships Chromium 140.
    target: 'chrome140',
    external: ['electron'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    // `opNames = Object.keys(contract)` must not keep the contract alive.
    pure: ['Object.keys'],
    plugins: [
      {
        name: 'shared-without-side-effects',
        setup(b) {
          b.onResolve({ filter: /^\.\.?\// }, async (args) => {
            if (args.pluginData === 'inner') return undefined;
            const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'inner' });
            if (r.errors.length > 0 || !/[\\/]src[\\/]shared[\\/]/.test(r.path)) return undefined;
            return { path: r.path, namespace: r.namespace, sideEffects: false };
          });
        },
      },
    ],
    logLevel: 'warning',
  });

  // Anything but `electron` required at run time would fail in the sandbox.
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
  const foreign = imports.filter((p) => p !== 'electron');
  if (foreign.length > 0) {
    console.error(`error: the preload bundle requires ${foreign.join(', ')}; a sandboxed preload may only require electron`);
    process.exit(1);
  }

  const inputs = Object.values(result.metafile.outputs).flatMap((o) => Object.keys(o.inputs).filter((i) => o.inputs[i].bytesInOutput > 0));
  const zod = inputs.filter((i) => i.includes('node_modules/zod/') || i.endsWith('shared/schemas.ts'));
  const bytes = statSync(outfile).size;
  if (zod.length > 0 || bytes > MAX_BYTES) {
    console.error(`error: the preload bundle is ${bytes} bytes and includes ${zod.length > 0 ? zod.slice(0, 3).join(', ') : 'no zod'}; it should hold only the bridge (under ${MAX_BYTES} bytes)`);
    process.exit(1);
  }
}
