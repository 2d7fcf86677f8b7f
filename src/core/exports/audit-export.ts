// The audit log: every check-in, duplicate, reprint, call, no-show, recall and undo.
import type { Db } from '../../db/connection.js';
import { localDateTime } from './data.js';
import type { Table } from './tabular.js';

export function auditTable(db: Db, eventId: number): Table {
  const rows = db
    .prepare('SELECT at, actor, action, ticket, student_id, detail FROM audit WHERE event_id = ? OR event_id IS NULL ORDER BY id')
    .all(eventId) as { at: string; actor: string; action: string; ticket: string | null; student_id: string | null; detail: string | null }[];
  return {
    header: ['时间', '操作者', '操作', '号牌', '学号', '详情'],
    rows: rows.map((r) => [localDateTime(r.at), r.actor, r.action, r.ticket ?? '', r.student_id ?? '', r.detail ?? '']),
  };
}
