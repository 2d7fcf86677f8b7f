// Errors reach the screen in Chinese, worded from their code and details: core's
// real errors (a bad schedule, a bad request, a station with tickets, a bad
// printer target) are raised here and worded as the admin page words them.
import { describe, expect, it } from 'vitest';
import { openKiosk } from '../../src/core/kiosk.js';
import { parseEventFile } from '../../src/core/events.js';
import { ApiError } from '../../src/shared/contract.js';
import { errorBodyOf, isAppError, type AppError } from '../../src/shared/errors.js';
import { describeError } from '../../src/renderer/lib/errors.js';
import { issueText, issueWords } from '../../src/renderer/lib/issue-words.js';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { SEED_EVENT, client, failure, tmpDbFile } from '../core/helpers.js';

/** As the renderer receives it from either transport. */
const received = (e: AppError) => new ApiError(errorBodyOf(e));
const words = (e: unknown) => {
  if (!isAppError(e)) throw e;
  return describeError(received(e));
};
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a failure');
};

describe('error words', () => {
  it('no catalogue error text shows the English {{message}}, except the fallback for unknown codes', () => {
    const withMessage = Object.entries(zhCN.errors).filter(([, text]) => text.includes('{{message}}')).map(([code]) => code);
    expect(withMessage).toEqual(['unknown']);
  });

  it('words a schedule with a bad time at its field: 第 2 个时段：开始时间格式应为 时:分', () => {
    const bad = structuredClone(SEED_EVENT) as unknown as { slots: { start: string }[] };
    bad.slots[1]!.start = '9点半';
    const text = words(thrown(() => parseEventFile(bad)));
    expect(text).toBe('活动安排有误：第 2 个时段：开始时间格式应为 时:分，如 09:00');
  });

  it('words each rule of the schedule with its parameters', () => {
    const unknown = structuredClone(SEED_EVENT);
    unknown.slots[2]!.station = 'Z';
    expect(words(thrown(() => parseEventFile(unknown)))).toBe('活动安排有误：第 3 个时段：本次活动没有 Z 号拍摄点（现有 A、B）');
    const overlap = structuredClone(SEED_EVENT);
    overlap.slots[1]!.start = '10:00';
    expect(words(thrown(() => parseEventFile(overlap)))).toBe(
      '活动安排有误：第 2 个时段：与第 1 个时段（纺织科学与工程学院（国际丝绸学院） 09:00–10:30）在 A 号拍摄点的时间部分重叠：同一拍摄点的时段要么错开，要么开始和结束时间完全相同（几个学院共用）',
    );
    const backwards = structuredClone(SEED_EVENT);
    backwards.slots[0]!.end = '08:00';
    expect(words(thrown(() => parseEventFile(backwards)))).toBe('活动安排有误：第 1 个时段：结束时间 08:00 应晚于开始时间 09:00');
    const twice = structuredClone(SEED_EVENT);
    twice.stations.push({ code: 'A', room: '7-120' });
    expect(words(thrown(() => parseEventFile(twice)))).toBe('活动安排有误：第 3 个拍摄点：A 号拍摄点列了两次');
  });

  it('words every problem of a request that fails its schema, in Chinese', async () => {
    const kiosk = await openKiosk({ dbFile: tmpDbFile(), reader: 'none', printer: 'none' });
    try {
      const api = client(kiosk);
      const noName = { ...structuredClone(SEED_EVENT), name: ' ', date: '2020/12/21', stations: [] };
      const e = await failure(api.importEvent(noName as never, { actor: 'admin', pin: '1234' }));
      expect(e.code).toBe('bad-request');
      expect(describeError(received(e))).toBe('发送的内容有误：活动名称没有填写；拍摄日期格式应为 年-月-日，如 2020-12-21；至少要有 1 个拍摄点');
      const paper = await failure(api.updateSettings({ paperWidth: 70 } as never, { actor: 'admin', pin: '1234' }));
      expect(describeError(received(paper))).toBe('发送的内容有误：纸宽只能是 58、80');
      const printer = await failure(api.updateSettings({ printerTarget: 'lpt1' }, { actor: 'admin', pin: '1234' }));
      expect(printer.code).toBe('bad-printer');
      expect(describeError(received(printer))).toMatch(/^打印机地址“lpt1”用不了/);
      const reader = await failure(api.updateSettings({ readerTarget: 'serial:/dev/ttyUSB0?baud=1234' }, { actor: 'admin', pin: '1234' }));
      expect(describeError(received(reader))).toMatch(/^读卡器地址“serial:\/dev\/ttyUSB0\?baud=1234”用不了/);
    } finally {
      await kiosk.close();
    }
  });

  it('words a roster without its required columns by their Chinese names', () => {
    const e = new ApiError({ error: 'missing-column', message: 'x', file: '名单.csv', missing: ['studentId', 'college'], found: ['姓名'] });
    expect(describeError(e)).toBe('名单.csv 缺少必填的列：学号、学院。请对照名单模板检查列名行');
  });

  it('words a station that issued tickets and a JSON file that does not parse', () => {
    expect(describeError(new ApiError({ error: 'station-has-tickets', message: 'x', station: 'B', tickets: 3, event: 'e' }))).toBe(
      'B 号拍摄点已经发出 3 个号，不能从活动中删除：请保留这个拍摄点（可以不给它排时段）',
    );
    expect(describeError(new ApiError({ error: 'bad-json', message: 'x', file: 'event.json', line: 3, column: 5 }))).toMatch(/^event\.json 不是有效的 JSON 文件（第 3 行第 5 列附近）/);
  });

  it('leaves no English and no placeholder in any error worded from empty details', () => {
    for (const code of Object.keys(zhCN.errors)) {
      if (code === 'unknown') continue;
      const text = describeError(new ApiError({ error: code, message: 'English words here' }));
      expect(text, code).not.toMatch(/English|\{\{|undefined|null/);
      expect(text, code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('words an issue of a field the catalogue does not know without inventing a name', () => {
    expect(issueWords({ path: ['mystery'], issue: 'required' })).toBe('有一项没有填写');
    expect(issueText({ path: ['slots', 0, 'colleges', 1], issue: 'required' })).toBe('第 1 个时段 第 2 个学院：学院没有填写');
    expect(issueText({ path: [], issue: 'unknown-key', keys: ['y'] })).toBe('有不认识的项：y');
  });
});
