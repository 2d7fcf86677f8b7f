// The layer allow-list (lint/layers.mjs) run through ESLint itself on code
// placed in each layer: what a layer may import passes, anything else fails.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { LAYERS, unplacedDependencies } from '../../lint/layers.mjs';

const eslint = new ESLint({ cwd: process.cwd() });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const used = x;\n`, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('layers as an allow-list', () => {
  it.each([
    ['src/shared/x.ts', "import x from 'better-sqlite3';", 'the package "better-sqlite3"'],
    ['src/shared/x.ts', "import { x } from 'node:fs';", 'the Node built-in "node:fs"'],
    ['src/renderer/x.ts', "import { x } from 'serialport';", 'the package "serialport"'],
    ['src/renderer/x.ts', "import { x } from '../core/kiosk.js';", 'src/core'],
    ['src/hardware/x.ts', "import x from 'pdfkit';", 'the package "pdfkit"'],
    ['src/server/x.ts', "import x from 'react';", 'the package "react"'],
    ['src/core/x.ts', "import { x } from '../server/server.js';", 'src/server'],
    ['src/core/x.ts', "import { x } from 'electron';", 'the package "electron"'],
    ['src/db/x.ts', "export { x } from '../core/kiosk.js';", 'src/core'],
    ['src/preload/x.ts', "const x = await import('../core/kiosk.js');", 'src/core'],
    ['src/shared/x.ts', "type x = import('../core/kiosk.js').Kiosk;", 'src/core'],
    ['src/main/x.ts', "import { x } from '../../test/core/helpers.js';", 'outside src/'],
    ['src/client/x.ts', "import { x } from '../server/server.js';", 'src/server'],
    ['src/main/x.ts', "import { x } from '../hardware/printer.js';", 'src/hardware'],
  ])('%s: %s is refused', async (file, code, what) => {
    const found = await problems(file, code);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(what);
  });

  it.each([
    ['src/core/x.ts', "import { x } from '../hardware/printer.js';"],
    ['src/core/x.ts', "import x from '@e965/xlsx/dist/whatever.js';"],
    ['src/renderer/x.ts', "import { x } from 'react-dom/client';"],
    ['src/cli/x.ts', "import { x } from '../db/connection.js';"],
    ['src/hardware/x.ts', "import { x } from 'node:net';"],
    ['src/client/x.ts', "import WebSocket from 'ws';"],
    ['src/main/x.ts', "import { x } from '../client/remote-kiosk.js';"],
    ['test/x.ts', "import { x } from '../src/core/kiosk.js';"],
  ])('%s: %s is allowed', async (file, code) => {
    expect(await problems(file, code)).toEqual([]);
  });

  it('every dependency is placed in a layer or named a tool; an unplaced one is named', () => {
    expect(Object.keys(LAYERS).sort()).toEqual(['cli', 'client', 'core', 'db', 'hardware', 'main', 'preload', 'renderer', 'server', 'shared']);
    expect(unplacedDependencies({ dependencies: { zod: '4', 'left-pad': '1' }, devDependencies: { vitest: '4' } })).toEqual(['left-pad']);
  });
});
