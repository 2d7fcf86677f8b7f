import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReply, residentBlock, statusReply } from './build.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const decode = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'idcard', 'decode', file], { cwd: ROOT, encoding: 'utf8' });

describe('swipequeue idcard decode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-idcard-'));
  const frame = readReply(residentBlock({ name: '王 小·明', id: '11010519491231002X', until: '长期' }));

  it('prints the card of a raw frame and of the same frame as hex text, identically', () => {
    writeFileSync(join(dir, 'raw.bin'), frame);
    writeFileSync(join(dir, 'frame.hex'), Buffer.from(frame).toString('hex').replace(/(..)/g, '0x$1 ').replace(/((?:\S+ ){16})/g, '$1\n'));
    const a = decode(join(dir, 'raw.bin'));
    const b = decode(join(dir, 'frame.hex'));
    expect(a.status, a.stderr).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    const card = JSON.parse(a.stdout) as Record<string, unknown>;
    expect(Object.keys(card)).toEqual(['cardType', 'name', 'gender', 'nation', 'birthDate', 'address', 'idNumber', 'issuer', 'validFrom', 'validUntil', 'idNumberValid']);
    expect(card).toMatchObject({ cardType: 'resident', name: '王 小·明', nation: '汉', validUntil: '长期', idNumberValid: true });
  });

  it('exits 2 with one error line naming the problem', () => {
    const cases: [string, Uint8Array | string, RegExp][] = [
      ['nocard.bin', statusReply(0x80), /^error: the reader answered status 80: no card found/],
      ['short.bin', frame.slice(0, 100), /^error: truncated frame/],
      ['text.txt', 'hello, this is not a frame', /^error: not a reader frame: missing preamble/],
      ['odd.hex', 'AA AA A', /^error: hex text has an odd number of digits/],
    ];
    for (const [name, content, message] of cases) {
      writeFileSync(join(dir, name), content);
      const r = decode(join(dir, name));
      expect(r.status, name).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    const missing = decode(join(dir, 'nope.bin'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: file not found/);
  });
});
