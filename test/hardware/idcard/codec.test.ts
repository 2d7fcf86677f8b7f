import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { captureBytes, decodeReplyFrame } from '../../../src/hardware/idcard/capture.js';
import { FrameParser, encodeCommand, encodeFrame } from '../../../src/hardware/idcard/frame.js';
import { KNOWN_SW3, statusName, statusNameZh } from '../../../src/hardware/idcard/status.js';
import { decodeTextBlock, textBlockOf } from '../../../src/hardware/idcard/text-block.js';
import { isValidIdNumber } from '../../../src/shared/id-number.js';
import { nationName } from '../../../src/shared/nation.js';
import { foreign2023Block, foreignBlock, gatBlock, readReply, residentBlock, statusReply } from './build.js';

describe('SAM frames', () => {
  it('encodes the documented command frames', () => {
    expect(Buffer.from(encodeCommand('findCard')).toString('hex')).toBe('aaaaaa9669000320 0122'.replace(/ /g, ''));
    expect(Buffer.from(encodeCommand('selectCard')).toString('hex')).toBe('aaaaaa96690003200221');
    expect(Buffer.from(encodeCommand('readText')).toString('hex')).toBe('aaaaaa96690003300132');
  });

  it('decodes a resident card: fields trimmed, dates ISO, nation by GB 3304, check digit verified', () => {
    const card = decodeReplyFrame(readReply(residentBlock({ name: '张三', id: '11010519491231002X', nation: '03', gender: '2' })));
    expect(card).toEqual({
      cardType: 'resident',
      name: '张三',
      gender: '女',
      nation: '回',
      birthDate: '1999-01-31',
      address: '浙江省杭州市西湖区文三路1号',
      idNumber: '11010519491231002X',
      issuer: '杭州市公安局西湖分局',
      validFrom: '2015-03-01',
      validUntil: '2025-03-01',
      idNumberValid: true,
    });
  });

  it('keeps 长期, inner spaces and the middle dot; full-length fields; wrong check digit decodes but is flagged', () => {
    const longName = '阿依古丽·买买提·艾尔肯江克'; // 15 characters: the whole 30-byte field
    const address = '新疆维吾尔自治区乌鲁木齐市天山区解放北路一二三四五六七八九十号院三十栋'; // 35 characters: all 70 bytes
    expect(Array.from(address)).toHaveLength(35);
    const card = decodeReplyFrame(readReply(residentBlock({ name: longName, id: '110105194912310021', until: '长期', address, gender: '9', nation: '98' })));
    expect(card).toMatchObject({ name: longName, address, validUntil: '长期', gender: '未说明', nation: '外国血统', idNumberValid: false });
    const spaced = decodeReplyFrame(readReply(residentBlock({ name: 'MARIA JOSE', id: '440524188001010014', gender: '0' })));
    expect(spaced).toMatchObject({ name: 'MARIA JOSE', gender: '未知', idNumberValid: true });
  });

  it('decodes a residence permit (J) and a foreigner permanent residence card (I)', () => {
    const gat = decodeReplyFrame(readReply(gatBlock({ name: '陈大文', id: '81000019900101001X', pass: 'H12345678', count: '01' })));
    expect(gat).toMatchObject({ cardType: 'gat', name: '陈大文', nation: null, passNumber: 'H12345678', issueCount: '01', idNumber: '81000019900101001X' });
    const foreign = decodeReplyFrame(
      readReply(foreignBlock({ english: 'MARIA JOSE SILVA', gender: '2', permit: 'BRA110099010101', nationality: 'BRA', chinese: '玛丽亚', from: '20180101', until: '20280101', birth: '19990101' })),
    );
    expect(foreign).toMatchObject({ cardType: 'foreign', name: 'MARIA JOSE SILVA', chineseName: '玛丽亚', nationality: 'BRA', idNumber: 'BRA110099010101', idNumberValid: true, birthDate: '1999-01-01', gender: '女' });
  });

  it('decodes the 2023 foreigner card (Y): English name across both fields, GB 11643 number', () => {
    const english = 'ALEXANDRA MARIA GONZALEZ DE LA CRUZ FERNANDEZ'; // 44 characters: runs into the second field
    expect(english.length).toBeGreaterThan(35);
    const card = decodeReplyFrame(
      readReply(foreign2023Block({ chinese: '冈萨雷斯', gender: '2', renewals: '00', birth: '19990101', english, id: '93113419990101002X', from: '20240101', until: '20340101', nationality: 'ESP' })),
    );
    expect(card).toMatchObject({ cardType: 'foreign', name: english, chineseName: '冈萨雷斯', nationality: 'ESP', gender: '女', birthDate: '1999-01-01', validUntil: '2034-01-01', permitVersion: '2023' });
    expect(card.idNumberValid).toBe(true);
    expect(isValidIdNumber('93113419990101002X')).toBe(true);
  });

  it('refuses other card types naming the byte', () => {
    expect(() => decodeReplyFrame(readReply(residentBlock({ name: 'X', id: '1' }, 'Z')))).toThrow(/unsupported card type "Z" \(U\+005A at byte 248\)/);
  });

  it('textBlockOf writes what decodeTextBlock reads, for every card type', () => {
    const cards = [
      decodeTextBlock(residentBlock({ name: '王 小·明', id: '11010519491231002X', until: '长期', nation: '56' })),
      decodeTextBlock(gatBlock({ name: '陈大文', id: '81000019900101001X', pass: 'H12345678', count: '01' })),
      decodeTextBlock(foreignBlock({ english: 'MARIA JOSE SILVA', gender: '2', permit: 'BRA110099010101', nationality: 'BRA', chinese: '玛丽亚', from: '20180101', until: '20280101', birth: '19990101' })),
      decodeTextBlock(foreign2023Block({ chinese: '李', gender: '1', renewals: '01', birth: '19990101', english: 'JOHN SMITH', id: '93113419990101002X', from: '20240101', until: '长期', nationality: 'GBR' })),
    ];
    for (const card of cards) expect(decodeTextBlock(textBlockOf(card))).toEqual(card);
  });

  it('names every status word in English and Chinese', () => {
    for (const sw3 of KNOWN_SW3) {
      expect(statusName(sw3)).not.toMatch(/unknown status/);
      expect(statusNameZh(sw3)).not.toMatch(/未知状态/);
    }
    expect(statusNameZh(0x80)).toBe('找卡不成功（没有卡或卡已读过）（状态 80）');
    expect(statusNameZh(0x31)).toBe('卡认证机具失败（状态 31）');
    expect(statusNameZh(0x32)).toBe('机具认证卡失败（状态 32）');
    expect(statusName(0x55)).toBe('status 55: unknown status');
  });

  it('names what is wrong: preamble, length, checksum, truncation, status, text size', () => {
    const good = readReply(residentBlock({ name: '张三', id: '11010519491231002X' }));
    expect(() => decodeReplyFrame(good.slice(1))).toThrow(/missing preamble/);
    expect(() => decodeReplyFrame(good.slice(0, 500))).toThrow(/truncated frame: the length field says 1288 bytes follow, found 493/);
    // a byte after the frame is a stray byte (docs/reader-protocol.md §2), not a length error
    expect(decodeReplyFrame(Uint8Array.from([...good, 0x00]))).toMatchObject({ name: '张三' });
    const bad = Uint8Array.from(good);
    bad[100] = (bad[100] ?? 0) ^ 0xff;
    expect(() => decodeReplyFrame(bad)).toThrow(/checksum mismatch/);
    expect(() => decodeReplyFrame(readReply(Buffer.alloc(200, 0x20)))).toThrow(/text block is 200 bytes, expected 256/);
    // GA 467 status words: a status-only reply is not a card read
    for (const [sw3, words] of [
      [0x80, 'no card found'],
      [0x81, 'select card failed'],
      [0x41, 'read card failed'],
      [0x10, 'checksum error in the command'],
      [0x11, 'length error in the command'],
      [0x21, 'unknown or malformed command'],
      [0x23, 'operation not permitted'],
      [0x24, 'unrecognised error'],
      [0x31, 'card failed to authenticate the reader'],
      [0x32, 'reader failed to authenticate the card'],
      [0x33, 'information verification error'],
      [0x40, 'unrecognised card type'],
      [0x47, 'getting a random number failed'],
      [0x60, 'SAM self-check failed'],
      [0x66, 'SAM not authorised'],
      [0x91, 'no content'],
      [0x9f, 'card found'],
    ] as const) {
      expect(() => decodeReplyFrame(statusReply(sw3))).toThrow(new RegExp(`^status reply, not a card read: ${sw3.toString(16).toUpperCase()} ${words}`));
    }
    // select answers 90 with the card serial, the SAM status command 90 with nothing
    expect(() => decodeReplyFrame(statusReply(0x90, [1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(/^status reply, not a card read: 90 success$/);
    expect(() => decodeReplyFrame(statusReply(0x90))).toThrow(/^status reply, not a card read: 90 success$/);
  });

  it('reads hex text (any whitespace, optional 0x) and raw bytes alike', () => {
    const raw = readReply(residentBlock({ name: '张三', id: '11010519491231002X' }));
    const hex = Array.from(raw, (b, i) => `${i % 3 === 0 ? '0x' : ''}${b.toString(16).padStart(2, '0')}${i % 16 === 15 ? '\n' : ' '}`).join('');
    expect(captureBytes(Buffer.from(hex))).toEqual(Uint8Array.from(raw));
    expect(captureBytes(Buffer.from(raw))).toEqual(Uint8Array.from(raw));
  });

  it('GB 3304 nation names', () => {
    expect([nationName('01'), nationName('03'), nationName('56'), nationName('97'), nationName('57')]).toEqual(['汉', '回', '基诺', '其他', null]);
  });
});

describe('FrameParser', () => {
  const frames = [
    statusReply(0x9f, [0, 0, 0, 0]),
    statusReply(0x90, [0, 0, 0, 0, 0, 0, 0, 0]),
    readReply(residentBlock({ name: '李四', id: '440524188001010014' })),
    statusReply(0x80),
    encodeFrame(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 1, 2)), // a payload that itself contains the preamble
  ];
  // Garbage never holds a whole preamble: readers send noise, not forged frames.
  const garbage = fc
    .uint8Array({ maxLength: 40 })
    .filter((g) => !Buffer.from(g).includes(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69])) && !Buffer.from(g).includes(Buffer.from([0xaa, 0xaa, 0xaa, 0xa5, 0x5a])));

  it('random fragmentation and garbage never lose or invent a frame', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: frames.length - 1 }), garbage), { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 30 }),
        (plan, cuts) => {
          const stream = Buffer.concat(plan.flatMap(([i, g]) => [Buffer.from(g), Buffer.from(frames[i]!)]));
          const parser = new FrameParser();
          const got: string[] = [];
          let pos = 0;
          let c = 0;
          while (pos < stream.length) {
            const n = cuts[c++ % cuts.length]!;
            for (const e of parser.push(stream.subarray(pos, pos + n))) if (e.type === 'frame') got.push(Buffer.from(e.payload).toString('hex'));
            pos += n;
          }
          const want = plan.map(([i]) => Buffer.from(frames[i]!).subarray(7, -1).toString('hex'));
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reports a corrupted frame and still finds the next one', () => {
    const bad = Uint8Array.from(frames[2]!);
    bad[50] = (bad[50] ?? 0) ^ 1;
    const events = new FrameParser().push(Buffer.concat([Buffer.from(bad), Buffer.from(frames[0]!)]));
    expect(events.map((e) => e.type)).toEqual(['error', 'frame']);
  });
});
