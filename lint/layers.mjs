// The layers of src/ as an allow-list (docs/architecture.md): each folder names
// the folders and the npm packages it may import; anything else is a lint
// error until someone places it. Every dependency in package.json is either
// allowed to some layer or listed as a tool of the build, the tests or the
// packaging; an unclassified one stops lint with a message saying so.
import { builtinModules } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = resolve(root, 'src');

/** node: whether Node's built-ins are allowed (shared, preload and renderer run without Node). */
export const LAYERS = {
  shared: { folders: ['shared'], packages: ['zod'], node: false },
  db: { folders: ['db', 'shared'], packages: ['better-sqlite3'], node: true },
  hardware: { folders: ['hardware', 'shared'], packages: ['serialport', 'node-hid', 'koffi', 'receiptline', 'iconv-lite'], node: true },
  core: {
    folders: ['core', 'db', 'hardware', 'shared'],
    packages: ['better-sqlite3', 'pdfkit', '@e965/xlsx', 'iconv-lite', 'pino', '@embedpdf/fonts-sc', '@embedpdf/fonts-tc'],
    node: true,
  },
  server: { folders: ['server', 'core', 'shared'], packages: ['fastify', '@fastify/static', 'ws', 'pino'], node: true },
  // A client of a kiosk server over HTTP (the forwarder of a second door, the desktop app as a desk): reads its own reader, talks to the server.
  client: { folders: ['client', 'core', 'hardware', 'shared'], packages: ['ws'], node: true },
  main: { folders: ['main', 'client', 'core', 'shared'], packages: ['electron'], node: true },
  preload: { folders: ['preload', 'shared'], packages: ['electron'], node: false },
  // An entry point: it wires whatever the command needs, nothing imports it.
  cli: { folders: ['cli', 'client', 'server', 'core', 'db', 'hardware', 'shared'], packages: ['serialport', 'node-hid'], node: true },
  renderer: { folders: ['renderer', 'shared'], packages: ['react', 'react-dom', 'i18next', 'react-i18next', 'signature_pad'], node: false },
};

/** Dependencies no layer imports: build, test, lint and packaging tools. */
export const TOOLS = [
  '@doyensec/electronegativity',
  '@eslint/js',
  '@types/better-sqlite3',
  '@types/node',
  '@types/pdfkit',
  '@types/react',
  '@types/react-dom',
  '@types/ws',
  '@vitejs/plugin-react',
  'electron-builder',
  'esbuild',
  'eslint',
  'fast-check',
  'globals',
  'jsqr',
  'playwright-core',
  'tsx',
  'typescript',
  'typescript-eslint',
  'vite',
  'vitest',
];

/** The dependencies of a package.json that no layer may import and that are not tools. */
export function unplacedDependencies(pkg) {
  const placed = new Set([...Object.values(LAYERS).flatMap((l) => l.packages), ...TOOLS]);
  return Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((d) => !placed.has(d));
}

const unplaced = unplacedDependencies(JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')));
if (unplaced.length > 0) {
  throw new Error(`lint/layers.mjs: package.json lists ${unplaced.join(', ')}, which no layer may import and which is not a tool; place each in LAYERS or TOOLS`);
}

const builtins = new Set(builtinModules);
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const layerOf = (file) => {
  const rel = relative(src, file);
  if (rel.startsWith('..')) return null;
  return rel.split(sep)[0] ?? null;
};

function check(context, node, spec) {
  if (typeof spec !== 'string') return;
  const file = context.filename;
  const from = layerOf(file);
  const layer = from === null ? undefined : LAYERS[from];
  if (layer === undefined) return;
  const say = (what) => context.report({ node, message: `src/${from} may not import ${what}; it may import src/{${layer.folders.join(',')}}${layer.packages.length ? ` and ${layer.packages.join(', ')}` : ''}${layer.node ? ' and Node built-ins' : ''} (lint/layers.mjs)` });
  if (spec.startsWith('.')) {
    const target = layerOf(resolve(dirname(file), spec));
    if (target === null) return say(`"${spec}" (outside src/)`);
    if (!layer.folders.includes(target)) say(`src/${target} ("${spec}")`);
    return;
  }
  if (spec.startsWith('node:') || builtins.has(spec)) {
    if (!layer.node) say(`the Node built-in "${spec}"`);
    return;
  }
  if (!layer.packages.includes(packageOf(spec))) say(`the package "${packageOf(spec)}"`);
}

const sourceOf = (node) => (node.source && node.source.type === 'Literal' ? node.source.value : undefined);

export const layersPlugin = {
  rules: {
    'allowed-imports': {
      meta: { type: 'problem', schema: [] },
      create(context) {
        return {
          ImportDeclaration: (node) => check(context, node, sourceOf(node)),
          ExportNamedDeclaration: (node) => check(context, node, sourceOf(node)),
          ExportAllDeclaration: (node) => check(context, node, sourceOf(node)),
          ImportExpression: (node) => check(context, node, node.source.type === 'Literal' ? node.source.value : undefined),
          // `import('./types.js').LiveEvent` in a type position
          TSImportType: (node) => {
            const arg = node.argument;
            check(context, node, arg?.literal?.value ?? arg?.value);
          },
        };
      },
    },
  },
};
