// The electronegativity gate of `npm test` can fail: an insecure main process
// is rejected with its high-severity findings named. (The real shell passes
// it in `npm run lint:electron`.) Offline: the Electron version is given.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('scripts/electronegativity.mjs', () => {
  it('fails on high-severity findings and names them', () => {
    const run = spawnSync(process.execPath, ['scripts/electronegativity.mjs', 'test/main/fixtures/insecure-main'], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('CONTEXT_ISOLATION_JS_CHECK');
    expect(run.stderr).toContain('LIMIT_NAVIGATION_GLOBAL_CHECK');
    expect(run.stderr).toMatch(/high-severity finding\(s\) in test\/main\/fixtures\/insecure-main \(Electron 38\./);
  });
});
