// The camera confirms who sits in front of it, and a rejected photo is retaken
// (补拍): through the kiosk's one door, on a real SQLite file.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openKiosk, type Kiosk } from '../../src/core/kiosk.js';
import type { LiveEvent } from '../../src/shared/types.js';
import { at, client, failure, idNumber, tmpDbFile, tmpDir, type Client, type TestContext, seedDay } from './helpers.js';

const desk: TestContext = { actor: 'desk' };
const caller: TestContext = { actor: 'caller:A', role: 'caller' };
const admin: TestContext = { actor: 'admin', pin: '1234' };

/** Five students with ID numbers, one without (a roster that lacked it), two of the same name without. */
const ID = (i: number) => idNumber(`3301061998010100${i}`);
const ROSTER = [
  '学号,姓名,学院,身份证号',
  ...[1, 2, 3, 4, 5].map((i) => `S00${i},学生${i},理学院,${ID(i)}`),
  'S006,无证号,理学院,',
  'S007,同名,理学院,',
  'S008,同名,理学院,',
].join('\n');
const STRANGER = idNumber('11010119900307002');

let kiosk: Kiosk | undefined;
let clock = at(9, 30);
afterEach(async () => {
  await kiosk?.close();
  kiosk = undefined;
});

async function setUp(checkIns: string[]): Promise<{ h: Client; file: string; live: LiveEvent[] }> {
  const file = tmpDbFile();
  clock = at(9, 30);
  kiosk = await openKiosk({ dbFile: file, now: () => clock });
  const h = client(kiosk);
  await seedDay(h, ROSTER);
  await h.updateSettings({ deskStation: 'A' }, admin);
  for (const sid of checkIns) await h.checkIn({ studentId: sid }, desk);
  const live: LiveEvent[] = [];
  kiosk.subscribe((e) => live.push(e));
  return { h, file, live };
}

const auditOf = (file: string, action: string) => {
  const raw = new Database(file, { readonly: true });
  const rows = raw.prepare('SELECT actor, ticket, student_id, detail FROM audit WHERE action = ? ORDER BY id').all(action) as {
    actor: string;
    ticket: string | null;
    student_id: string | null;
    detail: string;
  }[];
  raw.close();
  return rows.map((r) => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> }));
};

describe('confirm at the camera', () => {
  it('answers match, not-the-called-student (with the ticket the person holds, or null) and nobody-called; every confirm audited, none with an ID number', async () => {
    const { h, file, live } = await setUp(['S001', 'S002', 'S003', 'S004']);
    clock = at(9, 40);
    const nobody = await failure(h.confirmIdentity({ station: 'A', idNumber: ID(4), name: '学生4' }, caller));
    expect(nobody).toMatchObject({ kind: 'conflict', code: 'nobody-called', details: { station: 'A' } });

    await h.callNext({ station: 'A' }, caller);
    // 0004A's student sits down while 0001A is called
    const wrong = await failure(h.confirmIdentity({ station: 'A', idNumber: ID(4), name: '学生4' }, caller));
    expect(wrong).toMatchObject({ kind: 'conflict', code: 'not-the-called-student', details: { called: '0001A', presented: '0004A' } });
    expect(wrong.message).toBe('not the called student: this is the student of 0004A, 0001A is called at station A');
    // a card that is on no roster, and a typed student ID of a student not checked in
    expect(await failure(h.confirmIdentity({ station: 'A', idNumber: STRANGER, name: '路人' }, caller))).toMatchObject({
      code: 'not-the-called-student',
      details: { called: '0001A', presented: null },
    });
    expect(await failure(h.confirmIdentity({ station: 'A', studentId: 'S005' }, caller))).toMatchObject({ details: { presented: null } });
    expect((await h.getTicket({ ticket: '0001A' }, caller)).confirmed).toBe(false);

    const ok = await h.confirmIdentity({ station: 'A', idNumber: ID(1).toLowerCase(), name: '学生1' }, caller);
    expect(ok).toEqual({
      match: true,
      ticket: '0001A',
      station: 'A',
      studentId: 'S001',
      name: '学生1',
      college: '理学院',
      maskedId: `3301**********${ID(1).slice(-4)}`,
      method: 'card',
      retakes: 0,
      calledAt: at(9, 40).toISOString(),
    });
    expect((await h.getTicket({ ticket: '0001A' }, caller)).confirmed).toBe(true);
    // by student ID typed at the tablet
    expect(await h.confirmIdentity({ station: 'A', studentId: 'S001' }, caller)).toMatchObject({ match: true, method: 'manual' });

    const verdicts = live.flatMap((e) => (e.type === 'identity-checked' ? [e.verdict] : []));
    expect(verdicts.map((v) => (v.match ? 'match' : v.error))).toEqual([
      'nobody-called',
      'not-the-called-student',
      'not-the-called-student',
      'not-the-called-student',
      'match',
      'match',
    ]);
    expect(verdicts[1]).toMatchObject({ called: '0001A', calledName: '学生1', calledAt: at(9, 40).toISOString(), presented: '0004A', presentedName: '学生4' });

    const trail = auditOf(file, 'confirm');
    expect(trail.map((r) => [r.ticket, r.student_id, r.detail.result, r.detail.presented ?? null])).toEqual([
      [null, 'S004', 'nobody-called', '0004A'],
      ['0001A', 'S004', 'mismatch', '0004A'],
      ['0001A', null, 'mismatch', null],
      ['0001A', 'S005', 'mismatch', null],
      ['0001A', 'S001', 'match', null],
      ['0001A', 'S001', 'match', null],
    ]);
    expect(trail.every((r) => r.actor === 'caller:A')).toBe(true);
    expect(trail[2]!.detail).toMatchObject({ method: 'card', maskedId: `1101**********${STRANGER.slice(-4)}` });
    const bytes = readFileSync(file);
    for (const id of [ID(1), ID(4), STRANGER]) expect(bytes.includes(id)).toBe(false);

    // the audit export says each confirm in words
    const csv = Buffer.from((await h.exportFile({ kind: 'audit-csv' }, admin)).base64, 'base64').toString('utf8');
    const confirms = csv
      .split('\r\n')
      .filter((l) => l.includes(',confirm,'))
      .map((l) => l.slice(l.lastIndexOf(',') + 1));
    expect(confirms).toEqual([
      '本人确认：当时没有叫号（刷证）',
      '本人确认：不是本人，这是 0004A 的同学，当前叫的是 0001A（刷证）',
      '本人确认：不是本人，此人没有号牌，当前叫的是 0001A（刷证）',
      '本人确认：不是本人，此人没有号牌，当前叫的是 0001A（学号）',
      '本人确认：是本人（刷证）',
      '本人确认：是本人（学号）',
    ]);
    for (const id of [ID(1), ID(4), STRANGER]) expect(csv).not.toContain(id);
  });

  it('a roster without ID numbers: the card name confirms the called student; same-name students are told apart by nothing and so never match', async () => {
    const { h } = await setUp(['S006', 'S007']);
    await h.callNext({ station: 'A' }, caller);
    expect(await h.confirmIdentity({ station: 'A', idNumber: STRANGER, name: '无证号' }, caller)).toMatchObject({ match: true, ticket: '0001A' });
    await h.photographed({ ticket: '0001A' }, caller);
    await h.callNext({ station: 'A' }, caller);
    expect(await failure(h.confirmIdentity({ station: 'A', idNumber: STRANGER, name: '同名' }, caller))).toMatchObject({
      code: 'not-the-called-student',
      details: { presented: null },
    });
    expect(await h.confirmIdentity({ station: 'A', studentId: 'S007' }, caller)).toMatchObject({ match: true });
  });

  it('a misread card is refused as such, not called someone else; bad input in plain words; the desk may confirm too, the display may not', async () => {
    const { h, file } = await setUp(['S001']);
    await h.callNext({ station: 'A' }, caller);
    const bad = `${ID(1).slice(0, 17)}${ID(1).endsWith('0') ? '1' : '0'}`;
    const misread = await failure(h.confirmIdentity({ station: 'A', idNumber: bad, name: '学生1' }, caller));
    expect(misread).toMatchObject({ kind: 'bad-input', code: 'invalid-id-number', details: { maskedId: `3301**********${bad.slice(-4)}` } });
    expect(misread.message).not.toContain(bad);
    expect(auditOf(file, 'confirm')).toEqual([]);
    expect(await failure(h.confirmIdentity({ station: 'A' } as never, caller))).toMatchObject({ kind: 'bad-input', code: 'bad-request' });
    expect(await failure(h.confirmIdentity({ station: 'Z', studentId: 'S001' }, caller))).toMatchObject({ code: 'unknown-station' });
    expect(await h.confirmIdentity({ station: 'A', studentId: 'S001' }, { actor: 'desk', role: 'desk' })).toMatchObject({ match: true });
    expect(await failure(h.confirmIdentity({ station: 'A', studentId: 'S001' }, { actor: 'display', role: 'display' }))).toMatchObject({ code: 'forbidden-for-role' });
  });

  it('requireConfirm: 拍摄完成 is refused until the called student is confirmed; a mismatch does not count; a new sitting needs a new confirm', async () => {
    const { h, file } = await setUp(['S001', 'S002']);
    await h.updateSettings({ requireConfirm: true }, admin);
    expect((await h.getSettings({}, caller)).requireConfirm).toBe(true);
    await h.callNext({ station: 'A' }, caller);
    expect(await failure(h.photographed({ ticket: '0001A' }, caller))).toMatchObject({ kind: 'conflict', code: 'confirm-required', details: { ticket: '0001A' } });
    await failure(h.confirmIdentity({ station: 'A', studentId: 'S002' }, caller));
    expect(await failure(h.photographed({ ticket: '0001A' }, caller))).toMatchObject({ code: 'confirm-required' });
    // confirmed, then left without a photo (no-show) and recalled: the new sitting starts unconfirmed
    await h.confirmIdentity({ station: 'A', studentId: 'S001' }, caller);
    await h.noShow({ ticket: '0001A' }, caller);
    expect((await h.recall({ ticket: '0001A' }, caller)).confirmed).toBe(false);
    expect(await failure(h.photographed({ ticket: '0001A' }, caller))).toMatchObject({ code: 'confirm-required' });
    await h.confirmIdentity({ station: 'A', studentId: 'S001', method: 'scan' }, caller);
    expect(await h.photographed({ ticket: '0001A' }, caller)).toMatchObject({ status: 'photographed', confirmed: true });
    // without the rule, an unconfirmed photo is allowed and the audit says so
    await h.updateSettings({ requireConfirm: false }, admin);
    await h.callNext({ station: 'A' }, caller);
    await h.photographed({ ticket: '0002A' }, caller);
    expect(auditOf(file, 'photographed').map((r) => [r.ticket, r.detail.confirmed])).toEqual([
      ['0001A', true],
      ['0002A', false],
    ]);
  });
});

describe('retakes (补拍)', () => {
  it('a photographed ticket re-enters right after the current one, keeps its number, in strict order with other retakes; audited', async () => {
    const { h, file } = await setUp(['S001', 'S002', 'S003', 'S004', 'S005']);
    for (const t of ['0001A', '0002A']) {
      await h.callNext({ station: 'A' }, caller);
      await h.photographed({ ticket: t }, caller);
    }
    await h.callNext({ station: 'A' }, caller); // 0003A in front of the camera
    clock = at(10, 0);
    expect(await h.markRetake({ ticket: '0002A', reason: '闭眼' }, caller)).toMatchObject({ ticket: '0002A', status: 'waiting', retakes: 1, finishedAt: null });
    clock = at(10, 1);
    await h.markRetake({ ticket: '0001a' }, admin);
    // marked in this order, both ahead of the numbers not yet called
    expect((await h.getDisplay({}, caller)).stations.find((s) => s.station === 'A')).toMatchObject({
      calling: '0003A',
      next: ['0002A', '0001A', '0004A', '0005A'],
      retakes: ['0002A', '0001A'],
      waiting: 4,
    });
    // a new check-in is told everyone waiting is ahead, retakes included
    expect((await h.checkIn({ studentId: 'S006' }, desk)).position).toBe(5);
    // strict order still holds: the current ticket is finished first
    expect(await failure(h.callNext({ station: 'A' }, caller))).toMatchObject({ code: 'ticket-in-progress', details: { ticket: '0003A' } });
    await h.photographed({ ticket: '0003A' }, caller);
    const order: string[] = [];
    for (;;) {
      const next = await h.callNext({ station: 'A' }, caller).catch(() => null);
      if (!next) break;
      order.push(`${next.ticket}${next.retakes > 0 ? '*' : ''}`);
      await h.photographed({ ticket: next.ticket }, caller);
    }
    expect(order).toEqual(['0002A*', '0001A*', '0004A', '0005A', '0006A']);
    expect((await h.getTicket({ ticket: '0002A' }, caller)).callCount).toBe(2);

    const trail = auditOf(file, 'retake');
    expect(trail.map((r) => [r.actor, r.ticket, r.detail])).toEqual([
      ['caller:A', '0002A', { from: 'photographed', retakes: 1, reason: '闭眼' }],
      ['admin', '0001A', { from: 'photographed', retakes: 1 }],
    ]);
  });

  it('only a photographed ticket can be retaken; a waiting retake cannot be cancelled; the display and the phone keep the §2 statuses', async () => {
    const { h } = await setUp(['S001', 'S002']);
    expect(await failure(h.markRetake({ ticket: '0001A' }, caller))).toMatchObject({ code: 'illegal-transition', details: { status: 'waiting' } });
    await h.callNext({ station: 'A' }, caller);
    expect(await failure(h.markRetake({ ticket: '0001A' }, caller))).toMatchObject({ code: 'illegal-transition', details: { status: 'called' } });
    await h.photographed({ ticket: '0001A' }, caller);
    await h.markRetake({ ticket: '0001A' }, caller);
    const cancel = await failure(h.cancelTicket({ ticket: '0001A' }, admin));
    expect(cancel).toMatchObject({ code: 'illegal-transition' });
    expect(cancel.message).toMatch(/waits for a retake/);
    expect((await h.getQueue({ station: 'A' }, caller)).tickets.map((t) => [t.ticket, t.status, t.retakes])).toEqual([
      ['0001A', 'waiting', 1],
      ['0002A', 'waiting', 0],
    ]);
    expect(await failure(h.markRetake({ ticket: '0001A' }, { actor: 'display', role: 'display' }))).toMatchObject({ code: 'forbidden-for-role' });
  });

  it('a retake is counted once: one attendance row (本人确认, 补拍), one fee, one sign-in row; while waiting it is 待补拍', async () => {
    const { h } = await setUp(['S001', 'S002', 'S003']);
    const XLSX = (await import('@e965/xlsx')).default;
    const fees = async () => {
      const wb = XLSX.read(Buffer.from((await h.exportFile({ kind: 'fees-xlsx' }, admin)).base64, 'base64'));
      const sheet = (name: string) => XLSX.utils.sheet_to_json<(string | number)[]>(wb.Sheets[name]!, { header: 1, raw: true });
      const summary = sheet('费用汇总');
      const head = summary[0]!;
      const total = summary.find((r) => r[0] === '合计')!;
      const col = (name: string) => total[head.indexOf(name)];
      return { photographed: col('采集人数'), paid: col('已缴'), notPhotographed: sheet('签到未拍').slice(1).map((r) => [r[0], r[4]]) };
    };
    await h.setFeeStatus({ ticket: '0001A', feeStatus: 'paid' }, desk);
    await h.callNext({ station: 'A' }, caller);
    await h.confirmIdentity({ station: 'A', idNumber: ID(1), name: '学生1' }, caller);
    await h.photographed({ ticket: '0001A' }, caller);
    await h.callNext({ station: 'A' }, caller);
    await h.photographed({ ticket: '0002A' }, caller);
    await h.markRetake({ ticket: '0001A' }, caller);
    // waiting for the retake: no usable photo yet, listed as 待补拍
    expect(await fees()).toEqual({ photographed: 1, paid: 0, notPhotographed: [['S001', '待补拍'], ['S003', '候拍']] });
    await h.callNext({ station: 'A' }, caller);
    await h.confirmIdentity({ station: 'A', studentId: 'S001' }, caller);
    await h.photographed({ ticket: '0001A' }, caller);
    // photographed twice, counted once
    expect(await fees()).toEqual({ photographed: 2, paid: 1, notPhotographed: [['S003', '候拍']] });

    const csv = Buffer.from((await h.exportFile({ kind: 'attendance-csv' }, admin)).base64, 'base64').toString('utf8').slice(1);
    const rows = csv.trimEnd().split('\r\n').map((l) => l.split(','));
    expect(rows[0]).toEqual(['学号', '姓名', '学院', '号牌', '签到时间', '状态', '缴费', '本人确认', '补拍']);
    const byId = (sid: string) => rows.filter((r) => r[0] === sid).map((r) => [r[3], r[5], r[6], r[7], r[8]]);
    expect(byId('S001')).toEqual([['0001A', 'photographed', 'paid', '是（学号）', '1']]);
    expect(byId('S002')).toEqual([['0002A', 'photographed', 'unpaid', '否', '0']]);
    expect(byId('S003')).toEqual([['0003A', 'waiting', 'unpaid', '', '0']]);
    expect(byId('S004')).toEqual([['', 'absent', '', '', '']]);
    expect((await h.getDisplay({}, caller)).colleges.find((c) => c.college === '理学院')).toMatchObject({ checkedIn: 3, photographed: 2 });

    // the sign-in sheet, read back with pdftotext: one row for 0001A
    const pdfFile = join(tmpDir('sq-confirm-'), 'sheet.pdf');
    writeFileSync(pdfFile, Buffer.from((await h.exportFile({ kind: 'signin-sheet' }, admin)).base64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
    expect(text.match(/0001A/g)).toHaveLength(1);
    expect(text).toMatch(/已签到 3\s+已拍摄 2/);
  });
});
