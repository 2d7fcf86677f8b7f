// Small pieces of the admin tabs, rendered or called without a browser.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import '../../src/renderer/i18n/index.js';
import { ProgressBar } from '../../src/renderer/screens/admin/Progress.js';
import { columnLetter } from '../../src/renderer/screens/admin/RosterTab.js';
import { choiceLabel, stateWords } from '../../src/renderer/screens/admin/SettingsTab.js';
import { totals } from '../../src/renderer/screens/admin/StatsTab.js';

describe('admin pieces', () => {
  it('a progress bar says rows done of total, and is indeterminate before the first event', () => {
    const html = renderToStaticMarkup(createElement(ProgressBar, { label: '正在导入 名单.csv…', progress: { done: 12000, total: 50000 }, unit: 'rows' }));
    expect(html).toContain('12000 / 50000 行（24%）');
    expect(html).toMatch(/<progress[^>]*value="12000"[^>]*max="50000"/);
    const waiting = renderToStaticMarkup(createElement(ProgressBar, { label: '正在读取…', progress: null, unit: 'rows' }));
    expect(waiting).not.toContain('value=');
    expect(waiting).toContain('正在读取…');
  });

  it('names spreadsheet columns as Excel does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('words found devices and device states from the catalogue', () => {
    expect(choiceLabel({ target: 'serial:COM3?baud=115200', kind: 'serial', name: 'COM3', maker: 'wch.cn', chip: 'CH340', likely: true })).toBe('串口 COM3（CH340 · wch.cn）');
    expect(choiceLabel({ target: 'spooler:XP-80C', kind: 'system', name: 'XP-80C', maker: null, chip: null, likely: true })).toBe('系统打印机 XP-80C');
    expect(stateWords({ state: 'paper-out', message: 'paper out (tcp://…)', target: 'tcp://10.0.0.7:9100' })).toBe('缺纸');
    expect(stateWords({ state: 'something-new' as never, message: '', target: '' })).toBe('状态未知');
    expect(stateWords(null)).toBe('状态未知');
  });

  it('adds up the colleges for the totals', () => {
    const c = (absent: number) => ({ college: 'x', onRoster: 3, checkedIn: 2, photographed: 1, exempt: 1, absent });
    expect(totals([c(0), c(2)])).toEqual({ onRoster: 6, checkedIn: 4, photographed: 2, exempt: 2, absent: 2 });
  });
});
