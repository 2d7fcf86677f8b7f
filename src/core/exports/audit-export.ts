// The audit log: every check-in, duplicate, reprint, call, no-show, recall,
// undo, confirm at the camera and retake; 说明 says each in words, so a
// secretary chasing a photo filed under the wrong student reads who sat down.
import type { Db } from '../../db/connection.js';
import { localDateTime } from './data.js';
import type { Table } from './tabular.js';

const ACTION_WORDS: Record<string, string> = {
  'check-in': '签到',
  duplicate: '重复签到',
  'not-on-roster': '不在名单',
  'walk-in': '现场登记',
  'name-mismatch': '证件姓名与名单不符',
  'matched-by-name': '按姓名匹配名单',
  reprint: '补打号票',
  call: '叫号',
  'repeat-call': '重呼',
  photographed: '拍摄完成',
  'no-show': '过号',
  recall: '重新叫号',
  cancel: '撤销签到',
  sign: '签名',
  fee: '缴费状态',
  retake: '需重拍（补拍）',
  settings: '修改设置',
};

const METHOD_WORDS: Record<string, string> = { card: '刷证', wedge: '刷证', manual: '学号', scan: '扫码' };

function parseDetail(json: string | null): Record<string, unknown> {
  try {
    const v: unknown = json === null ? null : JSON.parse(json);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** 说明: the action in words; a confirm with its verdict, a retake with its reason. */
export function describeAudit(action: string, detail: Record<string, unknown>): string {
  if (action === 'confirm') {
    const how = METHOD_WORDS[text(detail.method)] ?? '';
    const via = how ? `（${how}）` : '';
    if (detail.result === 'match') return `本人确认：是本人${via}`;
    if (detail.result === 'nobody-called') return `本人确认：当时没有叫号${via}`;
    const who = text(detail.presented) ? `这是 ${text(detail.presented)} 的同学` : '此人没有号牌';
    return `本人确认：不是本人，${who}，当前叫的是 ${text(detail.called)}${via}`;
  }
  if (action === 'retake') return `需重拍（补拍）${text(detail.reason) ? `：${text(detail.reason)}` : ''}`;
  if (action === 'photographed' && detail.confirmed === false) return '拍摄完成（未核对本人）';
  return ACTION_WORDS[action] ?? action;
}

export function auditTable(db: Db, eventId: number): Table {
  const rows = db
    .prepare('SELECT at, actor, action, ticket, student_id, detail FROM audit WHERE event_id = ? OR event_id IS NULL ORDER BY id')
    .all(eventId) as { at: string; actor: string; action: string; ticket: string | null; student_id: string | null; detail: string | null }[];
  return {
    header: ['时间', '操作者', '操作', '号牌', '学号', '详情', '说明'],
    rows: rows.map((r) => [
      localDateTime(r.at),
      r.actor,
      r.action,
      r.ticket ?? '',
      r.student_id ?? '',
      r.detail ?? '',
      describeAudit(r.action, parseDetail(r.detail)),
    ]),
  };
}
