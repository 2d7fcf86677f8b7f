// Keyboard-wedge readers that type the whole card, and the input method that
// garbles them: the pure parts behind the desk's search box.
import { describe, expect, it } from 'vitest';
import { TypingBurst } from '../../src/renderer/lib/typing-burst.js';
import { decodeEscapes, maskedLine, parseWedgeLine, typedDeskAction } from '../../src/renderer/lib/wedge-line.js';
import { checkDigit } from '../../src/shared/id-number.js';

const first17 = '33010619990131002';
const ID = first17 + checkDigit(first17)!;
const WRONG = first17 + (ID.endsWith('1') ? '2' : '1');
/** What a driver-free reader types for 张三 with the Chinese as escapes. */
const esc = (s: string) => Array.from(s, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');

describe('a line typed by a wedge reader', () => {
  it('takes the ID number and the name out of the field orders readers use', () => {
    const lines = [
      `张三\t男\t汉\t19990131\t浙江省杭州市西湖区文三路1号\t${ID}\t杭州市公安局西湖分局\t20150301\t20250301`,
      `张三,男,汉,1999-01-31,浙江省杭州市西湖区文三路1号,${ID}`,
      `张三|男|汉|19990131|浙江省杭州市西湖区文三路1号|${ID}|杭州市公安局西湖分局|20150301|长期`,
      `张三 男 汉族 19990131 浙江省杭州市西湖区文三路1号 ${ID}`,
      `姓名:张三 性别:男 民族:汉 出生:19990131 住址:浙江省杭州市 公民身份号码:${ID}`,
      `{"name":"${esc('张三')}","sex":"${esc('男')}","nation":"${esc('汉')}","idnum":"${ID}"}`,
      `${esc('张三')},${esc('男')},${ID}`,
      `${ID}\t张三\t男`, // number first
      `&#x5F20;&#x4E09;,${ID.toLowerCase()}`,
    ];
    for (const line of lines) expect(parseWedgeLine(line), line).toEqual({ kind: 'card', idNumber: ID, name: '张三' });
  });

  it('keeps a middle dot, leaves sex, nation with 族, address and authority out of the name', () => {
    expect(parseWedgeLine(`男,阿依古丽·买买提,维吾尔族,${ID}`)).toEqual({ kind: 'card', idNumber: ID, name: '阿依古丽·买买提' });
    expect(parseWedgeLine(`${ID},新疆乌鲁木齐市,乌鲁木齐市公安局`)).toEqual({ kind: 'card', idNumber: ID, name: null });
  });

  it('says when a card line holds no ID number, or a number whose check digit is wrong', () => {
    expect(parseWedgeLine('张三\t男\t汉\t19990131\t浙江省杭州市')).toEqual({ kind: 'no-id-number' });
    expect(parseWedgeLine(`${esc('张三')}`)).toEqual({ kind: 'no-id-number' });
    expect(parseWedgeLine('姓名:张三')).toEqual({ kind: 'no-id-number' });
    expect(parseWedgeLine(`张三,男,${WRONG}`)).toEqual({ kind: 'invalid-id-number', maskedId: `${WRONG.slice(0, 4)}**********${WRONG.slice(-4)}` });
  });

  it('leaves what one types to the desk as before: an ID number alone, a student ID, a name, a link', () => {
    for (const plain of [ID, '0219000001', '张三', 'MARIA JOSE', `https://xz.chsi.com.cn/collect?id=${ID}&n=1`, '']) expect(parseWedgeLine(plain), plain).toEqual({ kind: 'plain' });
  });

  it('decodes \\uXXXX escapes and HTML character references', () => {
    expect(decodeEscapes(`${esc('张三')} \\u00b7 &#24352;&#x4e09;`)).toBe('张三 · 张三');
  });

  it('turns a line into the desk action: check in by card, or say what is wrong', () => {
    expect(typedDeskAction(`张三,男,${ID}`)).toEqual({ kind: 'check-in-card', idNumber: ID, name: '张三', maskedId: `3301**********${ID.slice(-4)}` });
    expect(typedDeskAction(`${ID},浙江省杭州市,杭州市公安局`)).toEqual({ kind: 'find-by-id-number', idNumber: ID, valid: true });
    expect(typedDeskAction('张三,男,汉,19990131')).toEqual({ kind: 'say', key: 'desk.wedgeNoIdNumber' });
    expect(typedDeskAction(`张三,男,${WRONG}`)).toEqual({ kind: 'say', key: 'desk.idNumberInvalid' });
    expect(typedDeskAction('0219000001')).toEqual({ kind: 'check-in-student', studentId: '0219000001' });
  });

  it('the self-test sees a masked line, never the number', () => {
    const seen = maskedLine(`张三,男,${ID}`);
    expect(seen).toEqual({ kind: 'card', maskedId: `3301**********${ID.slice(-4)}`, maskedName: '张*' });
    expect(JSON.stringify(seen)).not.toContain(ID.slice(4, 14));
    expect(maskedLine(ID)).toMatchObject({ kind: 'card', maskedName: null });
    expect(maskedLine('张三,男,汉')).toMatchObject({ kind: 'no-id-number' });
  });
});

describe('an input method during a device burst', () => {
  const typeBurst = (b: TypingBurst, from: number, keys: number, gap: number, composing = false) => {
    for (let i = 0; i < keys; i++) b.key(from + i * gap, composing);
  };

  it('a composition in the middle of a fast burst is the IME garbling a device', () => {
    const b = new TypingBurst();
    typeBurst(b, 0, 10, 8);
    b.compositionStart(85);
    expect(b.imeDuringBurst).toBe(true);
    expect(b.summary()).toMatchObject({ keys: 10, byDevice: true, ime: true });
  });

  it('a burst whose keys the IME takes from the first one ("Process" keys) too', () => {
    const b = new TypingBurst();
    b.compositionStart(0);
    typeBurst(b, 0, 6, 6, true);
    expect(b.imeDuringBurst).toBe(true);
  });

  it('a person typing pinyin to look up a name is not a device', () => {
    const b = new TypingBurst();
    b.compositionStart(0);
    typeBurst(b, 0, 8, 120, true);
    expect(b.imeDuringBurst).toBe(false);
    expect(b.summary().byDevice).toBe(false);
  });

  it('a device burst without an IME, and a new burst after a pause, start clean', () => {
    const b = new TypingBurst();
    typeBurst(b, 0, 18, 5);
    expect(b.summary()).toMatchObject({ keys: 18, byDevice: true, ime: false });
    typeBurst(b, 1000, 6, 5);
    b.compositionStart(1030);
    expect(b.imeDuringBurst).toBe(true);
    b.compositionStart(5000); // long after: a person, starting to type
    expect(b.imeDuringBurst).toBe(false);
  });
});
