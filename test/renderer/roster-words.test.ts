// Roster rows are worded in Chinese from their code and parameters, for every code core can give.
import { describe, expect, it } from 'vitest';
import { rosterRowText } from '../../src/renderer/lib/roster-words.js';
import { zhCN } from '../../src/renderer/i18n/zh-CN.js';
import { ROSTER_FIELDS, ROSTER_ROW_CODES } from '../../src/shared/roster.js';

describe('roster row words', () => {
  it('every row code and every field has Chinese text', () => {
    for (const code of ROSTER_ROW_CODES) expect(typeof (zhCN.admin.roster.rows as Record<string, unknown>)[code], code).toBe('string');
    for (const f of ROSTER_FIELDS) expect(typeof (zhCN.admin.roster.fields as Record<string, unknown>)[f], f).toBe('string');
  });

  it('words the parameters, not the English reason', () => {
    expect(rosterRowText({ row: 59, code: 'missing-field', field: 'studentId', reason: '学号 is empty' })).toBe('第 59 行：缺少学号');
    expect(rosterRowText({ row: 7, code: 'duplicate-student-id', studentId: '2019001', firstRow: 3, reason: 'x' })).toBe('第 7 行：学号 2019001 与第 3 行重复');
    const shifted = rosterRowText({ row: 12, code: 'field-count', expected: 6, found: 5, reason: 'the row has 5 fields' });
    expect(shifted).toMatch(/^第 12 行：有 5 列，表头有 6 列/);
    for (const code of ROSTER_ROW_CODES) {
      const text = rosterRowText({ row: 1, code, field: 'name', value: 'v', studentId: 's', firstRow: 1, expected: 1, found: 2, masked: 'm', reason: 'English' } as never);
      expect(text, code).not.toMatch(/[a-z]{3,}|\{\{/);
    }
  });
});

describe('roster and export errors', () => {
  it('have Chinese words naming the file or college from their details', async () => {
    const { default: i18next } = await import('../../src/renderer/i18n/index.js');
    for (const code of ['unknown-encoding', 'bad-workbook', 'empty-roster', 'missing-column', 'unknown-college']) {
      expect(i18next.exists(`errors.${code}`), code).toBe(true);
    }
    expect(i18next.t('errors.missing-column', { file: '名单.csv' })).toMatch(/^名单\.csv 缺少必填的列/);
    expect(i18next.t('errors.unknown-college', { college: '理学' })).toBe('名单里没有“理学”这个学院');
  });
});
