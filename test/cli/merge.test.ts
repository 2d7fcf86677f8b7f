// `swipequeue merge` run from source: JSON on stdout, one error line and the
// exit code on refusal.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contents, morning } from '../core/campuses.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const merge = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'merge', ...args], { cwd: ROOT, encoding: 'utf8' });

describe('swipequeue merge', () => {
  it('prints {"merged": {station: n}}; a second run is refused with exit 1; junk exits 2; bad usage exits 2', async () => {
    const { dir, jin, kai } = await morning();
    const ok = merge('--db', jin, kai);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ merged: { C: 1, D: 3 } });

    const before = contents(jin);
    const again = merge('--db', jin, kai);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/^error: station C has tickets in both .* \(merged already\?\); nothing was merged\n$/);

    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'x'.repeat(200));
    const bad = merge('--db', jin, junk);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: .*junk\.db is not a swipequeue database/);
    expect(contents(jin)).toBe(before);

    expect(merge('--db', jin).status).toBe(2);
    expect(merge(kai).stderr).toMatch(/^error: missing --db <into\.db>/);
  });
});
