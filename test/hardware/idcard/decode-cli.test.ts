import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { textBlockOf } from '../../../src/hardware/idcard/text-block.js';
import { foreignBlock, gatBlock, readReply, residentBlock, statusReply } from './build.js';

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
      ['nocard.bin', statusReply(0x80), /^error: status reply, not a card read: 80 no card found/],
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

describe('swipequeue idcard decode: other layouts and damaged frames', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sq-idcard-'));

  it('a residence permit and a foreigner card: no nation, their own fields, documented key order', () => {
    writeFileSync(join(dir, 'gat.hex'), `\ufeff${Buffer.from(readReply(gatBlock({ name: '陈大文', id: '81000019900101001X', pass: 'H12345678', count: '01' }))).toString('hex')}\n`);
    const foreign = foreignBlock({ english: 'MARIA JOSE SILVA', gender: '2', permit: 'BRA110099010101', nationality: 'BRA', chinese: '玛丽亚', from: '20180101', until: '20280101', birth: '19990101' });
    writeFileSync(join(dir, 'foreign.bin'), readReply(foreign));
    const g = decode(join(dir, 'gat.hex'));
    expect(g.status, g.stderr).toBe(0);
    const gat = JSON.parse(g.stdout) as Record<string, unknown>;
    expect(Object.keys(gat)).toEqual(['cardType', 'name', 'gender', 'birthDate', 'address', 'idNumber', 'issuer', 'validFrom', 'validUntil', 'idNumberValid', 'passNumber', 'issueCount']);
    expect(gat).toMatchObject({ cardType: 'gat', passNumber: 'H12345678', issueCount: '01' });
    const f = decode(join(dir, 'foreign.bin'));
    expect(f.status, f.stderr).toBe(0);
    const card = JSON.parse(f.stdout) as Record<string, unknown>;
    expect(Object.keys(card)).toEqual(['cardType', 'name', 'gender', 'birthDate', 'idNumber', 'issuer', 'validFrom', 'validUntil', 'idNumberValid', 'chineseName', 'nationality']);
    expect(card).toMatchObject({ cardType: 'foreign', name: 'MARIA JOSE SILVA', chineseName: '玛丽亚', nationality: 'BRA', idNumberValid: true });
  });

  it('a flipped byte and an unknown card type are refused with exit 2', () => {
    const flipped = Uint8Array.from(readReply(residentBlock({ name: '张三', id: '11010519491231002X' })));
    flipped[300] = (flipped[300] ?? 0) ^ 0x01;
    writeFileSync(join(dir, 'flipped.bin'), flipped);
    writeFileSync(join(dir, 'type-z.bin'), readReply(residentBlock({ name: '张三', id: '11010519491231002X' }, 'Z')));
    // docs/interfaces.md §1.1 covers blank, J and I: the 2023 card (Y), which the kiosk's reader does take, exits 2 here
    const y2023 = textBlockOf({ cardType: 'foreign', permitVersion: '2023', name: 'ANA GARCIA', gender: '女', birthDate: '1999-01-01', idNumber: '912345678901234567', issuer: '', validFrom: '2024-01-01', validUntil: '2034-01-01', idNumberValid: true, chineseName: '安娜', nationality: 'ESP' });
    writeFileSync(join(dir, 'type-y.bin'), readReply(Buffer.from(y2023)));
    for (const [name, message] of [
      ['flipped.bin', /^error: checksum mismatch/],
      ['type-z.bin', /^error: unsupported card type "Z"/],
      ['type-y.bin', /^error: unsupported card type "Y" \(2023 foreigner permanent residence card\)/],
    ] as const) {
      const r = decode(join(dir, name));
      expect(r.status, name).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
