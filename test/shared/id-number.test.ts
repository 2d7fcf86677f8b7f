import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDigit, classifyDeskInput, isValidIdNumber, maskIdNumber, maskIdNumbersIn, maskName } from '../../src/shared/id-number.js';
import { FrameParser } from '../../src/hardware/idcard/frame.js';
import { formatTicketNo, isTicketNo, parseStationCode, parseTicketNo } from '../../src/shared/ticket.js';

describe('GB 11643', () => {
  it('accepts the documented valid numbers and refuses the invalid one', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(checkDigit('11010519491231002')).toBe('X');
    expect(isValidIdNumber('11010519491231002x')).toBe(false); // normalise first
  });

  it('masks for display', () => {
    expect(maskIdNumber('33010619990131002X')).toBe('3301**********002X');
    expect([maskName('张三'), maskName('张小三'), maskName('欧阳娜娜')]).toEqual(['张*', '张*三', '欧**娜']);
  });

  it('masks every ID number in a scanned code or a log line, and every sfzh= value', () => {
    const code = 'https://my.chsi.com.cn/archive/bab/xj/show.action?sfzh=33010619990131002x&xm=张三&yxdm=10338';
    expect(maskIdNumbersIn(code)).toBe('https://my.chsi.com.cn/archive/bab/xj/show.action?sfzh=3301**********002X&xm=张三&yxdm=10338');
    // Whatever form sfzh= takes (15 digits, spaces), its value is not kept whole.
    expect(maskIdNumbersIn('SFZH=330106990131002;x')).toBe('SFZH=3301*******1002;x');
    expect(maskIdNumbersIn('{"id":"440524188001010014","n":1}')).toBe('{"id":"4405**********0014","n":1}');
    expect(maskIdNumbersIn('a 11010519491231002X b 440524188001010014')).toBe('a 1101**********002X b 4405**********0014');
    // Longer runs (a hash, a serial) are not ID numbers and stay as they are.
    expect(maskIdNumbersIn('f00d440524188001010014ab')).toBe('f00d440524188001010014ab');
    expect(maskIdNumbersIn('4405241880010100149')).toBe('4405241880010100149');
    fc.assert(
      fc.property(fc.string(), fc.stringMatching(/^\d{17}[\dX]$/), fc.string(), (a, id, b) => {
        const masked = maskIdNumbersIn(`${a} ${id} ${b}`);
        return !masked.includes(` ${id} `) && maskIdNumbersIn(masked) === masked;
      }),
    );
  });
});

describe('the desk search box', () => {
  it('tells apart what a keyboard-wedge reader, a scanner and a volunteer type', () => {
    expect(classifyDeskInput('11010519491231002x\r\n')).toEqual({ kind: 'idNumber', idNumber: '11010519491231002X', valid: true });
    expect(classifyDeskInput('110105194912310021')).toMatchObject({ kind: 'idNumber', valid: false });
    expect(classifyDeskInput('02019123456')).toEqual({ kind: 'studentId', studentId: '02019123456' });
    expect(classifyDeskInput('张三')).toEqual({ kind: 'name', name: '张三' });
    expect(classifyDeskInput('https://xz.chsi.com.cn/c?code=AB12CD34EF56')).toMatchObject({ kind: 'scan' });
    expect(classifyDeskInput('   ')).toEqual({ kind: 'empty' });
  });
});

describe('ticket numbers', () => {
  it('four digits then the station letter, 0001A to 9999A', () => {
    expect(formatTicketNo(1, parseStationCode('A'))).toBe('0001A');
    expect(formatTicketNo(9999, parseStationCode('Z'))).toBe('9999Z');
    expect(() => formatTicketNo(10000, parseStationCode('A'))).toThrow(RangeError);
    expect(parseTicketNo(' 0012b ')).toBe('0012B');
    expect(isTicketNo('0000A')).toBe(false);
    expect(() => parseStationCode('AB')).toThrow(/one capital letter/);
  });
});

describe('reader bytes', () => {
  it('no byte sequence crashes the frame parser', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 }), (chunks) => {
        const p = new FrameParser();
        for (const c of chunks) p.push(c);
      }),
      { numRuns: 500 },
    );
  });
});
