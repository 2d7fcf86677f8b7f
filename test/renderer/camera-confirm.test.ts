// The caller page's identity check: what a typed or device-sent line asks, the
// verdict it shows, the second tap after 不是本人, and the one keyboard shared
// by shortcuts and a wedge reader at the camera.
import { describe, expect, it } from 'vitest';
import { confirmLineFor, photographedNeedsSecondTap, verdictIsCurrent, viewOfError, viewOfVerdict } from '../../src/renderer/lib/camera-confirm.js';
import { callerState, type CallerRow } from '../../src/renderer/lib/caller-state.js';
import { KeyBurst, LONE_KEY_MS, STALE_MS } from '../../src/renderer/lib/key-burst.js';
import { ApiError } from '../../src/shared/contract.js';
import { checkDigit } from '../../src/shared/id-number.js';

const first17 = '33010619990131002';
const id = first17 + checkDigit(first17)!;

describe('what a line at the caller confirms', () => {
  const ask = (request: object) => ({ kind: 'request', request });
  it('a student ID, typed or scanned', () => {
    expect(confirmLineFor('2019001\r\n', false)).toEqual(ask({ studentId: '2019001', method: 'manual' }));
    expect(confirmLineFor('2019001', true)).toEqual(ask({ studentId: '2019001', method: 'scan' }));
  });
  it('an ID number typed or sent by a wedge reader, alone or in a card line with the name', () => {
    expect(confirmLineFor(id.toLowerCase(), true)).toEqual(ask({ idNumber: id, method: 'wedge' }));
    expect(confirmLineFor(`张三丰\t男\t汉\t${id}\t浙江省杭州市`, true)).toEqual(ask({ idNumber: id, name: '张三丰', method: 'wedge' }));
    expect(confirmLineFor(`姓名:李四,身份证号:${id}`, true)).toEqual(ask({ idNumber: id, name: '李四', method: 'wedge' }));
  });
  it('a number that fails the check digit is a misread card, not someone else', () => {
    const wrong = first17 + (id.endsWith('0') ? '1' : '0');
    expect(confirmLineFor(wrong, true)).toEqual({ kind: 'misread' });
    expect(confirmLineFor(`张三丰\t男\t${wrong}`, true)).toEqual({ kind: 'misread' });
  });
  it('nobody for a lone name, a scanned link, a card line without a number, blanks', () => {
    expect(confirmLineFor('张三', false)).toEqual({ kind: 'nobody' });
    expect(confirmLineFor('https://xz.chsi.com.cn/collect?code=8A7F2C19D04E', true)).toEqual({ kind: 'nobody' });
    expect(confirmLineFor('姓名:张三\t性别:男\t民族:汉', true)).toEqual({ kind: 'nobody' });
    expect(confirmLineFor('  ', true)).toEqual({ kind: 'nobody' });
  });
});

describe('the verdict and the second tap', () => {
  const AT = '2020-12-21T02:00:00.000Z';
  const LATER = '2020-12-21T02:30:00.000Z';
  const mismatch = viewOfVerdict({
    match: false,
    error: 'not-the-called-student',
    station: 'A',
    called: '0004A',
    calledName: '甲',
    calledAt: AT,
    presented: '0007A',
    presentedName: '乙',
    method: 'card',
  });
  it('reads live verdicts and this page’s own refusals alike', () => {
    expect(mismatch).toEqual({ kind: 'mismatch', called: '0004A', calledAt: AT, presented: '0007A', presentedName: '乙' });
    const refused = new ApiError({ error: 'not-the-called-student', message: 'x', called: '0004A', calledAt: AT, presented: null }, 409);
    expect(viewOfError(refused)).toEqual({ kind: 'mismatch', called: '0004A', calledAt: AT, presented: null, presentedName: null });
    expect(viewOfError(new ApiError({ error: 'nobody-called', message: 'x' }, 409))).toEqual({ kind: 'nobody' });
    expect(viewOfError(new ApiError({ error: 'invalid-id-number', message: 'x' }, 400))).toBeNull();
    const match = { match: true, ticket: '0004A', station: 'A', studentId: '1', name: '甲', college: 'c', maskedId: null, method: 'card', retakes: 1, calledAt: AT } as const;
    expect(viewOfVerdict(match)).toEqual({ kind: 'match', ticket: '0004A', calledAt: AT, name: '甲', retake: true });
  });
  it('拍摄完成 asks twice only after 不是本人 about this sitting of the ticket in front of the camera', () => {
    expect(photographedNeedsSecondTap(mismatch, { ticket: '0004A', calledAt: AT })).toBe(true);
    expect(photographedNeedsSecondTap(mismatch, { ticket: '0005A', calledAt: AT })).toBe(false);
    // recalled or retaken later: a new sitting, the old verdict is gone
    expect(photographedNeedsSecondTap(mismatch, { ticket: '0004A', calledAt: LATER })).toBe(false);
    expect(photographedNeedsSecondTap({ kind: 'match', ticket: '0004A', calledAt: AT, name: '甲', retake: false }, { ticket: '0004A', calledAt: AT })).toBe(false);
    expect(photographedNeedsSecondTap(null, { ticket: '0004A', calledAt: AT })).toBe(false);
    expect(verdictIsCurrent({ kind: 'nobody' }, null)).toBe(true);
    expect(verdictIsCurrent({ kind: 'nobody' }, { ticket: '0004A', calledAt: AT })).toBe(false);
    expect(verdictIsCurrent(mismatch, null)).toBe(false);
  });
});

describe('one keyboard for shortcuts and a wedge reader', () => {
  const typeLine = (b: KeyBurst, text: string, start: number, gap: number) => [...text].flatMap((c, i) => b.key(c, start + i * gap));

  it('a device line ending with Enter is a line, not 拍摄完成; its S is not 过号', () => {
    const b = new KeyBurst();
    expect(typeLine(b, 'S2019001', 0, 5)).toEqual([]);
    expect(b.flush(5 * 7 + LONE_KEY_MS)).toEqual([]);
    expect(b.key('Enter', 40)).toEqual([{ kind: 'line', text: 'S2019001', byDevice: true }]);
    expect(b.pending).toBe(false);
  });
  it('a lone shortcut key runs once nothing follows; Enter alone is 拍摄完成', () => {
    const b = new KeyBurst();
    expect(b.key('s', 1000)).toEqual([]);
    expect(b.flush(1000 + LONE_KEY_MS - 1)).toEqual([]);
    expect(b.flush(1000 + LONE_KEY_MS)).toEqual([{ kind: 'shortcut', key: 's' }]);
    expect(b.key('Enter', 2000)).toEqual([{ kind: 'shortcut', key: 'Enter' }]);
    expect(b.key('n', 3000)).toEqual([]);
    expect(b.key('Enter', 3010)).toEqual([
      { kind: 'shortcut', key: 'n' },
      { kind: 'shortcut', key: 'Enter' },
    ]);
  });
  it('a slow line is a person’s, still a line; a pause never splits it; a stale key does not prefix it', () => {
    const b = new KeyBurst();
    typeLine(b, '2019', 0, 300);
    expect(b.flush(5000)).toEqual([]);
    typeLine(b, '001', 1000, 300);
    expect(b.key('Tab', 2000)).toEqual([{ kind: 'line', text: '2019001', byDevice: false }]);
    b.key('7', 10_000);
    typeLine(b, '2019002', 10_000 + STALE_MS + 1, 5);
    expect(b.key('Enter', 20_000)).toEqual([{ kind: 'line', text: '2019002', byDevice: false }]);
  });
});

describe('the caller lists the waiting in the order core calls them', () => {
  const row = (ticket: string, status: CallerRow['status'], requeuedAt: string | null = null): CallerRow => ({
    ticket,
    status,
    studentId: ticket,
    name: '某',
    college: '理学院',
    checkedInAt: '2020-12-21T01:00:00.000Z',
    retakes: requeuedAt ? 1 : 0,
    requeuedAt,
  });
  it('retakes first, in the order marked, then by number', () => {
    const s = callerState([
      row('0001A', 'waiting', '2020-12-21T02:05:00.000Z'),
      row('0002A', 'waiting', '2020-12-21T02:01:00.000Z'),
      row('0003A', 'called'),
      row('0004A', 'waiting'),
      row('0010A', 'waiting'),
      row('0005A', 'waiting'),
    ]);
    expect(s.waiting.map((r) => r.ticket)).toEqual(['0002A', '0001A', '0004A', '0005A', '0010A']);
  });
});
