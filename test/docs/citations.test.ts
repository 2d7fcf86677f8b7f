// The repository explains itself: no file cites the spec documents kept
// outside it, and every docs/<file>.md a file cites exists, with the section
// it names (docs/interfaces.md §1.4 needs a heading "### 1.4").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SELF = relative(ROOT, fileURLToPath(import.meta.url));
const SCANNED = ['src', 'test', 'bench', 'scripts', 'lint', 'docs', 'README.md'];
/** Where docs are cited: comments of the code and its tests, the docs themselves, the README. */
const CITING = ['src', 'test', 'bench', 'scripts', 'lint', 'docs', 'README.md'];
const TEXT = /\.(ts|tsx|mts|mjs|cjs|js|sql|md|json|css|html|c|h|yml|yaml|txt|csv)$/;

/** Names of documents that live outside the repository, and the folder of the university notices. */
const OUTSIDE = /\b(?:DESIGN|INTERFACES|STYLE)\.md\b|\bidcard-protocol\.md\b|\b(?:DESIGN|INTERFACES|STYLE) §|\bseeds\//;
/** A doc of the repository, optionally with a section: `docs/interfaces.md §1.4`, `docs/reader-protocol.md` §2. */
const DOC_CITATION = /\bdocs\/([\w.-]+\.md)(?:`?\s*(?:§\s?|section\s)(\d+(?:\.\d+)?))?/g;

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    const p = join(path, e.name);
    return e.isDirectory() ? filesUnder(p) : TEXT.test(e.name) ? [p] : [];
  });
}

/** Line by line: `file:line: text` for each line matching `re`. */
function offendingLines(files: readonly string[], re: RegExp, read: (f: string) => string = (f) => readFileSync(join(ROOT, f), 'utf8')): string[] {
  return files.flatMap((f) =>
    read(f)
      .split('\n')
      .flatMap((line, i) => (re.test(line) ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
  );
}

/** The sections a doc has: "### 1.4 …" → 1.4, "## 3. …" → 3. */
function sectionsOf(doc: string): Set<string> {
  return new Set([...doc.matchAll(/^#{2,4} (\d+(?:\.\d+)?)\.?\s/gm)].map((m) => m[1] ?? ''));
}

/** Every citation of a missing doc or a missing section in `text`. */
function brokenCitations(text: string, readDoc: (name: string) => string | null): string[] {
  const broken: string[] = [];
  for (const m of text.matchAll(DOC_CITATION)) {
    const [cited, name = '', section] = m;
    const doc = readDoc(name);
    if (doc === null) broken.push(`${cited}: no such file`);
    else if (section !== undefined && !sectionsOf(doc).has(section)) broken.push(`${cited}: no section ${section}`);
  }
  return broken;
}

const readDoc = (name: string): string | null => {
  try {
    return readFileSync(join(ROOT, 'docs', name), 'utf8');
  } catch {
    return null;
  }
};

describe('the repository explains itself', () => {
  const scanned = SCANNED.flatMap(filesUnder).filter((f) => f !== SELF);

  it('scans the code, the tests, the benches, the scripts, the lint rules, the docs and the README', () => {
    for (const f of ['src/core/kiosk.ts', 'test/core/helpers.ts', 'bench/run.ts', 'scripts/copy-static.mjs', 'lint/layers.mjs', 'docs/interfaces.md', 'src/db/migrations/0001-init.sql', 'README.md']) {
      expect(scanned).toContain(f);
    }
  });

  it('cites no document kept outside the repository', () => {
    expect(offendingLines(scanned, OUTSIDE)).toEqual([]);
  });

  it('every docs/<file>.md cited exists, with the section it names', () => {
    const citing = CITING.flatMap(filesUnder).filter((f) => f !== SELF);
    const broken = citing.flatMap((f) => brokenCitations(readFileSync(join(ROOT, f), 'utf8'), readDoc).map((b) => `${f}: ${b}`));
    expect(broken).toEqual([]);
    // The check has something to check: the code does cite the docs.
    expect(offendingLines(citing, /docs\/interfaces\.md §/).length).toBeGreaterThan(20);
  });

  it('catches what it is meant to catch', () => {
    const bad = ['// Roster import (INTERFACES.md §1.4)', '// the ratio DESIGN.md sets', '// see STYLE.md', '// shared/idcard-protocol.md', '// the three answers of INTERFACES §3.7', '// the schedule of seeds/000_*'];
    const read = (f: string) => bad[Number(f)] ?? '';
    expect(offendingLines(bad.map((_, i) => String(i)), OUTSIDE, read)).toHaveLength(bad.length);
    expect(offendingLines(['0'], OUTSIDE, () => '// docs/interfaces.md §1.4; docs/the-day.md; 设计 DESIGN notes')).toEqual([]);

    expect(brokenCitations('// docs/interfaces.md §1.4 and docs/reader-protocol.md §2', readDoc)).toEqual([]);
    expect(brokenCitations('// docs/interfaces.md §9.9', readDoc)).toEqual(['docs/interfaces.md §9.9: no section 9.9']);
    expect(brokenCitations('// see `docs/reader-protocol.md` §7', readDoc)).toEqual([]);
    expect(brokenCitations('// docs/nowhere.md', readDoc)).toEqual(['docs/nowhere.md: no such file']);
  });
});
