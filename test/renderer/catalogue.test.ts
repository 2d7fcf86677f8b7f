// Every string key the screens ask for exists in the Chinese catalogue, so no
// screen ever shows a raw key like `desk.prompt` to a volunteer; and every
// string in the catalogue is shown somewhere (words nobody sees drift out of date).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { ERROR_CODES } from '../../src/shared/errors.js';

const rendererDir = resolve(import.meta.dirname, '../../src/renderer');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), zhCN);
}

describe('zh-CN catalogue', () => {
  const used = new Map<string, string>();
  // Keys built at run time (`desk.fee.${status}`, `errors.${code}`): every key under the prefix counts as used.
  const dynamicPrefixes = new Set<string>();
  for (const file of sources(rendererDir)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w-]*(?:\.[\w-]+)+)'/g)) used.set(m[1] ?? '', file);
    for (const m of text.matchAll(/`([a-zA-Z][\w-]*(?:\.[\w-]+)*)\.\$\{/g)) dynamicPrefixes.add(`${m[1] ?? ''}.`);
  }
  const leaves = (node: unknown, prefix = ''): string[] =>
    Object.entries(node as Record<string, unknown>).flatMap(([k, v]) =>
      v !== null && typeof v === 'object' && !Array.isArray(v) ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`],
    );

  it('finds the keys the screens use', () => {
    expect(used.size).toBeGreaterThan(50);
  });

  it('has a string for every literal key used in src/renderer', () => {
    const missing = [...used].filter(([key]) => lookup(key) === undefined).map(([key, file]) => `${key} (${file.slice(rendererDir.length + 1)})`);
    expect(missing).toEqual([]);
  });

  it('shows every string it holds: no key is left unused by the screens', () => {
    expect(dynamicPrefixes).toContain('errors.');
    const unused = leaves(zhCN).filter((key) => !used.has(key) && ![...dynamicPrefixes].some((p) => key.startsWith(p)));
    expect(unused).toEqual([]);
  });

  it('has a label for every export kind and every admin tab', () => {
    for (const k of ['signin-sheet', 'attendance-csv', 'attendance-xlsx', 'fees-pdf', 'fees-xlsx', 'absentees-pdf', 'absentees-xlsx', 'audit-csv']) {
      expect(typeof lookup(`admin.exports.kinds.${k}`), k).toBe('string');
    }
    for (const k of ['event', 'roster', 'settings', 'exports', 'stats']) expect(typeof lookup(`admin.tabs.${k}`), k).toBe('string');
  });

  it('words every error code of src/shared/errors.ts in Chinese, and no code that does not exist', () => {
    const worded = zhCN.errors as Record<string, string>;
    expect(ERROR_CODES.filter((code) => typeof worded[code] !== 'string' || !/[\u4e00-\u9fff]/.test(worded[code]))).toEqual([]);
    expect(Object.keys(worded).filter((code) => code !== 'unknown' && !(ERROR_CODES as readonly string[]).includes(code))).toEqual([]);
  });

  it('carries the dress rules of the notice for the display', () => {
    const rules = lookup('display.rules');
    expect(Array.isArray(rules)).toBe(true);
    expect((rules as string[]).join('')).toContain('白色有领衬衫');
  });
});
